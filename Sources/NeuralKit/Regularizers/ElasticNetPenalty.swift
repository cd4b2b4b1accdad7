/// The elastic-net penalty: an L1 and an L2 penalty together, which selects features like the
/// lasso while sharing weight among correlated ones like ridge.
///
/// ```
/// R(w)     = λ₁ · Σₖ |wₖ|  +  (λ₂/2) · Σₖ wₖ²
/// ∂R/∂wₖ   = λ₁ · sign(wₖ) + λ₂ · wₖ,      sign(0) = 0
/// ```
///
/// It is exactly `L1Penalty(strength: λ₁)` plus `L2Penalty(strength: λ₂)` (same conventions).
///
/// ### References
/// Zou & Hastie, "Regularization and variable selection via the elastic net", 2005.
public struct ElasticNetPenalty: Sendable {
    /// λ₁ ≥ 0.
    public let l1Strength: Double
    /// λ₂ ≥ 0.
    public let l2Strength: Double
    public let selection: ParameterSelection

    public init(l1: Double, l2: Double, appliesTo selection: ParameterSelection = .weightsOnly) throws {
        try validate(l1, named: "l1", in: "ElasticNetPenalty", atLeast: 0)
        try validate(l2, named: "l2", in: "ElasticNetPenalty", atLeast: 0)
        self.l1Strength = l1
        self.l2Strength = l2
        self.selection = selection
    }

    public func value<Scalar>(of parameters: [Parameter<Scalar>]) -> Scalar {
        var absoluteTotal = 0.0
        var squaredTotal = 0.0
        for parameter in parameters where selection.includes(parameter) {
            absoluteTotal += Double(sumOfAbsoluteValues(parameter.value))
            squaredTotal += Double(parameter.value.sumOfSquares())
        }
        return Scalar(l1Strength * absoluteTotal + l2Strength / 2 * squaredTotal)
    }

    public func addGradient<Scalar>(to parameters: [Parameter<Scalar>]) {
        for parameter in parameters where selection.includes(parameter) {
            addScaledSign(of: parameter.value, scaledBy: Scalar(l1Strength), to: &parameter.gradient)
            parameter.gradient.add(parameter.value, scaledBy: Scalar(l2Strength))
        }
    }
}

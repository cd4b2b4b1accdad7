/// The L2 (ridge, Tikhonov) penalty `(λ/2)·Σw²`, added to the loss to keep weights small.
///
/// ```
/// R(w)     = (λ/2) · Σₖ wₖ²
/// ∂R/∂wₖ   = λ · wₖ
/// ```
///
/// Convention: the ½ makes the gradient exactly `λ·w`, so adding this penalty to the loss is the
/// same as `SGD(weightDecay: λ)` (and `Adam(weightDecay: λ)`), which add `λ·w` to the gradient
/// (on the same parameters: use parameter groups to match `appliesTo:`). It is *not* the same as
/// `AdamW`'s decoupled decay.
public struct L2Penalty: Sendable {
    /// λ ≥ 0.
    public let strength: Double
    /// Weights only (the default) or every parameter.
    public let selection: ParameterSelection

    public init(strength: Double, appliesTo selection: ParameterSelection = .weightsOnly) throws {
        try validate(strength, named: "strength", in: "L2Penalty", atLeast: 0)
        self.strength = strength
        self.selection = selection
    }

    /// `(λ/2)·Σw²` over the selected parameters.
    public func value<Scalar>(of parameters: [Parameter<Scalar>]) -> Scalar {
        var total = 0.0
        for parameter in parameters where selection.includes(parameter) {
            total += Double(parameter.value.sumOfSquares())
        }
        return Scalar(strength / 2 * total)
    }

    /// Adds `λ·w` to the gradient of each selected parameter.
    public func addGradient<Scalar>(to parameters: [Parameter<Scalar>]) {
        for parameter in parameters where selection.includes(parameter) {
            parameter.gradient.add(parameter.value, scaledBy: Scalar(strength))
        }
    }
}

import Preconditions

/// The proximal (soft-threshold) step for an L1 penalty, applied to the weights after each
/// optimiser step (proximal gradient descent, ISTA).
///
/// ```
/// w ← sign(w) · max(|w| − η·λ, 0)
/// ```
///
/// Every weight within `η·λ` of zero becomes exactly zero, which a subgradient step on
/// `L1Penalty` almost never achieves: this is how L1 gives truly sparse weights. Use it *instead
/// of* adding `L1Penalty`'s gradient, with `η` the optimiser's learning rate.
///
/// ### References
/// Parikh & Boyd, "Proximal Algorithms", Foundations and Trends in Optimization, 2014, §6.5.2.
public struct ProximalL1: Sendable {
    /// λ ≥ 0.
    public let strength: Double
    public let selection: ParameterSelection

    public init(strength: Double, appliesTo selection: ParameterSelection = .weightsOnly) throws {
        try validate(strength, named: "strength", in: "ProximalL1", atLeast: 0)
        self.strength = strength
        self.selection = selection
    }

    /// Soft-thresholds each selected parameter by `learningRate · strength`.
    public func apply<Scalar>(to parameters: [Parameter<Scalar>], learningRate: Double) {
        checkPrecondition(learningRate >= 0, "ProximalL1: learningRate = \(learningRate) must be ≥ 0")
        let threshold = Scalar(learningRate * strength)
        for parameter in parameters where selection.includes(parameter) {
            softThreshold(&parameter.value, by: threshold)
        }
    }
}

/// `w ← sign(w)·max(|w| − τ, 0)`, element-wise.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func softThreshold<Scalar: TensorScalar>(_ w: inout Tensor<Scalar>, by threshold: Scalar) {
    let count = w.count
    guard count > 0 else { return }
    w.withUnsafeMutableBufferPointer { valueBuffer in
        let w = valueBuffer.baseAddress!  // a plain pointer, so the loop vectorises
        for k in 0..<count {
            let shrunk = abs(w[k]) - threshold
            w[k] = shrunk > 0 ? (w[k] > 0 ? shrunk : -shrunk) : 0
        }
    }
}

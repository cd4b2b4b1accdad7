import Preconditions

/// Binary cross-entropy of logits `x` against targets `y ∈ [0, 1]`, averaged over every element,
/// as PyTorch's `nn.BCEWithLogitsLoss()`.
///
/// The sigmoid and the logarithm are fused into a form that never overflows:
///
/// ```
/// ℓ(x, y) = −[y·log σ(x) + (1 − y)·log(1 − σ(x))]
///         = max(x, 0) − x·y + log(1 + exp(−|x|))
/// L       = (1/n) Σₖ ℓ(xₖ, yₖ)
/// ∂L/∂xₖ  = (σ(xₖ) − yₖ) / n
/// ```
public struct BinaryCrossEntropyWithLogitsLoss: Sendable {
    public init() {}

    /// The loss of `logits` (x) against `targets` (y, same shape, values in [0, 1]).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func callAsFunction<Scalar: TensorScalar>(
        _ logits: Tensor<Scalar>, _ targets: Tensor<Scalar>
    ) -> LossResult<Scalar> {
        checkPrecondition(
            logits.shape == targets.shape,
            "BinaryCrossEntropyWithLogitsLoss: logits \(logits.shape) and targets \(targets.shape) must have the same shape")
        let n = logits.count
        checkPrecondition(n > 0, "BinaryCrossEntropyWithLogitsLoss: the logits are empty (\(logits.shape))")
        let inverseCount = 1 / Scalar(n)
        var gradient = logits
        var total = 0.0
        gradient.withUnsafeMutableBufferPointer { gradientBuffer in
            targets.withUnsafeBufferPointer { y in
                let buffer = gradientBuffer.baseAddress!
                for k in 0..<n {
                    let x = buffer[k]
                    let loss = max(x, 0) - x * y[k] + Scalar.log(1 + Scalar.exp(-abs(x)))
                    total += Double(loss)
                    // σ(x), computed without overflow on either side.
                    let sigmoid: Scalar
                    if x >= 0 {
                        sigmoid = 1 / (1 + Scalar.exp(-x))
                    } else {
                        let e = Scalar.exp(x)
                        sigmoid = e / (1 + e)
                    }
                    buffer[k] = (sigmoid - y[k]) * inverseCount
                }
            }
        }
        return LossResult(value: Scalar(total / Double(n)), gradient: gradient)
    }
}

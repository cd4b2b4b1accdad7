import Preconditions

/// Mean squared error, averaged over every element (PyTorch's `nn.MSELoss()`).
///
/// ```
/// L      = (1/n) Σₖ (ŷₖ − yₖ)²          n = rows × columns
/// ∂L/∂ŷₖ = (2/n) (ŷₖ − yₖ)
/// ```
public struct MSELoss: Sendable {
    public init() {}

    /// The loss of `prediction` (ŷ) against `target` (y), which must have the same shape.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func callAsFunction<Scalar: TensorScalar>(
        _ prediction: Tensor<Scalar>, _ target: Tensor<Scalar>
    ) -> LossResult<Scalar> {
        checkPrecondition(
            prediction.shape == target.shape,
            "MSELoss: prediction \(prediction.shape) and target \(target.shape) must have the same shape")
        let n = prediction.count
        checkPrecondition(n > 0, "MSELoss: the prediction is empty (\(prediction.shape))")
        var gradient = prediction
        var sumOfSquares = 0.0  // accumulated in Double: a long sum of small terms
        let gradientScale = 2 / Scalar(n)
        gradient.withUnsafeMutableBufferPointer { gradientBuffer in
            target.withUnsafeBufferPointer { y in
                let g = gradientBuffer.baseAddress!  // a plain pointer, so the loop vectorises
                for k in 0..<n {
                    let difference = g[k] - y[k]
                    sumOfSquares += Double(difference * difference)
                    g[k] = gradientScale * difference
                }
            }
        }
        return LossResult(value: Scalar(sumOfSquares / Double(n)), gradient: gradient)
    }
}

import Preconditions

/// The Gaussian error linear unit in its exact form, PyTorch's default `torch.nn.GELU()`
/// (not the tanh approximation).
///
/// ```
/// forward:   y = x · Φ(x) = ½ x (1 + erf(x / √2))   (evaluated as PyTorch does: (x·½)·(1 + erf(x·(1/√2))))
/// backward:  ∂L/∂x = ∂L/∂y · (Φ(x) + x · φ(x)),   φ(x) = e^(−x²/2) / √(2π)
/// ```
///
/// ### References
/// - D. Hendrycks, K. Gimpel, "Gaussian Error Linear Units (GELUs)", arXiv:1606.08415, 2016.
public final class GELU<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public var phase: LearningPhase = .training
    private var input: Tensor<Scalar>?

    public init() {}

    public var description: String { "GELU" }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let inverseSquareRootOfTwo = 1 / Scalar(2).squareRoot()
        var output = Tensor<Scalar>.uninitialized(like: input)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                for i in x.indices {
                    y[i] = x[i] * 0.5 * (1 + Scalar.erf(x[i] * inverseSquareRootOfTwo))
                }
            }
        }
        self.input = input
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let input else { failPrecondition("GELU: backward called before forward") }
        checkPrecondition(
            outputGradient.shape == input.shape,
            "GELU: output gradient has shape \(outputGradient.shape), expected \(input.shape) (the output of the last forward)")
        let inverseSquareRootOfTwo = 1 / Scalar(2).squareRoot()
        let inverseSquareRootOfTwoPi = 1 / (2 * Scalar.pi).squareRoot()
        var inputGradient = Tensor<Scalar>.uninitialized(like: input)
        input.withUnsafeBufferPointer { x in
            outputGradient.withUnsafeBufferPointer { dy in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    for i in x.indices {
                        let cdf = (1 + Scalar.erf(x[i] * inverseSquareRootOfTwo)) / 2
                        let density = Scalar.exp(-x[i] * x[i] / 2) * inverseSquareRootOfTwoPi
                        dx[i] = dy[i] * (cdf + x[i] * density)
                    }
                }
            }
        }
        return inputGradient
    }
}

import Preconditions

/// The logistic sigmoid, `torch.nn.Sigmoid`.
///
/// ```
/// forward:   y = σ(x) = 1 / (1 + e^(−x))
/// backward:  ∂L/∂x = ∂L/∂y · y · (1 − y)
/// ```
/// For very negative x, e^(−x) overflows to +∞ and y becomes exactly 0, which is the right limit.
public final class Sigmoid<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public var phase: LearningPhase = .training
    private var output: Tensor<Scalar>?

    public init() {}

    public var description: String { "Sigmoid" }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        var output = Tensor<Scalar>.uninitialized(like: input)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                for i in x.indices { y[i] = 1 / (1 + Scalar.exp(-x[i])) }
            }
        }
        self.output = output
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let output else { failPrecondition("Sigmoid: backward called before forward") }
        checkPrecondition(
            outputGradient.shape == output.shape,
            "Sigmoid: output gradient has shape \(outputGradient.shape), expected \(output.shape) (the output of the last forward)")
        var inputGradient = Tensor<Scalar>.uninitialized(like: output)
        output.withUnsafeBufferPointer { y in
            outputGradient.withUnsafeBufferPointer { dy in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    for i in y.indices { dx[i] = dy[i] * y[i] * (1 - y[i]) }
                }
            }
        }
        return inputGradient
    }
}

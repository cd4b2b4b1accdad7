import Preconditions

/// The hyperbolic tangent, `torch.nn.Tanh`.
///
/// ```
/// forward:   y = tanh(x)
/// backward:  ∂L/∂x = ∂L/∂y · (1 − y²)
/// ```
public final class Tanh<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public var phase: LearningPhase = .training
    private var output: Tensor<Scalar>?

    public init() {}

    public var description: String { "Tanh" }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        var output = Tensor<Scalar>.uninitialized(like: input)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                for i in x.indices { y[i] = Scalar.tanh(x[i]) }
            }
        }
        self.output = output
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let output else { failPrecondition("Tanh: backward called before forward") }
        checkPrecondition(
            outputGradient.shape == output.shape,
            "Tanh: output gradient has shape \(outputGradient.shape), expected \(output.shape) (the output of the last forward)")
        var inputGradient = Tensor<Scalar>.uninitialized(like: output)
        output.withUnsafeBufferPointer { y in
            outputGradient.withUnsafeBufferPointer { dy in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    for i in y.indices { dx[i] = dy[i] * (1 - y[i] * y[i]) }
                }
            }
        }
        return inputGradient
    }
}

import Preconditions

/// The rectified linear unit, `torch.nn.ReLU`.
///
/// ```
/// forward:   y = max(0, x)
/// backward:  ∂L/∂x = ∂L/∂y · [y > 0]
/// ```
/// At x = 0 the derivative is taken as 0, as in PyTorch. NaN passes through unchanged, so a
/// diverging run stays visible instead of being silently zeroed.
public final class ReLU<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public var phase: LearningPhase = .training
    /// The output of the last `forward`; its sign pattern is the derivative.
    private var output: Tensor<Scalar>?

    public init() {}

    public var description: String { "ReLU" }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        var output = Tensor<Scalar>.uninitialized(like: input)
        input.withUnsafeBufferPointer { x in
            output.withUnsafeMutableBufferPointer { y in
                for i in x.indices { y[i] = x[i] < 0 ? 0 : x[i] }
            }
        }
        self.output = output
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let output else { failPrecondition("ReLU: backward called before forward") }
        checkPrecondition(
            outputGradient.shape == output.shape,
            "ReLU: output gradient has shape \(outputGradient.shape), expected \(output.shape) (the output of the last forward)")
        var inputGradient = Tensor<Scalar>.uninitialized(like: output)
        output.withUnsafeBufferPointer { y in
            outputGradient.withUnsafeBufferPointer { dy in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    for i in y.indices {
                        // Load unconditionally so the compiler emits a select, not a branch that
                        // mispredicts on every random sign.
                        let gradient = dy[i]
                        dx[i] = y[i] > 0 ? gradient : 0
                    }
                }
            }
        }
        return inputGradient
    }
}

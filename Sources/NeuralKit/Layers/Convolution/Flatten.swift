import Preconditions

/// `torch.nn.Flatten()`: [N, C, H, W] → [N, C·H·W]. The scalars do not move (an image batch is
/// already N rows of C·H·W in PyTorch's order); only the geometry is dropped, and `backward` gives
/// it back to the gradient.
public final class Flatten<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public var phase: LearningPhase = .training
    private var inputShape: ImageShape??

    public init() {}

    public var description: String { "Flatten" }

    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        inputShape = .some(input.imageShape)
        return input.flattened
    }

    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let inputShape else { failPrecondition("\(self): backward called before forward") }
        guard let shape = inputShape else { return outputGradient }
        checkPrecondition(
            outputGradient.columns == shape.count,
            "\(self): output gradient has shape \(outputGradient.dimensionsDescription), expected rows of \(shape.count) scalars (the flattened \(shape))")
        return outputGradient.asImages(shape)
    }
}

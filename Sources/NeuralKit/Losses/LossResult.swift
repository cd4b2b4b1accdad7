/// What a loss returns: the batch loss `L` and its gradient `∂L/∂prediction`, which is the
/// `outputGradient` handed to the network's `backward`.
///
/// Every loss in NeuralKit uses PyTorch's default mean reduction, so `gradient` already carries
/// the `1/N` of the mean.
public struct LossResult<Scalar: TensorScalar> {
    /// The loss of the batch (a mean over its examples).
    public var value: Scalar
    /// `∂L/∂prediction`, the same shape as the prediction.
    public var gradient: Tensor<Scalar>

    public init(value: Scalar, gradient: Tensor<Scalar>) {
        self.value = value
        self.gradient = gradient
    }
}

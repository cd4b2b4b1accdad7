import Preconditions

/// A copy of a network's whole state, every parameter **and** every buffer (BatchNorm's running
/// mean, variance and batch count), taken at one moment so that it can be put back later:
/// the "best weights" of early stopping.
///
/// Restoring only the parameters would pair the best weights with the running statistics of a
/// later epoch, and the network would evaluate differently from the one that scored best.
public struct NetworkSnapshot<Scalar: TensorScalar>: Sendable {
    /// Parameter values by state-dict name, in the network's order.
    public let parameters: [(name: String, value: Tensor<Scalar>)]
    /// Buffer values by state-dict name, in the network's order.
    public let buffers: [(name: String, value: Tensor<Scalar>)]

    /// Copies the current values out of `network`.
    public init(of network: some Layer<Scalar>) {
        parameters = network.namedParameters.map { ($0.name, $0.parameter.value) }
        buffers = network.namedBuffers.map { ($0.name, $0.buffer.value) }
    }

    /// Writes the saved values back into `network`, which must be the same network (or one of
    /// the same architecture).
    public func restore(into network: some Layer<Scalar>) {
        let namedParameters = network.namedParameters
        let namedBuffers = network.namedBuffers
        checkPrecondition(
            namedParameters.map(\.name) == parameters.map(\.name) && namedBuffers.map(\.name) == buffers.map(\.name),
            "NetworkSnapshot.restore: the network's parameters and buffers differ from the snapshot's; restore into the network it was taken from")
        for (saved, target) in zip(parameters, namedParameters) {
            checkPrecondition(
                saved.value.shape == target.parameter.value.shape,
                "NetworkSnapshot.restore: '\(saved.name)' has shape \(target.parameter.value.shape), the snapshot \(saved.value.shape)")
            target.parameter.value = saved.value
        }
        for (saved, target) in zip(buffers, namedBuffers) {
            checkPrecondition(
                saved.value.shape == target.buffer.value.shape,
                "NetworkSnapshot.restore: '\(saved.name)' has shape \(target.buffer.value.shape), the snapshot \(saved.value.shape)")
            target.buffer.value = saved.value
        }
    }
}

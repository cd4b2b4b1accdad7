@testable import NeuralKit

/// A stand-in network with every kind of state a checkpoint holds: a weight matrix, a bias row,
/// a normalisation parameter, a float buffer and an integer counter, under PyTorch-style names.
final class CheckpointTestNetwork<Scalar: TensorScalar>: Layer {
    var phase: LearningPhase = .training
    let weight: Parameter<Scalar>
    let bias: Parameter<Scalar>
    let scale: Parameter<Scalar>
    let runningMean: Buffer<Scalar>
    let batchCount: Buffer<Scalar>

    init(inputs: Int = 3, outputs: Int = 2, seed: UInt64) {
        var generator = RandomGenerator(seed: seed)
        weight = Parameter(.uniform(rows: outputs, columns: inputs, in: -1..<1, using: &generator), role: .weight)
        bias = Parameter(.uniform(rows: 1, columns: outputs, in: -1..<1, using: &generator), role: .bias)
        scale = Parameter(.uniform(rows: 1, columns: outputs, in: 0..<2, using: &generator), role: .normalization)
        runningMean = Buffer(.uniform(rows: 1, columns: outputs, in: -1..<1, using: &generator))
        batchCount = Buffer(Tensor(rows: 1, columns: 1, repeating: Scalar(generator.integer(below: 1000))), isInteger: true)
    }

    func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> { input }
    func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> { outputGradient }

    var namedParameters: [(name: String, parameter: Parameter<Scalar>)] {
        [("0.weight", weight), ("0.bias", bias), ("1.weight", scale)]
    }

    var namedBuffers: [(name: String, buffer: Buffer<Scalar>)] {
        [("1.running_mean", runningMean), ("1.num_batches_tracked", batchCount)]
    }

    /// Every tensor of the network, in a fixed order, for comparisons.
    var state: [Tensor<Scalar>] {
        [weight.value, bias.value, scale.value, runningMean.value, batchCount.value]
    }
}

@testable import NeuralKit

/// Small networks for the training tests.
enum TrainingTestNetworks {
    /// inputs → hidden → hidden → classes, ReLU, optional dropout after each hidden layer.
    static func mlp(
        inputs: Int, hidden: Int, outputs: Int, dropout: Double = 0, seed: UInt64
    ) -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed)
        var layers: [any Layer<Float>] = []
        var width = inputs
        for index in 0..<2 {
            layers.append(Linear<Float>(inputSize: width, outputSize: hidden, generator: &generator))
            layers.append(ReLU<Float>())
            if dropout > 0 { layers.append(try! Dropout<Float>(probability: dropout, seed: seed &+ UInt64(index) &+ 100)) }
            width = hidden
        }
        layers.append(Linear<Float>(inputSize: width, outputSize: outputs, generator: &generator))
        return Sequential(layers)
    }
}

/// A layer with a running statistic, standing in for BatchNorm in the restore-best test: its
/// buffer counts the training-mode forward passes and remembers the last batch mean.
final class CountingLayer: Layer {
    var phase: LearningPhase = .training
    let runningMean = Buffer<Float>(Tensor(rows: 1, columns: 1))
    let passes = Buffer<Float>(Tensor(rows: 1, columns: 1), isInteger: true)

    func forward(_ input: Tensor<Float>) -> Tensor<Float> {
        if phase == .training {
            runningMean.value[0, 0] = input.mean()
            passes.value[0, 0] += 1
        }
        return input
    }

    func backward(_ outputGradient: Tensor<Float>) -> Tensor<Float> { outputGradient }

    var namedBuffers: [(name: String, buffer: Buffer<Float>)] {
        [("running_mean", runningMean), ("num_batches_tracked", passes)]
    }
}

import NeuralKit

/// One benchmark configuration of issue 2 ("It must be fast"): a network, an optimiser, a data
/// set and a batch size, trained with NeuralKit's `Trainer` exactly as a lesson would.
struct BenchConfiguration {
    /// "a" to "f".
    let name: String
    /// A one-line description for the table.
    let summary: String
    /// Timed epochs per run (as tools/bench_torch.py, so both sides do the same work).
    let epochs: Int
    /// Untimed warm-up epochs before the timed ones.
    let warmupEpochs: Int
    /// Builds a fresh network, optimiser and trainer (seeded), and the training data.
    let make: () throws -> (trainer: Trainer, data: Dataset)

    static let all = ["a", "b", "c", "d", "e", "f"]

    /// (a)–(c): throughput configurations. (d) is `LessonSizedRun`.
    static func throughput(_ name: String) throws -> BenchConfiguration {
        switch name {
        case "a":
            return BenchConfiguration(
                name: "a", summary: "digits 64-256-256-10, ReLU+Dropout(0.5), AdamW, batch 64",
                epochs: 30, warmupEpochs: 3
            ) {
                let network = digitsNetwork(seed: 0)
                let optimizer = try AdamW(parameters: network.parameters, learningRate: 1e-3, weightDecay: 1e-2)
                let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 64, seed: 1)
                return (trainer, try Digits.load())
            }
        case "b":
            return BenchConfiguration(
                name: "b", summary: "10k random, 784-512-256-128-10, Linear-BN-ReLU-Dropout(0.4), AdamW, batch 128",
                epochs: 3, warmupEpochs: 1
            ) {
                var generator = RandomGenerator(seed: 2)
                let features = Tensor<Float>.normal(rows: 10_000, columns: 784, using: &generator)
                let labels = (0..<10_000).map { _ in generator.integer(below: 10) }
                let network = try batchNormNetwork(seed: 0)
                let optimizer = try AdamW(parameters: network.parameters, learningRate: 1e-3, weightDecay: 1e-2)
                let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 128, seed: 1)
                return (trainer, Dataset(features: features, labels: labels, classCount: 10))
            }
        case "c":
            return BenchConfiguration(
                name: "c", summary: "1k two moons, 2-128-128-2, ReLU, SGD(0.1), batch 32",
                epochs: 60, warmupEpochs: 5
            ) {
                var generator = RandomGenerator(seed: 0)
                let moons = try Dataset.twoMoons(count: 1000, noise: 0.1, using: &generator)
                var initialization = RandomGenerator(seed: 0)
                let network = Sequential<Float>(
                    Linear(inputSize: 2, outputSize: 128, generator: &initialization), ReLU(),
                    Linear(inputSize: 128, outputSize: 128, generator: &initialization), ReLU(),
                    Linear(inputSize: 128, outputSize: 2, generator: &initialization))
                let optimizer = try SGD(parameters: network.parameters, learningRate: 0.1)
                let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 32, seed: 1)
                return (trainer, moons)
            }
        case "e":
            return BenchConfiguration(
                name: "e", summary: "digits as 1x8x8 images, the CNN lesson's network and settings, AdamW, batch 32",
                epochs: 10, warmupEpochs: 1
            ) {
                var data = try Digits.load()
                data.features = data.features.asImages(ImageShape(channels: 1, height: 8, width: 8))
                let network = lessonCNN(seed: 0)
                // lesson-cnn's defaults (CNNTraining): AdamW(η = 5e-3, λ = 1e-4), batch 32.
                let optimizer = try AdamW(parameters: network.parameters, learningRate: 5e-3, weightDecay: 1e-4)
                let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 32, seed: 1)
                return (trainer, data)
            }
        case "f":
            return BenchConfiguration(
                name: "f", summary: "1,024 random 1x28x28, conv3x3-32, conv3x3-64, maxpool 2, linear, SGD, batch 64",
                epochs: 2, warmupEpochs: 1
            ) {
                var generator = RandomGenerator(seed: 3)
                let shape = ImageShape(channels: 1, height: 28, width: 28)
                let features = Tensor<Float>.normal(rows: 1024, columns: shape.count, using: &generator).asImages(shape)
                let labels = (0..<1024).map { _ in generator.integer(below: 10) }
                var initialization = RandomGenerator(seed: 0)
                let network = Sequential<Float>(
                    Conv2d(inputChannels: 1, outputChannels: 32, kernelSize: 3, generator: &initialization), ReLU(),
                    Conv2d(inputChannels: 32, outputChannels: 64, kernelSize: 3, generator: &initialization), ReLU(),
                    MaxPool2d(kernelSize: 2), Flatten(),
                    Linear(inputSize: 64 * 12 * 12, outputSize: 10, generator: &initialization))
                let optimizer = try SGD(parameters: network.parameters, learningRate: 0.01)
                let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 64, seed: 1)
                return (trainer, Dataset(features: features, labels: labels, classCount: 10))
            }
        default:
            throw BenchError.unknownConfiguration(name)
        }
    }

    /// The model of (a) and (d): 64-256-256-10 with ReLU and Dropout(0.5) after each hidden layer.
    static func digitsNetwork(seed: UInt64) -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed)
        return Sequential<Float>(
            Linear(inputSize: 64, outputSize: 256, generator: &generator), ReLU(),
            try! Dropout(probability: 0.5, seed: seed &+ 1),
            Linear(inputSize: 256, outputSize: 256, generator: &generator), ReLU(),
            try! Dropout(probability: 0.5, seed: seed &+ 2),
            Linear(inputSize: 256, outputSize: 10, generator: &generator))
    }

    /// The model of (e), the CNN lesson's network on 8×8 digits (`CNNSetup.network` with its default
    /// channels and no dropout or BatchNorm): two conv 3×3 (padding 1) → ReLU → max-pool 2 blocks
    /// with 16 and 32 channels, then Linear(32·2·2 → 10); 6,090 parameters.
    static func lessonCNN(seed: UInt64) -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed)
        return Sequential<Float>(
            Conv2d(inputChannels: 1, outputChannels: 16, kernelSize: 3, padding: 1, generator: &generator), ReLU(),
            MaxPool2d(kernelSize: 2),
            Conv2d(inputChannels: 16, outputChannels: 32, kernelSize: 3, padding: 1, generator: &generator), ReLU(),
            MaxPool2d(kernelSize: 2), Flatten(),
            Linear(inputSize: 128, outputSize: 10, generator: &generator))
    }

    /// The model of (b): three Linear → BatchNorm1d → ReLU → Dropout(0.4) blocks, then Linear.
    static func batchNormNetwork(seed: UInt64) throws -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed)
        let network = Sequential<Float>()
        for (index, (inputs, outputs)) in [(784, 512), (512, 256), (256, 128)].enumerated() {
            network.append(Linear(inputSize: inputs, outputSize: outputs, generator: &generator))
            network.append(try BatchNorm1d(featureCount: outputs))
            network.append(ReLU())
            network.append(try Dropout(probability: 0.4, seed: seed &+ UInt64(index) &+ 1))
        }
        network.append(Linear(inputSize: 128, outputSize: 10, generator: &generator))
        return network
    }
}

enum BenchError: Error, CustomStringConvertible {
    case unknownConfiguration(String)
    case torchFailed(String)

    var description: String {
        switch self {
        case .unknownConfiguration(let name):
            return "unknown configuration '\(name)'; --configs takes a comma-separated subset of a,b,c,d"
        case .torchFailed(let reason):
            return "the PyTorch side failed: \(reason)"
        }
    }
}

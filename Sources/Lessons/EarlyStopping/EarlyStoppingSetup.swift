import NeuralKit

/// The shared setting of the early-stopping lesson: a wide network on a small digits subset with
/// a share of its training labels flipped, so that training long enough memorises the flipped
/// labels and the validation loss turns upwards.
public struct EarlyStoppingSetup: Sendable {
    public var seedCount = 4
    public var trainCount = 300
    public var validationCount = 500
    /// The size of the small validation set of the "noisy validation curve" pitfall (the first
    /// images of the validation set).
    public var smallValidationCount = 40
    /// The share of training labels flipped to a wrong class.
    public var labelNoise = 0.3
    public var sizes = [64, 128, 128, 10]
    /// The length of a run without early stopping ("trained to the end").
    public var epochs = 60
    public var batchSize = 32
    public var learningRate = 1e-3
    /// The patience of the main early-stopping runs.
    public var patience = 10
    public var seed: UInt64

    public init(seed: UInt64, quick: Bool) {
        self.seed = seed
        if quick {
            seedCount = 3
            validationCount = 300
            epochs = 45
            patience = 8
        }
    }

    /// The seeds of the repeated runs: seed, seed + 1, …
    public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }

    /// The configuration string every figure caption carries.
    public var captionConfiguration: String {
        "digits, \(trainCount) training images (\(Int((labelNoise * 100).rounded())) % labels flipped) / "
            + "\(validationCount) validation, MLP \(sizes.map(String.init).joined(separator: "-")), "
            + "Adam(η = \(learningRate)), batch \(batchSize), seeds \(seeds.first!)–\(seeds.last!)"
    }

    /// The number of weights and biases of the network.
    public var parameterCount: Int {
        zip(sizes, sizes.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
    }

    /// One seed's data: the noisy split and the flipped training images.
    public func data(seed: UInt64) throws -> SeedData {
        let noisy = try NoisyDigitsSplit(
            trainCount: trainCount, validationCount: validationCount, labelNoise: labelNoise, seed: seed)
        return SeedData(
            seed: seed, split: noisy.split, flipped: noisy.split.train.subset(noisy.flippedIndices),
            smallValidation: noisy.split.validation.subset(Array(0..<smallValidationCount)))
    }

    /// A fresh network and its Adam optimiser for `seed` (every experiment starts from the same
    /// initial weights for the same seed).
    func makeNetwork(seed: UInt64) throws -> (Sequential<Float>, Adam<Float>) {
        let network = try MultilayerPerceptron.make(sizes: sizes, dropout: 0, seed: seed)
        let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: learningRate)
        return (network, optimizer)
    }
}

/// One seed's data set.
public struct SeedData: Sendable {
    public let seed: UInt64
    public let split: DataSplit
    /// The training images whose labels were flipped, with their wrong labels.
    public let flipped: Dataset
    /// A small validation set (a prefix of `split.validation`).
    public let smallValidation: Dataset
}

/// The weights-only L2 norm ‖W‖₂ of a network (biases left out, as L2 penalties leave them out).
func weightNorm(of network: Sequential<Float>) throws -> Double {
    try WeightStatistics(of: network).totalL2Norm
}

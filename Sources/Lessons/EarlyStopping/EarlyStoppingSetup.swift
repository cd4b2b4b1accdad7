import NeuralKit
import Notebook
import NotebookDocument

/// The settings of the early-stopping lesson's first experiment, `overfit-run`, which every later
/// experiment reuses (its data, networks and patience): a wide network on a small digits subset
/// with a share of its training labels flipped, so that training long enough memorises the flipped
/// labels and the validation loss turns upwards.
public struct EarlyStoppingSetup: ExperimentSettings {
    /// Independent runs (each with its own subset, flipped labels and initial weights).
    public var runs = 5
    public var trainCount = 300
    public var validationCount = 500
    /// The size of each small validation set of the "noisy validation curve" pitfall: the
    /// validation set is cut into disjoint pieces of this size, each measured after every epoch.
    public var smallValidationCount = 40
    /// The share of training labels flipped to a wrong class.
    public var labelNoise = 0.3
    public var hidden = [128, 128]
    /// The length of a run without early stopping ("trained to the end"): long enough for the
    /// validation loss to climb clearly on every run, not only on those that overfit early.
    public var epochs = 100
    public var batchSize = 32
    public var learningRate = 1e-3
    /// The patience of the lesson's early-stopping rule (figure 1, the trainer's runs, the
    /// monitored-curve pitfall and the plateau runs).
    public var patience = 10

    public init(quick: Bool) {
        if quick {  // fewer runs and images, the same schedule: the quick run must show the same things
            runs = 4
            validationCount = 400
        }
    }

    static let owner = "overfit-run"
    public static let declarations: [SettingDeclaration<EarlyStoppingSetup>] = [
        .integer("runs", \.runs, in: 1...50, "independent runs (seeds); later experiments reuse them", owner: owner),
        .integer("train-count", \.trainCount, in: 20...1_200, "training images", owner: owner),
        .integer("validation-count", \.validationCount, in: 50...1_000, "clean validation images", owner: owner),
        .integer(
            "small-validation-count", \.smallValidationCount, in: 5...500,
            "images per small validation set (at most half the validation set)", owner: owner),
        .number(
            "label-noise", \.labelNoise, from: 0, to: 0.9, upperIncluded: true, "share of training labels flipped",
            owner: owner),
        .integers("hidden", \.hidden, in: 1...2_048, count: 1...6, "hidden layer widths", owner: owner),
        .integer("epochs", \.epochs, in: 5...5_000, "epochs of a run trained to the end (the epoch limit)", owner: owner),
        .integer("batch-size", \.batchSize, in: 1...1_200, "mini-batch size", owner: owner),
        .number(
            "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
            "Adam's learning rate η", owner: owner),
        .integer("patience", \.patience, in: 0...1_000, "patience P of the lesson's stopping rule", owner: owner),
    ]

    /// Layer widths from input to output.
    public var sizes: [Int] { [Digits.pixelCount] + hidden + [Digits.classCount] }

    /// Throws unless the small validation sets fit at least twice into the validation set.
    func validate() throws {
        guard smallValidationCount * 2 <= validationCount else {
            throw SettingError(
                "overfit-run: small-validation-count \(smallValidationCount) must be at most half of validation-count \(validationCount); lower it or raise validation-count")
        }
    }

    /// The number of disjoint small validation sets.
    public var smallSetCount: Int { validationCount / smallValidationCount }

    /// The configuration string every figure caption carries.
    public func captionConfiguration(seed: UInt64) -> String {
        "digits, \(trainCount) training images (\(Int((labelNoise * 100).rounded())) % labels flipped) / "
            + "\(validationCount) validation, MLP \(sizes.map(String.init).joined(separator: "-")), "
            + "Adam(η = \(formatNumber(learningRate))), batch \(batchSize), \(SeedStream.captionForm(base: seed, runs: runs))"
    }

    /// The number of weights and biases of the network.
    public var parameterCount: Int {
        zip(sizes, sizes.dropFirst()).reduce(0) { $0 + ($1.0 + 1) * $1.1 }
    }

    /// One run's data: the noisy split, the flipped training images and the small validation sets.
    public func data(seed: UInt64) throws -> SeedData {
        let noisy = try NoisyDigitsSplit(
            trainCount: trainCount, validationCount: validationCount, labelNoise: labelNoise, seed: seed)
        let validation = noisy.split.validation
        let pieces = (0..<smallSetCount).map { piece in
            validation.subset(Array((piece * smallValidationCount)..<((piece + 1) * smallValidationCount)))
        }
        return SeedData(
            seed: seed, split: noisy.split, flipped: noisy.split.train.subset(noisy.flippedIndices),
            smallValidationSets: pieces)
    }

    /// A fresh network and its Adam optimiser for `seed` (every experiment starts from the same
    /// initial weights for the same seed).
    func makeNetwork(seed: UInt64) throws -> (Sequential<Float>, Adam<Float>) {
        let network = try MultilayerPerceptron.make(sizes: sizes, dropout: 0, seed: seed)
        let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: learningRate)
        return (network, optimizer)
    }
}

/// One run's data set.
public struct SeedData: Sendable {
    public let seed: UInt64
    public let split: DataSplit
    /// The training images whose labels were flipped, with their wrong labels.
    public let flipped: Dataset
    /// Disjoint small validation sets cut from `split.validation`, in order (the first is the one
    /// figure 5 shows).
    public let smallValidationSets: [Dataset]
}

/// The weights-only L2 norm ‖W‖₂ of a network (biases left out, as L2 penalties leave them out).
func weightNorm(of network: Sequential<Float>) throws -> Double {
    try WeightStatistics(of: network).totalL2Norm
}

import NeuralKit
import Notebook
import NotebookDocument

/// Section 2 of the BatchNorm lesson: the same network and data with six block orderings of
/// BatchNorm and dropout, several seeds each. Measures the final validation accuracy and the
/// train–validation gap (both in evaluation mode).
public enum OrderingComparison {
    public struct Configuration: ExperimentSettings {
        public var orderings: [NormalizedNetwork.Ordering] = [
            .batchNormReLUDropout, .dropoutBatchNormReLU, .reLUDropoutBatchNorm,
            .batchNormOnly, .dropoutOnly, .neither,
        ]
        public var dropout = 0.5
        /// Independent runs; every ordering trains on the same runs (paired).
        public var runs = 5
        public var trainCount = 300
        public var validationCount = 500
        public var labelNoise = 0.2
        public var hidden = [128, 128]
        public var epochs = 30
        public var batchSize = 32
        public var learningRate = 1e-3

        public init(quick: Bool) {
            if quick {
                runs = 4  // same sizes as the full run: the quick run must support the same claims
            }
        }

        static let owner = "orderings"
        public static let declarations: [SettingDeclaration<Configuration>] = [
            .number("dropout", \.dropout, from: 0, lowerIncluded: false, to: 1, "dropout rate p where a block has dropout", owner: owner),
            .integer("runs", \.runs, in: 1...50, "independent runs (seeds), shared by all orderings", owner: owner),
            .integer("train-count", \.trainCount, in: 20...1_200, "training images", owner: owner),
            .integer("validation-count", \.validationCount, in: 50...1_000, "clean validation images", owner: owner),
            .number("label-noise", \.labelNoise, from: 0, to: 0.9, upperIncluded: true, "share of training labels flipped", owner: owner),
            .integers("hidden", \.hidden, in: 1...2_048, count: 1...6, "hidden layer widths", owner: owner),
            .integer("epochs", \.epochs, in: 1...5_000, "epochs per run", owner: owner),
            .integer("batch-size", \.batchSize, in: 2...1_200, "mini-batch size", owner: owner),
            .number("learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true, "Adam's learning rate η", owner: owner),
        ]

        /// Layer widths from input to output.
        public var sizes: [Int] { [Digits.pixelCount] + hidden + [Digits.classCount] }

        public func captionConfiguration(seed: UInt64) -> String {
            "digits, \(trainCount) training images (\(Int((labelNoise * 100).rounded())) % labels flipped) / "
                + "\(validationCount) validation, MLP \(sizes.map(String.init).joined(separator: "-")), "
                + "p = \(formatNumber(dropout)), Adam(η = \(formatNumber(learningRate))), batch \(batchSize), \(epochs) epochs, "
                + SeedStream.captionForm(base: seed, runs: runs)
        }
    }

    public struct Run: Sendable {
        public let seed: UInt64
        public let trainAccuracy: Double
        public let validationAccuracy: Double
        /// Validation accuracy after every epoch.
        public let validationCurve: [Double]
        /// Share of the flipped training images predicted with their wrong training label, at the end.
        public let memorizedNoise: Double
        public var gap: Double { trainAccuracy - validationAccuracy }
        /// The highest validation accuracy of any epoch (chosen on the validation images: optimistic).
        public var bestValidationAccuracy: Double { validationCurve.max() ?? .nan }
        /// The first epoch (1-based) with that accuracy.
        public var bestEpoch: Int { (validationCurve.firstIndex(of: bestValidationAccuracy) ?? 0) + 1 }
    }

    public struct OrderingSummary: Sendable {
        public let ordering: NormalizedNetwork.Ordering
        public let runs: [Run]
        public var trainAccuracy: SeedSummary { SeedSummary(runs.map(\.trainAccuracy)) }
        public var validationAccuracy: SeedSummary { SeedSummary(runs.map(\.validationAccuracy)) }
        public var bestValidationAccuracy: SeedSummary { SeedSummary(runs.map(\.bestValidationAccuracy)) }
        public var bestEpoch: SeedSummary { SeedSummary(runs.map { Double($0.bestEpoch) }) }
        public var memorizedNoise: SeedSummary { SeedSummary(runs.map(\.memorizedNoise)) }
        public var gap: SeedSummary { SeedSummary(runs.map(\.gap)) }
    }

    /// A trained network with the split it was trained on.
    public struct TrainedNetwork: @unchecked Sendable {
        public let network: Sequential<Float>
        public let split: DataSplit
        public let seed: UInt64
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        public let orderings: [OrderingSummary]
        /// The "BN only" networks, for the section on forgetting eval().
        public let batchNormOnlyNetworks: [TrainedNetwork]

        public func summary(for ordering: NormalizedNetwork.Ordering) -> OrderingSummary? {
            orderings.first { $0.ordering == ordering }
        }

        public var best: OrderingSummary {
            orderings.max { $0.validationAccuracy.mean < $1.validationAccuracy.mean }!
        }
    }

    /// Trains every (ordering, run) pair, up to `jobs` at once; the results do not depend on `jobs`.
    public static func run(
        _ configuration: Configuration, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        narration.announce(
            "Training \(configuration.orderings.count * seeds.count) networks "
                + "(\(configuration.orderings.count) orderings, \(seeds.count) runs)")
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: configuration.trainCount, validationCount: configuration.validationCount,
                labelNoise: configuration.labelNoise, seed: $0)
        }
        let pairs = configuration.orderings.flatMap { ordering in seeds.indices.map { (ordering, $0) } }
        let trained = try ParallelRuns.map(pairs.count, jobs: jobs) { index -> (Run, Sequential<Float>) in
            let (ordering, run) = pairs[index]
            let seed = seeds[run]
            let split = splits[run].split
            let network = try NormalizedNetwork.make(
                sizes: configuration.sizes, ordering: ordering, dropout: configuration.dropout, seed: seed)
            let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: configuration.learningRate)
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .crossEntropy,
                batchSize: configuration.batchSize, seed: seed)
            trainer.onEpoch = narration.trainerProgress("\(ordering.name), run \(run + 1)", epochs: configuration.epochs)
            let history = try trainer.fit(on: split.train, validation: split.validation, epochs: configuration.epochs)
            let flipped = split.train.subset(splits[run].flippedIndices)
            return (
                Run(
                    seed: seed, trainAccuracy: network.accuracy(on: split.train),
                    validationAccuracy: network.accuracy(on: split.validation),
                    validationCurve: history.validationAccuracy,
                    memorizedNoise: flipped.count == 0 ? 0 : network.accuracy(on: flipped)),
                network
            )
        }
        var summaries: [OrderingSummary] = []
        var batchNormOnly: [TrainedNetwork] = []
        for (index, ordering) in configuration.orderings.enumerated() {
            let slice = Array(trained[(index * seeds.count)..<((index + 1) * seeds.count)])
            summaries.append(OrderingSummary(ordering: ordering, runs: slice.map(\.0)))
            if ordering == .batchNormOnly {
                batchNormOnly = seeds.indices.map {
                    TrainedNetwork(network: slice[$0].1, split: splits[$0].split, seed: seeds[$0])
                }
            }
        }
        return Result(
            configuration: configuration, baseSeed: baseSeed, seeds: seeds, orderings: summaries,
            batchNormOnlyNetworks: batchNormOnly)
    }
}

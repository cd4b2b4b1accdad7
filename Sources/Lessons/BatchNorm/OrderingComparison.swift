import NeuralKit

/// Section 2 of the BatchNorm lesson: the same network and data with six block orderings of
/// BatchNorm and dropout, several seeds each. Measures the final validation accuracy and the
/// train–validation gap (both in evaluation mode).
public enum OrderingComparison {
    public struct Configuration: Sendable {
        public var orderings: [NormalizedNetwork.Ordering] = [
            .batchNormReLUDropout, .dropoutBatchNormReLU, .reLUDropoutBatchNorm,
            .batchNormOnly, .dropoutOnly, .neither,
        ]
        public var dropout = 0.5
        public var seedCount = 5
        public var trainCount = 300
        public var validationCount = 500
        public var labelNoise = 0.2
        public var sizes = [64, 128, 128, 10]
        public var epochs = 30
        public var batchSize = 32
        public var learningRate = 1e-3
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                seedCount = 3  // same sizes as the full run: the quick run must support the same claims
            }
        }

        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }

        public var captionConfiguration: String {
            "digits, \(trainCount) training images (\(Int(labelNoise * 100)) % labels flipped) / "
                + "\(validationCount) validation, MLP \(sizes.map(String.init).joined(separator: "-")), "
                + "p = \(dropout), Adam(η = \(learningRate)), batch \(batchSize), \(epochs) epochs, "
                + "seeds \(seeds.first!)–\(seeds.last!)"
        }
    }

    public struct Run: Sendable {
        public let seed: UInt64
        public let trainAccuracy: Double
        public let validationAccuracy: Double
        public var gap: Double { trainAccuracy - validationAccuracy }
    }

    public struct OrderingSummary: Sendable {
        public let ordering: NormalizedNetwork.Ordering
        public let runs: [Run]
        public var trainAccuracy: SeedSummary { SeedSummary(runs.map(\.trainAccuracy)) }
        public var validationAccuracy: SeedSummary { SeedSummary(runs.map(\.validationAccuracy)) }
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

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        let seeds = configuration.seeds
        narration.announce(
            "Training \(configuration.orderings.count * seeds.count) networks "
                + "(\(configuration.orderings.count) orderings, \(seeds.count) seeds)")
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: configuration.trainCount, validationCount: configuration.validationCount,
                labelNoise: configuration.labelNoise, seed: $0
            ).split
        }
        var summaries: [OrderingSummary] = []
        var batchNormOnly: [TrainedNetwork] = []
        for ordering in configuration.orderings {
            var runs: [Run] = []
            for (seed, split) in zip(seeds, splits) {
                let network = try NormalizedNetwork.make(
                    sizes: configuration.sizes, ordering: ordering, dropout: configuration.dropout, seed: seed)
                let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: configuration.learningRate)
                let trainer = try Trainer(
                    network: network, optimizer: optimizer, loss: .crossEntropy,
                    batchSize: configuration.batchSize, seed: seed)
                trainer.onEpoch = narration.trainerProgress("\(ordering.name), seed \(seed)", epochs: configuration.epochs)
                try trainer.fit(on: split.train, epochs: configuration.epochs)
                runs.append(
                    Run(
                        seed: seed, trainAccuracy: network.accuracy(on: split.train),
                        validationAccuracy: network.accuracy(on: split.validation)))
                if ordering == .batchNormOnly {
                    batchNormOnly.append(TrainedNetwork(network: network, split: split, seed: seed))
                }
            }
            summaries.append(OrderingSummary(ordering: ordering, runs: runs))
        }
        return Result(configuration: configuration, orderings: summaries, batchNormOnlyNetworks: batchNormOnly)
    }
}

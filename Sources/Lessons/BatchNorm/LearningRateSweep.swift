import NeuralKit

/// Section 4 of the BatchNorm lesson: plain SGD at increasing learning rates, with and without
/// BatchNorm, on a deeper network. A run whose loss becomes NaN or infinite counts as diverged and
/// scores chance-level accuracy (1/classes).
public enum LearningRateSweep {
    public struct Configuration: Sendable {
        public var learningRates: [Double] = [0.03, 0.1, 0.3, 1, 3]
        public var orderings: [NormalizedNetwork.Ordering] = [.neither, .batchNormOnly]
        public var hiddenLayers = 4
        public var width = 64
        public var seedCount = 4
        public var trainCount = 500
        public var validationCount = 500
        public var epochs = 10
        public var batchSize = 32
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                learningRates = [0.1, 1]
                seedCount = 2
                trainCount = 300
                validationCount = 300
                epochs = 6
            }
        }

        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }

        public var captionConfiguration: String {
            "digits, \(trainCount) training / \(validationCount) validation images, "
                + "\(hiddenLayers) hidden layers of \(width), SGD, batch \(batchSize), \(epochs) epochs, "
                + "seeds \(seeds.first!)–\(seeds.last!)"
        }
    }

    public struct Run: Sendable {
        public let seed: UInt64
        public let diverged: Bool
        public let validationAccuracy: Double
    }

    public struct Point: Sendable {
        public let ordering: NormalizedNetwork.Ordering
        public let learningRate: Double
        public let runs: [Run]
        public var validationAccuracy: SeedSummary { SeedSummary(runs.map(\.validationAccuracy)) }
        public var divergedCount: Int { runs.filter(\.diverged).count }
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let points: [Point]

        public func points(for ordering: NormalizedNetwork.Ordering) -> [Point] {
            points.filter { $0.ordering == ordering }
        }

        /// The learning rate with the best mean validation accuracy for `ordering`.
        public func best(for ordering: NormalizedNetwork.Ordering) -> Point {
            points(for: ordering).max { $0.validationAccuracy.mean < $1.validationAccuracy.mean }!
        }
    }

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        let seeds = configuration.seeds
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: configuration.trainCount, validationCount: configuration.validationCount,
                labelNoise: 0, seed: $0
            ).split
        }
        narration.announce(
            "SGD at \(configuration.learningRates.count) learning rates, with and without BatchNorm, \(seeds.count) seeds")
        var points: [Point] = []
        for ordering in configuration.orderings {
            for learningRate in configuration.learningRates {
                var runs: [Run] = []
                for (seed, split) in zip(seeds, splits) {
                    let sizes = [split.train.featureCount]
                        + Array(repeating: configuration.width, count: configuration.hiddenLayers)
                        + [split.train.classCount]
                    let network = try NormalizedNetwork.make(sizes: sizes, ordering: ordering, dropout: 0, seed: seed)
                    // snippet: learning-rate-run
                    let optimizer = try SGD<Float>(
                        parameters: network.parameters, learningRate: learningRate)
                    let trainer = try Trainer(
                        network: network, optimizer: optimizer, loss: .crossEntropy,
                        batchSize: configuration.batchSize, seed: seed)
                    var diverged = false
                    do {
                        try trainer.fit(on: split.train, epochs: configuration.epochs)
                    } catch TrainingError.diverged {
                        diverged = true  // scored as chance level below
                    }
                    // end-snippet
                    let chance = 1 / Double(split.train.classCount)
                    let accuracy = diverged ? chance : network.accuracy(on: split.validation)
                    runs.append(Run(seed: seed, diverged: diverged, validationAccuracy: accuracy))
                }
                points.append(Point(ordering: ordering, learningRate: learningRate, runs: runs))
            }
        }
        return Result(configuration: configuration, points: points)
    }
}

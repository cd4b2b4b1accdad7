import NeuralKit
import Notebook
import NotebookDocument

/// Section 4 of the BatchNorm lesson: plain SGD at increasing learning rates, with and without
/// BatchNorm, on a deeper network. A run whose loss becomes NaN or infinite counts as diverged and
/// scores chance-level accuracy (1/classes).
public enum LearningRateSweep {
    public struct Configuration: ExperimentSettings {
        public var learningRates: [Double] = [0.03, 0.1, 0.3, 1, 3]
        public var orderings: [NormalizedNetwork.Ordering] = [.neither, .batchNormOnly]
        public var hiddenLayers = 4
        public var width = 64
        public var runs = 4
        public var trainCount = 500
        public var validationCount = 500
        public var epochs = 10
        public var batchSize = 32

        public init(quick: Bool) {
            if quick {
                learningRates = [0.1, 1]
                runs = 3
                trainCount = 300
                validationCount = 300
                epochs = 6
            }
        }

        static let owner = "learning-rates"
        public static let declarations: [SettingDeclaration<Configuration>] = [
            .numbers(
                "learning-rates", \.learningRates, from: 0, lowerIncluded: false, to: 100, count: 2...10,
                "SGD learning rates η, increasing", owner: owner),
            .integer("hidden-layers", \.hiddenLayers, in: 1...12, "hidden layers", owner: owner),
            .integer("width", \.width, in: 1...2_048, "units per hidden layer", owner: owner),
            .integer("runs", \.runs, in: 1...50, "independent runs (seeds) per rate and model", owner: owner),
            .integer("train-count", \.trainCount, in: 20...1_200, "training images", owner: owner),
            .integer("validation-count", \.validationCount, in: 50...1_000, "validation images", owner: owner),
            .integer("epochs", \.epochs, in: 1...5_000, "epochs per run", owner: owner),
            .integer("batch-size", \.batchSize, in: 2...1_200, "mini-batch size", owner: owner),
        ]

        public func captionConfiguration(seed: UInt64) -> String {
            "digits, \(trainCount) training / \(validationCount) validation images, "
                + "\(hiddenLayers) hidden layers of \(width), SGD, batch \(batchSize), \(epochs) epochs, "
                + SeedStream.captionForm(base: seed, runs: runs)
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
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        public let points: [Point]

        public func points(for ordering: NormalizedNetwork.Ordering) -> [Point] {
            points.filter { $0.ordering == ordering }
        }

        /// The learning rate with the best mean validation accuracy for `ordering`.
        public func best(for ordering: NormalizedNetwork.Ordering) -> Point {
            points(for: ordering).max { $0.validationAccuracy.mean < $1.validationAccuracy.mean }!
        }
    }

    /// Trains every (model, rate, run) triple, up to `jobs` at once; the results do not depend on `jobs`.
    public static func run(
        _ configuration: Configuration, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        let rates = configuration.learningRates
        guard zip(rates, rates.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw SettingError(
                "learning-rates: learning-rates \(rates.map(formatNumber).joined(separator: ",")) must increase, e.g. 0.1,0.3,1")
        }
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: configuration.trainCount, validationCount: configuration.validationCount,
                labelNoise: 0, seed: $0
            ).split
        }
        narration.announce(
            "SGD at \(rates.count) learning rates, with and without BatchNorm, \(seeds.count) runs")
        let cells = configuration.orderings.flatMap { ordering in rates.map { (ordering, $0) } }
        let runs = try ParallelRuns.map(cells.count * seeds.count, jobs: jobs) { index -> Run in
            let (ordering, learningRate) = cells[index / seeds.count]
            let seed = seeds[index % seeds.count]
            let split = splits[index % seeds.count]
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
            return Run(seed: seed, diverged: diverged, validationAccuracy: accuracy)
        }
        let points = cells.indices.map { cell in
            Point(
                ordering: cells[cell].0, learningRate: cells[cell].1,
                runs: Array(runs[(cell * seeds.count)..<((cell + 1) * seeds.count)]))
        }
        return Result(configuration: configuration, baseSeed: baseSeed, seeds: seeds, points: points)
    }
}

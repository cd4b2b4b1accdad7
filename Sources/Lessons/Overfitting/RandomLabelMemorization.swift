import NeuralKit
import Notebook
import NotebookDocument

/// Section 4 of the overfitting lesson: a network memorises random labels (Zhang et al. 2017).
///
/// The same network is trained twice on the same digit images: once with their true labels and
/// once with labels drawn uniformly at random, independent of the images. With random labels
/// there is no rule to find, so any training accuracy above chance (1/10) is memorisation, and
/// the validation accuracy (against true labels) must stay at chance. The experiment measures
/// how far each gets and how many epochs each needs to fit its training labels.
public enum RandomLabelMemorization {
    public struct Settings: ExperimentSettings {
        public var trainCount = 300
        public var validationCount = 500
        public var hidden = [256, 256]
        public var epochs = 70
        public var batchSize = 32
        public var learningRate = 1e-3
        /// Training accuracy that counts as "fitted".
        public var fittedThreshold = 0.99
        /// Independent runs (images, random labels and initial weights), each trained twice.
        public var runs = 5

        public init(quick: Bool) {
            if quick {
                trainCount = 150
                epochs = 60
                runs = 3
            }
        }

        static let owner = "memorization"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integer("train-count", \.trainCount, in: 20...1_200, "training images", owner: owner),
            .integer("validation-count", \.validationCount, in: 50...1_000, "validation images (true labels)", owner: owner),
            .integers("hidden", \.hidden, in: 1...2_048, count: 1...6, "hidden layer widths", owner: owner),
            .integer("epochs", \.epochs, in: 1...5_000, "epochs per run", owner: owner),
            .integer("batch-size", \.batchSize, in: 1...1_200, "mini-batch size", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "Adam's learning rate η", owner: owner),
            .number(
                "fitted-threshold", \.fittedThreshold, from: 0.1, lowerIncluded: false, to: 1, upperIncluded: true,
                "training accuracy that counts as having fitted the labels", owner: owner),
            .integer("runs", \.runs, in: 1...50, "independent runs, each with true and with random labels", owner: owner),
        ]

        public var sizes: [Int] { [Digits.pixelCount] + hidden + [Digits.classCount] }
        public var parameterCount: Int { SineProblem.parameterCount(sizes: sizes) }

        public func captionConfiguration(seed: UInt64) -> String {
            "digits, \(trainCount) training images (true or random labels) / \(validationCount) validation "
                + "(true labels), MLP \(sizes.map(String.init).joined(separator: "-")), Adam(η = \(formatNumber(learningRate))), "
                + "batch \(batchSize), \(epochs) epochs, \(SeedStream.captionForm(base: seed, runs: runs))"
        }
    }

    public enum Labels: String, Sendable, CaseIterable {
        case real = "true labels"
        case random = "random labels"
    }

    public struct Run: Sendable {
        public let labels: Labels
        public let seed: UInt64
        public let history: TrainingHistory
        /// Accuracy on the training images against the labels trained on (evaluation mode).
        public let finalTrainAccuracy: Double
        public let finalValidationAccuracy: Double
        /// The first epoch whose training accuracy reached the threshold (nil if none did).
        public let epochsToFit: Int?
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let baseSeed: UInt64
        /// The run seeds; each is used once with true and once with random labels.
        public let seeds: [UInt64]
        public let runs: [Run]

        public func runs(_ labels: Labels) -> [Run] { runs.filter { $0.labels == labels } }
        public func trainAccuracy(_ labels: Labels) -> SeedSummary { SeedSummary(runs(labels).map(\.finalTrainAccuracy)) }
        public func validationAccuracy(_ labels: Labels) -> SeedSummary {
            SeedSummary(runs(labels).map(\.finalValidationAccuracy))
        }
        /// Epochs to reach the threshold; runs that never did count as the full number of epochs.
        public func epochsToFit(_ labels: Labels) -> SeedSummary {
            SeedSummary(runs(labels).map { Double($0.epochsToFit ?? configuration.epochs) })
        }
        public func fittedRuns(_ labels: Labels) -> Int { runs(labels).filter { $0.epochsToFit != nil }.count }
        /// Mean training-accuracy curve (measured during each epoch).
        public func meanTrainCurve(_ labels: Labels) -> [Double] { meanCurve(labels, \.trainAccuracy) }
        public func meanValidationCurve(_ labels: Labels) -> [Double] { meanCurve(labels, \.validationAccuracy) }

        private func meanCurve(_ labels: Labels, _ curve: KeyPath<TrainingHistory, [Double]>) -> [Double] {
            let curves = runs(labels).map { $0.history[keyPath: curve] }
            let length = curves.map(\.count).min() ?? 0
            return (0..<length).map { e in curves.reduce(0) { $0 + $1[e] } / Double(curves.count) }
        }
    }

    public static func run(
        _ configuration: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        narration.announce(
            "Memorisation: MLP \(configuration.sizes.map(String.init).joined(separator: "-")) "
                + "(\(configuration.parameterCount) parameters) on \(configuration.trainCount) digits, "
                + "true vs random labels, \(seeds.count) runs")
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: configuration.trainCount, validationCount: configuration.validationCount,
                labelNoise: 0, seed: $0
            ).split
        }
        let pairs = seeds.indices.flatMap { run in Labels.allCases.map { (run, $0) } }
        let runs = try ParallelRuns.map(pairs.count, jobs: jobs) { index -> Run in
            let (run, labels) = pairs[index]
            let seed = seeds[run]
            let clean = splits[run]
            // snippet: random-labels
            var train = clean.train
            if labels == .random {
                var generator = RandomGenerator(seed: seed).derived("random-labels")
                train = try train.randomizingLabels(using: &generator)
            }
            // end-snippet
            let network = try MultilayerPerceptron.make(sizes: configuration.sizes, dropout: 0, seed: seed)
            let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: configuration.learningRate)
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .crossEntropy,
                batchSize: configuration.batchSize, seed: seed)
            trainer.onEpoch = narration.trainerProgress("\(labels.rawValue), run \(run + 1)", epochs: configuration.epochs)
            let history = try trainer.fit(on: train, validation: clean.validation, epochs: configuration.epochs)
            let epochsToFit = history.epochs.first { ($0.trainAccuracy ?? 0) >= configuration.fittedThreshold }?.epoch
            return Run(
                labels: labels, seed: seed, history: history, finalTrainAccuracy: network.accuracy(on: train),
                finalValidationAccuracy: network.accuracy(on: clean.validation), epochsToFit: epochsToFit)
        }
        return Result(configuration: configuration, baseSeed: baseSeed, seeds: seeds, runs: runs)
    }
}

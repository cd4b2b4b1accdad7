import NeuralKit
import Notebook
import NotebookDocument

/// Section 3 of the dropout lesson: one network trained with several dropout rates p on a small
/// subset of the digits with flipped labels, over several runs. Measures the final training and
/// validation accuracy (both in evaluation mode), the gap, the memorised labels, the learning
/// curves, and the best epoch of each run, so that what dropout adds can be told apart from what
/// stopping at the best epoch would give.
public enum DropoutRateAblation {
    public struct Settings: ExperimentSettings {
        public var probabilities: [Double] = [0, 0.25, 0.5, 0.75]
        /// The rate the text compares with p = 0 and whose networks sections 2 and 4 reuse.
        public var focusRate = 0.5
        /// Independent runs (each with its own training subset, flipped labels and weights).
        public var runs = 5
        public var trainCount = 300
        public var validationCount = 500
        /// The share of training labels flipped to a wrong class.
        public var labelNoise = 0.2
        public var hidden = [128, 128]
        public var epochs = 60
        public var batchSize = 32
        public var learningRate = 1e-3

        public init(quick: Bool) {
            if quick {
                probabilities = [0, 0.5]
                runs = 3
                trainCount = 200
                validationCount = 300
            }
        }

        static let owner = "rate-ablation"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .numbers(
                "probabilities", \.probabilities, from: 0, to: 1, count: 1...10,
                "the dropout rates p to train (include 0, the baseline)", owner: owner),
            .number(
                "focus-rate", \.focusRate, from: 0, lowerIncluded: false, to: 1,
                "the rate compared with p = 0; sections 2 and 4 reuse its networks", owner: owner),
            .integer("runs", \.runs, in: 1...50, "independent runs per rate (seeds)", owner: owner),
            .integer("train-count", \.trainCount, in: 20...1_200, "training images", owner: owner),
            .integer("validation-count", \.validationCount, in: 50...1_000, "clean validation images", owner: owner),
            .number(
                "label-noise", \.labelNoise, from: 0, to: 0.9, upperIncluded: true,
                "share of training labels flipped", owner: owner),
            .integers("hidden", \.hidden, in: 1...2_048, count: 1...6, "hidden layer widths", owner: owner),
            .integer("epochs", \.epochs, in: 1...5_000, "epochs per run", owner: owner),
            .integer("batch-size", \.batchSize, in: 1...1_200, "mini-batch size", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "Adam's learning rate η", owner: owner),
        ]

        /// Layer widths from input to output.
        public var sizes: [Int] { [Digits.pixelCount] + hidden + [Digits.classCount] }

        /// Throws unless p = 0 and the focus rate are among the rates.
        func validateRates() throws {
            let listed = probabilities.map(formatNumber).joined(separator: ",")
            guard probabilities.contains(0) else {
                throw SettingError("rate-ablation: probabilities \(listed) must include 0, the network without dropout")
            }
            guard probabilities.contains(focusRate) else {
                throw SettingError(
                    "rate-ablation: focus-rate \(formatNumber(focusRate)) must be one of probabilities \(listed); add it or choose one of them")
            }
        }

        /// The configuration string every figure caption carries.
        public func captionConfiguration(seed: UInt64) -> String {
            "digits, \(trainCount) training images (\(Int((labelNoise * 100).rounded())) % labels flipped) / \(validationCount) validation, "
                + "MLP \(sizes.map(String.init).joined(separator: "-")), Adam(η = \(formatNumber(learningRate))), "
                + "batch \(batchSize), \(epochs) epochs, \(SeedStream.captionForm(base: seed, runs: runs))"
        }
    }

    /// One training run: a rate, a seed, its curves and final numbers.
    public struct Run: Sendable {
        public let probability: Double
        public let seed: UInt64
        public let history: TrainingHistory
        /// Accuracy on the training images against the labels trained on (noisy ones included).
        public let finalTrainAccuracy: Double
        public let finalValidationAccuracy: Double
        /// Share of the flipped training images on which the network predicts the wrong label it
        /// was given: how much of the noise it memorised.
        public let memorizedNoise: Double
        public var gap: Double { finalTrainAccuracy - finalValidationAccuracy }
        /// The highest validation accuracy of any epoch: what stopping at the best epoch would
        /// have kept. It is chosen on the validation set itself, so it flatters every rate alike.
        public var bestValidationAccuracy: Double { history.validationAccuracy.max() ?? .nan }
        /// The epoch (1-based) of that highest accuracy (the first, if several tie).
        public var bestEpoch: Int {
            let curve = history.validationAccuracy
            return (curve.indices.max { curve[$0] < curve[$1] || (curve[$0] == curve[$1] && $0 > $1) } ?? 0) + 1
        }
        /// Mean validation accuracy of the last five epochs: where the run ended up, less noisy
        /// than the last epoch alone.
        public var lateValidationAccuracy: Double {
            let tail = history.validationAccuracy.suffix(5)
            return tail.reduce(0, +) / Double(max(1, tail.count))
        }
    }

    /// All runs of one rate.
    public struct RateSummary: Sendable {
        public let probability: Double
        public let runs: [Run]
        public var trainAccuracy: SeedSummary { SeedSummary(runs.map(\.finalTrainAccuracy)) }
        public var validationAccuracy: SeedSummary { SeedSummary(runs.map(\.finalValidationAccuracy)) }
        public var bestValidationAccuracy: SeedSummary { SeedSummary(runs.map(\.bestValidationAccuracy)) }
        public var lateValidationAccuracy: SeedSummary { SeedSummary(runs.map(\.lateValidationAccuracy)) }
        public var bestEpoch: SeedSummary { SeedSummary(runs.map { Double($0.bestEpoch) }) }
        public var gap: SeedSummary { SeedSummary(runs.map(\.gap)) }
        public var memorizedNoise: SeedSummary { SeedSummary(runs.map(\.memorizedNoise)) }
        public var finalTrainLoss: SeedSummary { SeedSummary(runs.map { $0.history.trainLoss.last ?? .nan }) }

        /// Validation accuracy per epoch, averaged over seeds.
        public var meanValidationCurve: [Double] { meanCurve(\.validationAccuracy) }
        /// Training loss per epoch (measured with dropout on), averaged over seeds.
        public var meanTrainLossCurve: [Double] { meanCurve(\.trainLoss) }
        public var meanValidationLossCurve: [Double] { meanCurve(\.validationLoss) }

        private func meanCurve(_ curve: KeyPath<TrainingHistory, [Double]>) -> [Double] {
            let curves = runs.map { $0.history[keyPath: curve] }
            let length = curves.map(\.count).min() ?? 0
            return (0..<length).map { epoch in curves.map { $0[epoch] }.reduce(0, +) / Double(curves.count) }
        }
    }

    public struct Result: Sendable {
        public let configuration: Settings
        /// The base seed of the build; the runs' own seeds are `seeds`.
        public let baseSeed: UInt64
        /// The seed of each run index, shared by all rates (paired comparisons).
        public let seeds: [UInt64]
        public let rates: [RateSummary]
        /// The trained networks of the focus rate (one per run) with their data, for the sections
        /// on the eval() trap and the ensemble view.
        public let focusNetworks: [TrainedNetwork]

        /// The rate with the highest mean validation accuracy.
        public var best: RateSummary {
            rates.max { $0.validationAccuracy.mean < $1.validationAccuracy.mean }!
        }

        public func summary(for probability: Double) -> RateSummary? {
            rates.first { $0.probability == probability }
        }

        public var baseline: RateSummary { summary(for: 0)! }
        public var focus: RateSummary { summary(for: configuration.focusRate)! }
        /// The largest rate tried.
        public var largest: RateSummary { rates.max { $0.probability < $1.probability }! }
    }

    /// A trained network and the split it was trained on.
    public struct TrainedNetwork: @unchecked Sendable {
        public let network: Sequential<Float>
        public let split: DataSplit
        public let seed: UInt64
    }

    /// Trains every (rate, run) pair, up to `jobs` at once; the results do not depend on `jobs`.
    public static func run(
        _ configuration: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        try configuration.validateRates()
        narration.announce(
            "Training \(configuration.probabilities.count * seeds.count) networks "
                + "(p ∈ \(configuration.probabilities.map(formatNumber)), \(seeds.count) runs) on \(configuration.trainCount) digits")
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: configuration.trainCount, validationCount: configuration.validationCount,
                labelNoise: configuration.labelNoise, seed: $0)
        }
        let pairs = configuration.probabilities.flatMap { p in seeds.indices.map { (p, $0) } }
        let trained = try ParallelRuns.map(pairs.count, jobs: jobs) { index -> (Run, Sequential<Float>) in
            let (p, run) = pairs[index]
            return try train(
                p: p, seed: seeds[run], title: "p = \(formatNumber(p)), run \(run + 1)", split: splits[run],
                configuration: configuration, narration: narration)
        }
        var rates: [RateSummary] = []
        for (rateIndex, p) in configuration.probabilities.enumerated() {
            let slice = trained[(rateIndex * seeds.count)..<((rateIndex + 1) * seeds.count)]
            rates.append(RateSummary(probability: p, runs: slice.map(\.0)))
        }
        let focusIndex = configuration.probabilities.firstIndex(of: configuration.focusRate)!
        let focusNetworks = seeds.indices.map { run in
            TrainedNetwork(
                network: trained[focusIndex * seeds.count + run].1, split: splits[run].split, seed: seeds[run])
        }
        return Result(
            configuration: configuration, baseSeed: baseSeed, seeds: seeds, rates: rates, focusNetworks: focusNetworks)
    }

    static func train(
        p: Double, seed: UInt64, title: String, split noisySplit: NoisyDigitsSplit, configuration: Settings,
        narration: ExperimentNarration
    ) throws -> (Run, Sequential<Float>) {
        let split = noisySplit.split
        let network = try MultilayerPerceptron.make(sizes: configuration.sizes, dropout: p, seed: seed)
        let epochs = configuration.epochs
        // snippet: dropout-training-run
        let optimizer = try Adam<Float>(
            parameters: network.parameters, learningRate: configuration.learningRate)
        let trainer = try Trainer(
            network: network, optimizer: optimizer, loss: .crossEntropy,
            batchSize: configuration.batchSize, seed: seed)
        trainer.onEpoch = narration.trainerProgress(title, epochs: epochs)
        let history = try trainer.fit(
            on: split.train, validation: split.validation, epochs: epochs)
        // accuracy(on:) runs in evaluation mode: dropout off
        let trainAccuracy = network.accuracy(on: split.train)
        let validationAccuracy = network.accuracy(on: split.validation)
        // end-snippet
        let flipped = split.train.subset(noisySplit.flippedIndices)
        let run = Run(
            probability: p, seed: seed, history: history, finalTrainAccuracy: trainAccuracy,
            finalValidationAccuracy: validationAccuracy,
            memorizedNoise: flipped.count == 0 ? 0 : network.accuracy(on: flipped))
        return (run, network)
    }
}

import NeuralKit

/// Section 3 of the dropout lesson: one network trained with several dropout rates p on a small
/// subset of the digits, over several seeds. Measures the final training and validation
/// accuracy (both in evaluation mode), the train–validation gap and the learning curves.
public enum DropoutRateAblation {
    public struct Configuration: Sendable {
        public var probabilities: [Double] = [0, 0.25, 0.5, 0.75]
        public var seedCount = 5
        public var trainCount = 300
        public var validationCount = 500
        /// The share of training labels flipped to a wrong class.
        public var labelNoise = 0.2
        public var sizes = [64, 128, 128, 10]
        public var epochs = 60
        public var batchSize = 32
        public var learningRate = 1e-3
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                probabilities = [0, 0.5]
                seedCount = 3
                trainCount = 200
                validationCount = 300
                epochs = 60
            }
        }

        /// The seeds of the repeated runs: seed, seed + 1, …
        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }

        /// The configuration string every figure caption carries.
        public var captionConfiguration: String {
            "digits, \(trainCount) training images (\(Int(labelNoise * 100)) % labels flipped) / \(validationCount) validation, "
                + "MLP \(sizes.map(String.init).joined(separator: "-")), Adam(η = \(learningRate)), "
                + "batch \(batchSize), \(epochs) epochs, seeds \(seeds.first!)–\(seeds.last!)"
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
    }

    /// All runs of one rate.
    public struct RateSummary: Sendable {
        public let probability: Double
        public let runs: [Run]
        public var trainAccuracy: SeedSummary { SeedSummary(runs.map(\.finalTrainAccuracy)) }
        public var validationAccuracy: SeedSummary { SeedSummary(runs.map(\.finalValidationAccuracy)) }
        public var gap: SeedSummary { SeedSummary(runs.map(\.gap)) }
        public var memorizedNoise: SeedSummary { SeedSummary(runs.map(\.memorizedNoise)) }

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
        public let configuration: Configuration
        public let rates: [RateSummary]
        /// The trained p = 0.5 networks (one per seed) with their data, for the sections on
        /// the eval() trap and the ensemble view. Absent if 0.5 is not among the rates.
        public let halfDropoutNetworks: [TrainedNetwork]

        /// The rate with the highest mean validation accuracy.
        public var best: RateSummary {
            rates.max { $0.validationAccuracy.mean < $1.validationAccuracy.mean }!
        }

        public func summary(for probability: Double) -> RateSummary? {
            rates.first { $0.probability == probability }
        }

        /// The smallest rate above the best one whose mean validation accuracy is below the
        /// no-dropout baseline: where dropout starts to hurt (nil if none does).
        public var firstHarmfulRate: RateSummary? {
            guard let baseline = summary(for: 0) else { return nil }
            return rates.first {
                $0.probability > best.probability && $0.validationAccuracy.mean < baseline.validationAccuracy.mean
            }
        }
    }

    /// A trained network and the split it was trained on.
    public struct TrainedNetwork: @unchecked Sendable {
        public let network: Sequential<Float>
        public let split: DataSplit
        public let seed: UInt64
    }

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        let seeds = configuration.seeds
        narration.announce(
            "Training \(configuration.probabilities.count * seeds.count) networks "
                + "(p ∈ \(configuration.probabilities), \(seeds.count) seeds) on \(configuration.trainCount) digits")
        var rates: [RateSummary] = []
        var halfDropoutNetworks: [TrainedNetwork] = []
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: configuration.trainCount, validationCount: configuration.validationCount,
                labelNoise: configuration.labelNoise, seed: $0)
        }
        for p in configuration.probabilities {
            var runs: [Run] = []
            for (seed, noisySplit) in zip(seeds, splits) {
                let split = noisySplit.split
                let network = try MultilayerPerceptron.make(sizes: configuration.sizes, dropout: p, seed: seed)
                let epochs = configuration.epochs
                // snippet: dropout-training-run
                let optimizer = try Adam<Float>(
                    parameters: network.parameters, learningRate: configuration.learningRate)
                let trainer = try Trainer(
                    network: network, optimizer: optimizer, loss: .crossEntropy,
                    batchSize: configuration.batchSize, seed: seed)
                trainer.onEpoch = narration.trainerProgress("p = \(p), seed \(seed)", epochs: epochs)
                let history = try trainer.fit(
                    on: split.train, validation: split.validation, epochs: epochs)
                // accuracy(on:) runs in evaluation mode: dropout off
                let trainAccuracy = network.accuracy(on: split.train)
                let validationAccuracy = network.accuracy(on: split.validation)
                // end-snippet
                let flipped = split.train.subset(noisySplit.flippedIndices)
                runs.append(
                    Run(
                        probability: p, seed: seed, history: history,
                        finalTrainAccuracy: trainAccuracy, finalValidationAccuracy: validationAccuracy,
                        memorizedNoise: network.accuracy(on: flipped)))
                if p == 0.5 { halfDropoutNetworks.append(TrainedNetwork(network: network, split: split, seed: seed)) }
            }
            rates.append(RateSummary(probability: p, runs: runs))
        }
        return Result(configuration: configuration, rates: rates, halfDropoutNetworks: halfDropoutNetworks)
    }
}

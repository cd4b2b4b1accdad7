import NeuralKit
import Notebook
import NotebookDocument

/// Section 2 of the dropout lesson: what happens when a trained dropout network is used in the
/// wrong mode.
///
/// - In training mode two passes over the same input differ (new masks); in evaluation mode they
///   are identical.
/// - Accuracy of the inverted-dropout network in evaluation mode vs one stochastic pass in training
///   mode (the forgotten `eval()`).
/// - A standard (non-inverted) dropout network evaluated with its (1−p) scaling vs without it
///   (the forgotten rescaling).
public enum EvalTrap {
    public struct Settings: ExperimentSettings {
        /// How many stochastic training-mode passes the forgotten-eval() accuracy averages.
        public var trainingModePasses = 20
        /// Training-mode passes of one image whose dropout masks the interactive figure shows.
        public var maskPasses = 8
        /// Units of each hidden layer the mask diagram draws (the first ones of the layer).
        public var maskUnits = 12

        public init(quick: Bool) {
            if quick {
                trainingModePasses = 5
                maskPasses = 4
            }
        }

        public static let declarations: [SettingDeclaration<Settings>] = [
            .integer(
                "training-mode-passes", \.trainingModePasses, in: 1...1_000,
                "noisy passes averaged for the forgotten-eval() accuracy", owner: "eval-trap"),
            .integer(
                "mask-passes", \.maskPasses, in: 2...32, "training-mode passes of one image whose masks are drawn",
                owner: "eval-trap"),
            .integer(
                "mask-units", \.maskUnits, in: 2...32, "hidden units per layer drawn in the mask diagram", owner: "eval-trap"),
        ]
    }

    public struct SeedResult: Sendable {
        public let seed: UInt64
        /// max |y₁ − y₂| of the logits of two passes over the same images in training mode.
        public let trainingModeDifference: Double
        /// The same in evaluation mode (0 when `eval()` works).
        public let evaluationModeDifference: Double
        public let evaluationAccuracy: Double
        /// Mean accuracy of single stochastic passes in training mode.
        public let trainingModeAccuracy: Double
        /// Standard-dropout network: with the (1−p) inference scaling, and with it forgotten.
        public let standardScaled: Metrics
        public let standardUnscaled: Metrics
    }

    /// Accuracy, mean cross-entropy and mean confidence (largest softmax probability) on the
    /// validation set.
    public struct Metrics: Sendable {
        public let accuracy: Double
        public let loss: Double
        public let confidence: Double
    }

    public struct Result: Sendable {
        public let probability: Double
        public let trainingModePasses: Int
        public let seeds: [SeedResult]

        public var trainingModeDifference: SeedSummary { SeedSummary(seeds.map(\.trainingModeDifference)) }
        public var evaluationModeDifference: SeedSummary { SeedSummary(seeds.map(\.evaluationModeDifference)) }
        public var evaluationAccuracy: SeedSummary { SeedSummary(seeds.map(\.evaluationAccuracy)) }
        public var trainingModeAccuracy: SeedSummary { SeedSummary(seeds.map(\.trainingModeAccuracy)) }
        public var accuracyCostOfForgettingEval: SeedSummary { evaluationAccuracy - trainingModeAccuracy }
        public var standardScaledAccuracy: SeedSummary { SeedSummary(seeds.map(\.standardScaled.accuracy)) }
        public var standardUnscaledAccuracy: SeedSummary { SeedSummary(seeds.map(\.standardUnscaled.accuracy)) }
        public var standardScaledLoss: SeedSummary { SeedSummary(seeds.map(\.standardScaled.loss)) }
        public var standardUnscaledLoss: SeedSummary { SeedSummary(seeds.map(\.standardUnscaled.loss)) }
        public var standardScaledConfidence: SeedSummary { SeedSummary(seeds.map(\.standardScaled.confidence)) }
        public var standardUnscaledConfidence: SeedSummary { SeedSummary(seeds.map(\.standardUnscaled.confidence)) }
        /// Accuracy minus mean confidence of the network with its (1−p) factor: positive when it
        /// is underconfident.
        public var standardScaledUnderconfidence: SeedSummary {
            SeedSummary(seeds.map { $0.standardScaled.accuracy - $0.standardScaled.confidence })
        }
        /// |confidence − accuracy| with the factor minus without it: positive when forgetting the
        /// factor brings confidence closer to accuracy.
        public var calibrationImprovementWithoutFactor: SeedSummary {
            SeedSummary(seeds.map {
                abs($0.standardScaled.confidence - $0.standardScaled.accuracy)
                    - abs($0.standardUnscaled.confidence - $0.standardUnscaled.accuracy)
            })
        }
    }

    /// - Parameter trained: the inverted-dropout networks (p = 0.5) of the rate ablation.
    /// - Parameter trained: the inverted-dropout networks (p = `ablation.focusRate`) of the rate
    ///   ablation; each gets a standard-dropout twin trained on the same data with the same seed.
    public static func run(
        _ settings: Settings, trained: [DropoutRateAblation.TrainedNetwork],
        ablation: DropoutRateAblation.Settings, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        let p = ablation.focusRate
        let trainingModePasses = settings.trainingModePasses
        narration.announce(
            "Using the p = \(formatNumber(p)) networks in the wrong mode; training \(trained.count) standard-dropout twins")
        let seeds = try ParallelRuns.map(trained.count, jobs: jobs) { index -> SeedResult in
            let entry = trained[index]
            let network = entry.network
            let validation = entry.split.validation
            let images = validation.features.rows(0..<8)
            MultilayerPerceptron.reseedDropout(network, seed: entry.seed, purpose: "eval-trap-masks")

            // snippet: eval-trap
            network.train()  // the bug: dropout stays on at inference
            let first = network.forward(images)
            let second = network.forward(images)
            network.eval()  // the fix: dropout off, every unit present
            let third = network.forward(images)
            let fourth = network.forward(images)
            // end-snippet

            network.train()
            var trainingModeAccuracy = 0.0
            for _ in 0..<trainingModePasses {
                trainingModeAccuracy += accuracy(network.forward(validation.features), validation.labels)
            }
            trainingModeAccuracy /= Double(trainingModePasses)
            network.eval()

            let standard = try MultilayerPerceptron.make(
                sizes: ablation.sizes, dropout: p, kind: .standard, seed: entry.seed)
            let optimizer = try Adam<Float>(parameters: standard.parameters, learningRate: ablation.learningRate)
            let trainer = try Trainer(
                network: standard, optimizer: optimizer, loss: .crossEntropy, batchSize: ablation.batchSize,
                seed: entry.seed)
            trainer.onEpoch = narration.trainerProgress("standard dropout, run \(index + 1)", epochs: ablation.epochs)
            try trainer.fit(on: entry.split.train, validation: validation, epochs: ablation.epochs)
            let unscaled = MultilayerPerceptron.withoutDropout(standard)

            return SeedResult(
                seed: entry.seed,
                trainingModeDifference: maximumDifference(first, second),
                evaluationModeDifference: maximumDifference(third, fourth),
                evaluationAccuracy: network.accuracy(on: validation),
                trainingModeAccuracy: trainingModeAccuracy,
                standardScaled: metrics(standard.predict(validation.features), validation.labels),
                standardUnscaled: metrics(unscaled.predict(validation.features), validation.labels))
        }
        return Result(probability: p, trainingModePasses: trainingModePasses, seeds: seeds)
    }

    static func maximumDifference(_ a: Tensor<Float>, _ b: Tensor<Float>) -> Double {
        zip(a.scalars, b.scalars).map { Double(abs($0 - $1)) }.max() ?? 0
    }

    static func accuracy(_ logits: Tensor<Float>, _ labels: [Int]) -> Double {
        matchingFraction(logits.argmaxPerRow(), labels)
    }

    static func metrics(_ logits: Tensor<Float>, _ labels: [Int]) -> Metrics {
        let probabilities = logits.softmax()
        var confidence = 0.0
        for row in 0..<probabilities.rows {
            confidence += Double((0..<probabilities.columns).map { probabilities[row, $0] }.max()!)
        }
        return Metrics(
            accuracy: accuracy(logits, labels),
            loss: Double(CrossEntropyLoss()(logits, labels).value),
            confidence: confidence / Double(probabilities.rows))
    }
}

import NeuralKit
import Notebook
import NotebookDocument

/// The gradient-clipping section of the toolbox lesson: a deep plain MLP trained with SGD at a
/// learning rate too large for it, with and without clipping the total gradient norm
/// (Pascanu et al. 2013):
///
/// ```
/// ‖g‖ = √(Σ g²) over all parameters;   if ‖g‖ > c:  g ← g · c / ‖g‖
/// ```
///
/// Every step's gradient norm (before clipping) is recorded through the trainer's
/// `gradientTransform`, over several seeds. A run whose loss becomes NaN or infinite counts as
/// diverged (its trace ends there).
public enum ClippingOnUnstableRun {
    public struct Settings: ExperimentSettings {
        public var runs = 4
        public var trainCount = 300
        public var validationCount = 500
        public var hidden = [128, 128, 128, 128]
        public var learningRate = 0.5
        public var momentum = 0.9
        public var maxNorm = 1.0
        /// The control: the same network and SGD without clipping at this smaller learning rate,
        /// to tell "clipping helps" from "smaller steps help".
        public var controlLearningRate = 0.05
        public var epochs = 10
        public var batchSize = 32

        public init(quick: Bool) {
            if quick {
                runs = 3
                trainCount = 200
                epochs = 8
            }
        }

        static let owner = "clipping"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integer("runs", \.runs, in: 1...20, "independent runs (split, weights)", owner: owner),
            .integer("train-count", \.trainCount, in: 20...1_200, "training images", owner: owner),
            .integer("validation-count", \.validationCount, in: 50...1_000, "validation images", owner: owner),
            .integers("hidden", \.hidden, in: 1...2_048, count: 1...12, "hidden layer widths", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 100,
                "SGD learning rate of the unstable runs", owner: owner),
            .number("momentum", \.momentum, from: 0, to: 1, "SGD momentum", owner: owner),
            .number("max-norm", \.maxNorm, from: 0, lowerIncluded: false, to: 10_000, "clipping threshold c", owner: owner),
            .number(
                "control-learning-rate", \.controlLearningRate, from: 0, lowerIncluded: false, to: 100,
                "learning rate of the unclipped control run", owner: owner),
            .integer("epochs", \.epochs, in: 1...1_000, "epochs per run", owner: owner),
            .integer("batch-size", \.batchSize, in: 1...1_200, "mini-batch size", owner: owner),
        ]

        public var sizes: [Int] { [Digits.pixelCount] + hidden + [Digits.classCount] }

        public func captionConfiguration(seed: UInt64) -> String {
            "digits, \(trainCount) training / \(validationCount) validation images, "
                + "MLP \(sizes.map(String.init).joined(separator: "-")), SGD(η = \(formatNumber(learningRate)), "
                + "momentum \(formatNumber(momentum))), batch \(batchSize), \(epochs) epochs, clipping c = \(formatNumber(maxNorm)), "
                + "control η = \(formatNumber(controlLearningRate)), \(SeedStream.captionForm(base: seed, runs: runs))"
        }
    }

    /// The three ways each run is trained.
    public enum Variant: Int, CaseIterable, Sendable {
        case plain, clipped, control
    }

    /// One run: the gradient norm of every step, and how it ended.
    public struct Run: Sendable {
        public let seed: UInt64
        public let clipped: Bool
        /// ‖g‖ before clipping, per step (up to the step that diverged).
        public let gradientNorms: [Double]
        /// The epoch in which the loss became NaN/∞, or nil.
        public let divergedEpoch: Int?
        /// Validation accuracy at the end (nil if diverged).
        public let validationAccuracy: Double?
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let seeds: [UInt64]
        public let plain: [Run]
        public let clipped: [Run]
        /// Unclipped, at the control learning rate.
        public let control: [Run]

        public var plainDivergedCount: Int { plain.filter { $0.divergedEpoch != nil }.count }
        public var clippedDivergedCount: Int { clipped.filter { $0.divergedEpoch != nil }.count }
        /// Validation accuracy of the runs that finished; a diverged run counts as chance (1/10).
        public func validationAccuracy(clipped: Bool) -> SeedSummary {
            Self.accuracy(clipped ? self.clipped : plain)
        }
        public var controlAccuracy: SeedSummary { Self.accuracy(control) }
        static func accuracy(_ runs: [Run]) -> SeedSummary {
            SeedSummary(runs.map { $0.validationAccuracy ?? 1 / Double(Digits.classCount) })
        }
        /// Per run: the share of the clipped run's steps whose gradient norm exceeded c.
        public var clippedStepSharePerRun: SeedSummary {
            SeedSummary(clipped.map { run in
                Double(run.gradientNorms.filter { $0 > configuration.maxNorm }.count) / Double(max(run.gradientNorms.count, 1))
            })
        }
        /// The share of all clipped-run steps whose gradient norm exceeded c (and was rescaled).
        public var clippedStepShare: Double {
            let norms = clipped.flatMap(\.gradientNorms)
            return Double(norms.filter { $0 > configuration.maxNorm }.count) / Double(max(norms.count, 1))
        }
        /// The largest finite gradient norm of each unclipped run.
        public var plainLargestNorm: SeedSummary {
            SeedSummary(plain.map { $0.gradientNorms.filter(\.isFinite).max() ?? .nan })
        }
    }

    /// Trains every (variant, run) pair, up to `jobs` at once; the variants of a run share its
    /// split and initial weights.
    public static func run(
        _ configuration: Settings, seeds: [UInt64], jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        narration.announce(
            "Gradient clipping: \(3 * seeds.count) deep MLPs with SGD at η = \(formatNumber(configuration.learningRate)) "
                + "(plain, clipped) and η = \(formatNumber(configuration.controlLearningRate)) (control)")
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: configuration.trainCount, validationCount: configuration.validationCount,
                labelNoise: 0, seed: $0
            ).split
        }
        let variants = Variant.allCases
        let runs = try ParallelRuns.map(variants.count * seeds.count, jobs: jobs) { index -> Run in
            let variant = variants[index / seeds.count], run = index % seeds.count
            let progress = narration.startRun("\(variant), run \(run + 1)", 1)
            defer { progress(1, .nan) }
            return try train(
                clips: variant == .clipped,
                learningRate: variant == .control ? configuration.controlLearningRate : configuration.learningRate,
                seed: seeds[run], split: splits[run], configuration: configuration)
        }
        func slice(_ variant: Variant) -> [Run] {
            Array(runs[(variant.rawValue * seeds.count)..<((variant.rawValue + 1) * seeds.count)])
        }
        return Result(
            configuration: configuration, seeds: seeds, plain: slice(.plain), clipped: slice(.clipped),
            control: slice(.control))
    }

    static func train(
        clips: Bool, learningRate: Double, seed: UInt64, split: DataSplit, configuration: Settings
    ) throws -> Run {
        let network = try MultilayerPerceptron.make(sizes: configuration.sizes, dropout: 0, seed: seed)
        let optimizer = try SGD<Float>(
            parameters: network.parameters, learningRate: learningRate,
            momentum: configuration.momentum)
        let trainer = try Trainer(
            network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: configuration.batchSize,
            seed: seed)
        let maxNorm = clips ? configuration.maxNorm : Double.infinity
        var norms: [Double] = []
        // snippet: clipping-transform
        trainer.gradientTransform = { parameters in
            // returns ‖g‖ before clipping; with c = ∞ nothing is rescaled
            let norm = try? clipGradientNorm(parameters, maxNorm: maxNorm)
            norms.append(Double(norm ?? .nan))
        }
        // end-snippet
        do {
            try trainer.fit(on: split.train, epochs: configuration.epochs)
        } catch TrainingError.diverged(let epoch, _, _, _) {
            return Run(seed: seed, clipped: clips, gradientNorms: norms, divergedEpoch: epoch, validationAccuracy: nil)
        }
        let accuracy = network.accuracy(on: split.validation)
        return Run(
            seed: seed, clipped: clips, gradientNorms: norms, divergedEpoch: nil,
            validationAccuracy: accuracy.isFinite ? accuracy : nil)
    }
}

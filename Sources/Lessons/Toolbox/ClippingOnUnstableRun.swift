import NeuralKit

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
    public struct Configuration: Sendable {
        public var trainCount = 300
        public var validationCount = 500
        public var sizes = [64, 128, 128, 128, 128, 10]
        public var learningRate = 0.5
        public var momentum = 0.9
        public var maxNorm = 1.0
        public var epochs = 10
        public var batchSize = 32
        public var seedCount = 4
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                seedCount = 3
                trainCount = 200
                epochs = 8
            }
        }

        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }

        public var captionConfiguration: String {
            "digits, \(trainCount) training / \(validationCount) validation images, "
                + "MLP \(sizes.map(String.init).joined(separator: "-")), SGD(η = \(learningRate), "
                + "momentum \(momentum)), batch \(batchSize), \(epochs) epochs, clipping c = \(maxNorm), "
                + "seeds \(seeds.first!)–\(seeds.last!)"
        }
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
        public let configuration: Configuration
        public let plain: [Run]
        public let clipped: [Run]

        public var plainDivergedCount: Int { plain.filter { $0.divergedEpoch != nil }.count }
        public var clippedDivergedCount: Int { clipped.filter { $0.divergedEpoch != nil }.count }
        /// Validation accuracy of the runs that finished; a diverged run counts as chance (1/10).
        public func validationAccuracy(clipped: Bool) -> SeedSummary {
            SeedSummary((clipped ? self.clipped : plain).map { $0.validationAccuracy ?? 0.1 })
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

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        narration.announce(
            "Gradient clipping: \(2 * configuration.seedCount) deep MLPs with SGD at η = \(configuration.learningRate)")
        var plain: [Run] = []
        var clipped: [Run] = []
        for seed in configuration.seeds {
            let split = try NoisyDigitsSplit(
                trainCount: configuration.trainCount, validationCount: configuration.validationCount,
                labelNoise: 0, seed: seed).split
            for clips in [false, true] {
                let run = try train(clips: clips, seed: seed, split: split, configuration: configuration)
                if clips { clipped.append(run) } else { plain.append(run) }
            }
        }
        return Result(configuration: configuration, plain: plain, clipped: clipped)
    }

    static func train(clips: Bool, seed: UInt64, split: DataSplit, configuration: Configuration) throws -> Run {
        let network = try MultilayerPerceptron.make(sizes: configuration.sizes, dropout: 0, seed: seed)
        let optimizer = try SGD<Float>(
            parameters: network.parameters, learningRate: configuration.learningRate,
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

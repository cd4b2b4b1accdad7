import NeuralKit

/// Section 1 of the overfitting lesson: the point where training and validation loss part.
///
/// An MLP with far more parameters than training points is trained for many epochs on a few
/// dozen noisy-sine points. The training loss keeps falling; the validation loss falls, reaches
/// a minimum at epoch e*, and rises again. From e* on the network fits the noise:
///
/// ```
/// e* = argmin_e L_val(e),    overfitting phase = (e*, E]
/// ```
public enum DivergencePoint {
    public struct Configuration: Sendable {
        public var problem = SineProblem()
        public var sizes = [1, 128, 128, 1]
        public var epochs = 1500
        public var learningRate = 0.003
        public var curvePoints = 200
        public var seedCount = 5
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                seedCount = 3
            }
        }

        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }
        public var parameterCount: Int { SineProblem.parameterCount(sizes: sizes) }

        public var captionConfiguration: String { description(seeds: "seeds \(seeds.first!)–\(seeds.last!)") }
        /// The figure shows the first seed only.
        public var figureConfiguration: String { description(seeds: "seed \(seed)") }

        private func description(seeds: String) -> String {
            "noisy sine, \(problem.trainCount) training / \(problem.validationCount) validation points, "
                + "σ = \(problem.noise), MLP \(sizes.map(String.init).joined(separator: "-")), "
                + "full-batch Adam(η = \(learningRate)), \(epochs) epochs, \(seeds)"
        }
    }

    /// One seed: its data and fit.
    public struct Run: Sendable {
        public let seed: UInt64
        public let train: Dataset
        public let fit: SineFit
        /// The mean squared distance of a fitted curve from the noise-free sin(x) on the grid.
        public var bestCurveError: Double { Self.distanceFromTruth(fit.bestCurve, at: fit.curveInputs) }
        public var finalCurveError: Double { Self.distanceFromTruth(fit.finalCurve, at: fit.curveInputs) }

        static func distanceFromTruth(_ curve: [Double], at xs: [Double]) -> Double {
            zip(curve, xs).reduce(0) { $0 + ($1.0 - Double.sin($1.1)) * ($1.0 - Double.sin($1.1)) } / Double(xs.count)
        }
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let runs: [Run]

        public var bestEpoch: SeedSummary { SeedSummary(runs.map { Double($0.fit.bestEpoch) }) }
        public var bestValidationLoss: SeedSummary { SeedSummary(runs.map(\.fit.bestValidationLoss)) }
        public var finalValidationLoss: SeedSummary { SeedSummary(runs.map(\.fit.finalValidationLoss)) }
        public var trainLossAtBest: SeedSummary { SeedSummary(runs.map(\.fit.trainLossAtBest)) }
        public var finalTrainLoss: SeedSummary { SeedSummary(runs.map(\.fit.finalTrainLoss)) }
        /// Validation loss at the end divided by its minimum.
        public var validationRise: SeedSummary {
            SeedSummary(runs.map { $0.fit.finalValidationLoss / $0.fit.bestValidationLoss })
        }
        public var bestCurveError: SeedSummary { SeedSummary(runs.map(\.bestCurveError)) }
        public var finalCurveError: SeedSummary { SeedSummary(runs.map(\.finalCurveError)) }
        /// Seeds whose validation loss ended at least 10 % above its minimum, with the minimum
        /// before the last tenth of training.
        public var seedsThatDiverged: Int {
            runs.filter {
                $0.fit.finalValidationLoss > 1.1 * $0.fit.bestValidationLoss
                    && $0.fit.bestEpoch < configuration.epochs * 9 / 10
            }.count
        }
    }

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        let problem = configuration.problem
        narration.announce(
            "Training MLP \(configuration.sizes.map(String.init).joined(separator: "-")) "
                + "(\(configuration.parameterCount) parameters) on \(problem.trainCount) noisy-sine points, "
                + "\(configuration.seeds.count) seeds")
        let grid = SineProblem.grid(count: configuration.curvePoints)
        let runs = try configuration.seeds.map { seed in
            let train = try problem.trainingSet(seed: seed)
            let fit = try SineFit.train(
                sizes: configuration.sizes, on: train, validation: try problem.validationSet(seed: seed),
                epochs: configuration.epochs, learningRate: configuration.learningRate, seed: seed,
                curveAt: grid, progress: narration.trainerProgress("seed \(seed)", epochs: configuration.epochs))
            return Run(seed: seed, train: train, fit: fit)
        }
        return Result(configuration: configuration, runs: runs)
    }
}

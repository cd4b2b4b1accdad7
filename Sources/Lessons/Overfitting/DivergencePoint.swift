import NeuralKit
import Notebook
import NotebookDocument

/// Section 1 of the overfitting lesson: the point where training and validation loss part.
///
/// An MLP with far more parameters than training points is trained for many epochs on a few
/// dozen noisy-sine points. The training loss keeps falling; the validation loss falls, reaches
/// a minimum at epoch e*, and rises again. From e* on the network fits the noise:
///
/// ```
/// e* = argmin_e L_val(e),    overfitting phase = (e*, E]
/// ```
///
/// Each run has its own training set, validation set and initial weights (its own run seed).
public enum DivergencePoint {
    public struct Settings: ExperimentSettings {
        public var trainCount = 20
        public var validationCount = 200
        /// σ, the standard deviation of the noise on y.
        public var noise = 0.4
        public var hidden = [128, 128]
        public var epochs = 1500
        public var learningRate = 0.003
        /// Points at which the fitted curves are drawn and compared with sin x.
        public var curvePoints = 200
        /// Independent runs (each with its own data and initial weights).
        public var runs = 5
        /// A validation loss that ends more than this share above its minimum counts as a rise.
        public var riseMargin = 0.1
        /// Epochs of the first run shown by the web edition's epoch slider (spaced evenly on a
        /// log scale, plus the validation minimum).
        public var explorerFrames = 16

        public init(quick: Bool) {
            if quick { runs = 3 }
        }

        static let owner = "divergence"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integer("train-count", \.trainCount, in: 3...2_000, "training points per run", owner: owner),
            .integer("validation-count", \.validationCount, in: 10...10_000, "fresh validation points per run", owner: owner),
            .number("noise", \.noise, from: 0, lowerIncluded: false, to: 5, upperIncluded: true, "σ of the noise on y", owner: owner),
            .integers("hidden", \.hidden, in: 1...1_024, count: 1...4, "hidden layer widths", owner: owner),
            .integer("epochs", \.epochs, in: 2...20_000, "full-batch epochs per run", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "Adam's learning rate η", owner: owner),
            .integer("curve-points", \.curvePoints, in: 10...2_000, "inputs at which the fitted curves are compared with sin x", owner: owner),
            .integer("runs", \.runs, in: 1...50, "independent runs (data and initial weights)", owner: owner),
            .number(
                "rise-margin", \.riseMargin, from: 0, to: 10, upperIncluded: true,
                "how far above its minimum the final validation loss must end to count as a rise (0.1 = 10 %)",
                owner: owner),
            .integer(
                "explorer-frames", \.explorerFrames, in: 2...200,
                "epochs of the first run the epoch slider shows (log-spaced, plus the minimum)", owner: owner),
        ]

        /// `explorerFrames` epochs from 1 to `epochs`, evenly spaced on a log scale.
        public var snapshotEpochs: Set<Int> {
            let n = max(2, explorerFrames)
            let top = Double.log(Double(epochs))
            return Set((0..<n).map { min(epochs, max(1, Int(Double.exp(top * Double($0) / Double(n - 1)).rounded()))) })
        }

        public var problem: SineProblem {
            var problem = SineProblem()
            problem.trainCount = trainCount
            problem.validationCount = validationCount
            problem.noise = Float(noise)
            return problem
        }
        public var sizes: [Int] { [1] + hidden + [1] }
        public var parameterCount: Int { SineProblem.parameterCount(sizes: sizes) }

        /// The configuration every caption carries (`runs` runs of seed `seed`, or one run).
        public func captionConfiguration(seed: UInt64, runs: Int? = nil) -> String {
            let count = runs ?? self.runs
            return "noisy sine, \(trainCount) training / \(validationCount) validation points, "
                + "σ = \(formatNumber(noise)), MLP \(sizes.map(String.init).joined(separator: "-")), "
                + "full-batch Adam(η = \(formatNumber(learningRate))), \(epochs) epochs, "
                + (count == 1 ? "first run of \(SeedStream.captionForm(base: seed, runs: self.runs))"
                    : SeedStream.captionForm(base: seed, runs: count))
        }
    }

    /// One run: its data and fit.
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
        public let configuration: Settings
        public let baseSeed: UInt64
        public let runs: [Run]

        public var seeds: [UInt64] { runs.map(\.seed) }
        public var bestEpoch: SeedSummary { SeedSummary(runs.map { Double($0.fit.bestEpoch) }) }
        public var bestValidationLoss: SeedSummary { SeedSummary(runs.map(\.fit.bestValidationLoss)) }
        public var finalValidationLoss: SeedSummary { SeedSummary(runs.map(\.fit.finalValidationLoss)) }
        public var trainLossAtBest: SeedSummary { SeedSummary(runs.map(\.fit.trainLossAtBest)) }
        public var finalTrainLoss: SeedSummary { SeedSummary(runs.map(\.fit.finalTrainLoss)) }
        /// (final validation loss − its minimum) / its minimum, per run. One steep detour can make
        /// this many times larger on one run than on the others: quote its median and range.
        public var validationRise: SeedSummary {
            SeedSummary(runs.map { $0.fit.finalValidationLoss / $0.fit.bestValidationLoss - 1 })
        }
        /// log(final / minimum validation loss): the rise on a scale one run cannot dominate.
        public var logValidationRise: SeedSummary {
            SeedSummary(runs.map { Double.log($0.fit.finalValidationLoss / $0.fit.bestValidationLoss) })
        }
        public var bestCurveError: SeedSummary { SeedSummary(runs.map(\.bestCurveError)) }
        public var finalCurveError: SeedSummary { SeedSummary(runs.map(\.finalCurveError)) }
        /// Runs whose validation loss ended more than `riseMargin` above its minimum.
        public var runsThatRose: Int {
            validationRise.values.filter { $0 > configuration.riseMargin }.count
        }
    }

    public static func run(
        _ configuration: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        let problem = configuration.problem
        narration.announce(
            "Training MLP \(configuration.sizes.map(String.init).joined(separator: "-")) "
                + "(\(configuration.parameterCount) parameters) on \(problem.trainCount) noisy-sine points, "
                + "\(seeds.count) runs")
        let grid = SineProblem.grid(count: configuration.curvePoints)
        let runs = try ParallelRuns.map(seeds.count, jobs: jobs) { index -> Run in
            let seed = seeds[index]
            let train = try problem.trainingSet(seed: seed)
            let fit = try SineFit.train(
                sizes: configuration.sizes, on: train, validation: try problem.validationSet(seed: seed),
                epochs: configuration.epochs, learningRate: configuration.learningRate, seed: seed,
                curveAt: grid, snapshotEpochs: index == 0 ? configuration.snapshotEpochs : [],
                progress: narration.trainerProgress("run \(index + 1)", epochs: configuration.epochs))
            return Run(seed: seed, train: train, fit: fit)
        }
        return Result(configuration: configuration, baseSeed: baseSeed, runs: runs)
    }
}

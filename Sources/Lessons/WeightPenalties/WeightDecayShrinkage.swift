import Foundation
import NeuralKit
import Notebook
import NotebookDocument

/// Section 1: one SGD step with weight decay and a zero data gradient multiplies every weight by
/// exactly `(1 − ηλ)`; and the L2 penalty as a budget: the regularisation path of a two-weight
/// least-squares problem under L2 (a circle) and L1 (a diamond).
///
/// ```
/// w ← w − η·(∇L + λ·w) = (1 − ηλ)·w − η·∇L        (∇L = 0: pure shrinkage)
/// ```
public enum WeightDecayShrinkage {
    public struct Settings: ExperimentSettings {
        public var weights: [Double] = [2, -3]
        public var learningRate = 0.1
        public var weightDecay = 1e-4
        /// Steps for the long-run check `w·(1 − ηλ)ᵏ`.
        public var longRunSteps = 1000
        /// H of the two-weight problem, row-major 2 × 2 (symmetric positive definite).
        public var curvature: [Double] = [1.0, 0.7, 0.7, 1.2]
        /// w*, its unregularised minimum.
        public var optimum: [Double] = [2.0, 0.8]
        /// The λ grid of the regularisation paths: `path-points` values from `path-lambda-min` to
        /// `path-lambda-max`, evenly spaced on a log scale.
        public var pathPoints = 61
        public var pathLambdaMin = 0.01
        public var pathLambdaMax = 31.622_776_601_683_793
        /// The λ whose budgets (circle and diamond) the figure draws.
        public var budgetLambda = 1.0

        public init(quick: Bool) {}

        static let owner = "shrinkage"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .numbers("weights", \.weights, from: -1_000, to: 1_000, count: 2...2, "the two weights w before the step", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 10, upperIncluded: true,
                "SGD's learning rate η", owner: owner),
            .number("weight-decay", \.weightDecay, from: 0, to: 10, upperIncluded: true, "SGD's weight decay λ", owner: owner),
            .integer("long-run-steps", \.longRunSteps, in: 1...1_000_000, "steps of the long-run check", owner: owner),
            .numbers(
                "curvature", \.curvature, from: -100, to: 100, count: 4...4,
                "H of the two-weight loss ½(w − w*)ᵀH(w − w*), row-major", owner: owner),
            .numbers("optimum", \.optimum, from: -100, to: 100, count: 2...2, "w*, the unregularised minimum", owner: owner),
            .integer("path-points", \.pathPoints, in: 2...1_000, "values of λ along the paths", owner: owner),
            .number(
                "path-lambda-min", \.pathLambdaMin, from: 0, lowerIncluded: false, to: 1_000,
                "the smallest λ of the paths", owner: owner),
            .number(
                "path-lambda-max", \.pathLambdaMax, from: 0, lowerIncluded: false, to: 10_000,
                "the largest λ of the paths", owner: owner),
            .number(
                "budget-lambda", \.budgetLambda, from: 0, lowerIncluded: false, to: 10_000,
                "the λ whose L1 and L2 budgets the figure draws", owner: owner),
        ]

        public var captionConfiguration: String {
            "w = (\(weights.map(formatNumber).joined(separator: ", "))), η = \(formatNumber(learningRate)), λ = \(formatNumber(weightDecay)), ∇L = 0"
        }

        /// The two-weight problem of the paths.
        public var path: RegularizationPath.Configuration {
            var path = RegularizationPath.Configuration()
            path.curvature = curvature
            path.optimum = optimum
            let (low, high) = (Foundation.log10(pathLambdaMin), Foundation.log10(pathLambdaMax))
            path.lambdas = (0..<pathPoints).map { Foundation.pow(10, low + (high - low) * Double($0) / Double(pathPoints - 1)) }
            return path
        }

        func validate() throws {
            let h = curvature
            guard h[1] == h[2], h[0] > 0, h[0] * h[3] - h[1] * h[2] > 0 else {
                throw SettingError(
                    "shrinkage: curvature \(h.map(formatNumber).joined(separator: ",")) must be symmetric positive definite (h12 = h21, h11 > 0, det > 0), e.g. 1,0.7,0.7,1.2")
            }
            guard pathLambdaMin < pathLambdaMax else {
                throw SettingError("shrinkage: path-lambda-min \(formatNumber(pathLambdaMin)) must be below path-lambda-max \(formatNumber(pathLambdaMax))")
            }
        }
    }

    public struct Result: Sendable {
        public let configuration: Settings
        /// The weights after one `SGD(weightDecay:)` step in Double.
        public let afterOneStep: [Double]
        /// The same step in Float.
        public let afterOneStepFloat: [Float]
        /// `w_after / w_before` per weight (Double).
        public let factors: [Double]
        /// `1 − ηλ`.
        public let predictedFactor: Double
        /// The weights after `longRunSteps` steps, and `w·(1 − ηλ)ᵏ`.
        public let afterLongRun: [Double]
        public let predictedLongRun: [Double]
        /// The regularisation paths of the two-weight problem.
        public let paths: RegularizationPath.Result
    }

    public static func run(_ configuration: Settings) throws -> Result {
        try configuration.validate()
        // snippet: shrinkage-step
        let weight = Parameter<Double>(
            Tensor(rowVector: configuration.weights), role: .weight)
        let optimizer = try SGD<Double>(
            parameters: [weight], learningRate: configuration.learningRate,
            weightDecay: configuration.weightDecay)
        optimizer.zeroGradients()  // the data gradient ∇L is exactly zero
        optimizer.step()  // w ← w − η·(0 + λ·w)
        let factors = zip(weight.value.scalars, configuration.weights).map { $0 / $1 }
        // end-snippet
        let afterOne = weight.value.scalars

        let floatWeight = Parameter<Float>(
            Tensor(rowVector: configuration.weights.map(Float.init)), role: .weight)
        let floatOptimizer = try SGD<Float>(
            parameters: [floatWeight], learningRate: configuration.learningRate,
            weightDecay: configuration.weightDecay)
        floatOptimizer.zeroGradients()
        floatOptimizer.step()

        for _ in 1..<configuration.longRunSteps {
            optimizer.zeroGradients()
            optimizer.step()
        }
        let predictedFactor = 1 - configuration.learningRate * configuration.weightDecay
        let k = Double(configuration.longRunSteps)
        return Result(
            configuration: configuration, afterOneStep: afterOne, afterOneStepFloat: floatWeight.value.scalars,
            factors: factors, predictedFactor: predictedFactor, afterLongRun: weight.value.scalars,
            predictedLongRun: configuration.weights.map { $0 * Foundation.pow(predictedFactor, k) },
            paths: RegularizationPath.run(configuration.path))
    }
}

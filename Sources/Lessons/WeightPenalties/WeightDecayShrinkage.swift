import Foundation
import NeuralKit

/// Section 1: one SGD step with weight decay and a zero data gradient multiplies every weight by
/// exactly `(1 − ηλ)`; and the L2 penalty as a budget: the regularisation path of a two-weight
/// least-squares problem under L2 (a circle) and L1 (a diamond).
///
/// ```
/// w ← w − η·(∇L + λ·w) = (1 − ηλ)·w − η·∇L        (∇L = 0: pure shrinkage)
/// ```
public enum WeightDecayShrinkage {
    public struct Configuration: Sendable {
        public var weights: [Double] = [2, -3]
        public var learningRate = 0.1
        public var weightDecay = 1e-4
        /// Steps for the long-run check `w·(1 − ηλ)ᵏ`.
        public var longRunSteps = 1000
        public init() {}

        public var captionConfiguration: String {
            "w = \(weights), η = \(learningRate), λ = \(weightDecay), ∇L = 0"
        }
    }

    public struct Result: Sendable {
        public let configuration: Configuration
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

    public static func run(_ configuration: Configuration) throws -> Result {
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
            paths: RegularizationPath.run(.init()))
    }
}

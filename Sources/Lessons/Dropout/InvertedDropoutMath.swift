import NeuralKit
import Notebook
import NotebookDocument

/// Section 1 of the dropout lesson: the expectation and variance of a dropped-out activation,
/// measured on many copies of one activation `a` and compared with the formulas
///
/// ```
/// inverted, training:  y = m·a/(1−p),  m ~ Bernoulli(1−p)   E[y] = a,         Var[y] = a²·p/(1−p)
/// standard, training:  y = m·a                               E[y] = (1−p)·a
/// standard, inference: y = (1−p)·a                           (matches the training mean)
/// unscaled, inference: y = a                                 (1/(1−p) times the training mean)
/// ```
public enum InvertedDropoutMath {
    public struct Settings: ExperimentSettings {
        /// The dropout probabilities p to measure.
        public var probabilities: [Double] = [0.1, 0.25, 0.5, 0.75, 0.9]
        /// How many copies of the activation go through the layer for each p.
        public var sampleCount = 1_000_000
        /// The activation a that every element carries.
        public var activation: Double = 1.5

        public init(quick: Bool) {
            if quick { sampleCount = 100_000 }
        }

        public static let declarations: [SettingDeclaration<Settings>] = [
            .numbers(
                "probabilities", \.probabilities, from: 0, lowerIncluded: false, to: 1, count: 1...12,
                "the drop probabilities p to measure", owner: "expectation"),
            .integer(
                "samples", \.sampleCount, in: 1_000...20_000_000, "copies of the activation per p", owner: "expectation"),
            .number(
                "activation", \.activation, from: 0, lowerIncluded: false, to: 1_000, upperIncluded: true,
                "the activation a every copy carries", owner: "expectation"),
        ]
    }

    /// The measurements for one dropout probability.
    public struct Row: Sendable {
        public let probability: Double
        /// Mean of the inverted-dropout outputs in training mode (formula: a).
        public let invertedMean: Double
        /// Standard error of that mean, √(Var[y]/n) with the formula's variance.
        public let standardError: Double
        /// Sample variance of the inverted-dropout outputs (formula: a²·p/(1−p)).
        public let invertedVariance: Double
        public let formulaVariance: Double
        /// Fraction of elements kept (formula: 1 − p).
        public let keptFraction: Double
        /// Mean of standard (non-inverted) dropout in training mode (formula: (1−p)·a).
        public let standardTrainingMean: Double
        /// Standard dropout's inference output, (1−p)·a.
        public let standardInferenceOutput: Double
        /// Inference output divided by the training mean when the layer never scales:
        /// what a network sees if it forgets to rescale (formula: 1/(1−p)).
        public let unscaledInferenceRatio: Double
        /// Inverted dropout in evaluation mode returned its input unchanged.
        public let evaluationIsIdentity: Bool

        /// |E[y] − a| in standard errors.
        public func meanErrorInStandardErrors(activation: Double) -> Double {
            abs(invertedMean - activation) / standardError
        }

        public var varianceRelativeError: Double {
            abs(invertedVariance - formulaVariance) / formulaVariance
        }
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let seed: UInt64
        public let rows: [Row]
    }

    public static func run(_ configuration: Settings, seed: UInt64) throws -> Result {
        let a = configuration.activation
        let n = configuration.sampleCount
        let input = Tensor<Double>(rows: 1, columns: n, repeating: a)
        var rows: [Row] = []
        let generator = RandomGenerator(seed: seed)
        for (index, p) in configuration.probabilities.enumerated() {
            // snippet: dropout-expectation
            let inverted = try Dropout<Double>(
                probability: p, generator: generator.derived("inverted-\(index)"))
            inverted.train()
            let y = inverted.forward(input)
            let mean = y.mean()
            let variance = (y.sumOfSquares() - Double(n) * mean * mean) / Double(n - 1)
            let formulaVariance = a * a * p / (1 - p)
            // end-snippet
            let keptFraction = inverted.mask.sum() / Double(n)

            inverted.eval()
            let evaluationIsIdentity = inverted.forward(input) == input

            let standard = try StandardDropout<Double>(
                probability: p, generator: generator.derived("standard-\(index)"))
            standard.train()
            let standardTrainingMean = standard.forward(input).mean()
            standard.eval()
            let standardInferenceOutput = standard.forward(input).mean()

            rows.append(
                Row(
                    probability: p,
                    invertedMean: mean,
                    standardError: (formulaVariance / Double(n)).squareRoot(),
                    invertedVariance: variance,
                    formulaVariance: formulaVariance,
                    keptFraction: keptFraction,
                    standardTrainingMean: standardTrainingMean,
                    standardInferenceOutput: standardInferenceOutput,
                    unscaledInferenceRatio: a / standardTrainingMean,
                    evaluationIsIdentity: evaluationIsIdentity))
        }
        return Result(configuration: configuration, seed: seed, rows: rows)
    }
}

import NeuralKit

/// Sections 2 and 3 of the overfitting lesson: capacity, and the bias–variance decomposition.
///
/// Networks `1-h-h-1` of growing hidden width h are each trained on R independent noisy-sine
/// training sets D₁ … D_R (the same sets for every width) for the same number of epochs, and
/// predict at fixed test inputs x_j. Per width this gives the training loss and the test error
/// over R runs: training error falls as h grows, test error traces a U. The parameter count
///
/// ```
/// P(h) = 2h + (h+1)h + (h+1) = h² + 4h + 1,    parameters per sample = P(h) / n
/// ```
///
/// puts the x-axis in the units of the "parameters per image" argument. With the average prediction f̄(x) = (1/R) Σ_r f_r(x) and the noise-free
/// target f(x) = sin x, the expected squared error on a new noisy point y = f(x) + ε splits as
///
/// ```
/// E[(f_D(x) − y)²] = (f̄(x) − f(x))²  +  E[(f_D(x) − f̄(x))²]  +  σ²
///                        bias²              variance             noise
/// ```
///
/// averaged over the test inputs. The measured test error uses fresh noisy targets (several per
/// training set and test input), so the sum and the measurement are computed independently.
public enum CapacitySweep {
    public struct Configuration: Sendable {
        public var problem = SineProblem()
        public var widths = [1, 2, 4, 8, 16, 32, 64, 128]
        public var trainingSets = 12
        public var testPoints = 100
        /// Fresh noisy targets drawn per (training set, test input) for the measured error.
        public var targetDraws = 20
        public var epochs = 1500
        public var learningRate = 0.003
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                widths = [1, 4, 8, 128]
                trainingSets = 6
            }
        }

        public var captionConfiguration: String {
            "noisy sine, \(trainingSets) training sets of \(problem.trainCount) points, σ = \(problem.noise), "
                + "\(testPoints) test inputs × \(targetDraws) noisy targets, MLP 1-h-h-1 with h ∈ {\(widths.map(String.init).joined(separator: ", "))}, "
                + "full-batch Adam(η = \(learningRate)), \(epochs) epochs, seed \(seed)"
        }
    }

    /// The decomposition for one width.
    public struct Decomposition: Sendable {
        public let width: Int
        public let parameterCount: Int
        public let parametersPerSample: Double
        /// (1/J) Σ_j (f̄(x_j) − f(x_j))²
        public let biasSquared: Double
        /// (1/J) Σ_j (1/R) Σ_r (f_r(x_j) − f̄(x_j))²
        public let variance: Double
        /// σ², the variance of the noise the data were generated with.
        public let noise: Double
        /// (1/(RJK)) Σ_r Σ_j Σ_k (f_r(x_j) − y_rjk)² with fresh noisy targets y_rjk.
        public let measuredError: Double
        /// The standard error of `measuredError` (the spread of the squared errors / √(RJK)).
        public let measuredStandardError: Double
        /// Training loss after the last epoch, per training set.
        public let trainLoss: SeedSummary
        /// Test error (mean squared error against the noisy test targets), per training set.
        public let testError: SeedSummary
        /// The generalisation gap, test error minus training loss, per training set.
        public var gap: SeedSummary { testError - trainLoss }
        /// Test error divided by training loss, per training set.
        public var ratio: SeedSummary { SeedSummary(zip(testError.values, trainLoss.values).map { $0 / $1 }) }

        public var sum: Double { biasSquared + variance + noise }
        /// How far the sum is from the measurement, in standard errors of the measurement.
        public var discrepancyInStandardErrors: Double { (sum - measuredError) / measuredStandardError }
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let decompositions: [Decomposition]
        /// The test inputs, and each width's mean prediction f̄ and its spread (for the figure).
        public let testInputs: [Double]
        public let meanPredictions: [[Double]]
        public let predictionSpread: [[Double]]

        /// The width with the lowest test error: the bottom of the U.
        public var best: Decomposition { decompositions.min { $0.measuredError < $1.measuredError }! }
        public var smallest: Decomposition { decompositions.first! }
        public var largest: Decomposition { decompositions.last! }
    }

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        let problem = configuration.problem
        let R = configuration.trainingSets
        narration.announce(
            "Capacity: widths \(configuration.widths) × \(R) training sets of \(problem.trainCount) points")
        let xs = SineProblem.grid(count: configuration.testPoints)
        let truth = xs.map { Double.sin($0) }
        // The same training sets and the same test noise for every width (paired comparison).
        let root = RandomGenerator(seed: configuration.seed).derived("bias-variance")
        let sets = try (0..<R).map { r in try problem.trainingSet(seed: configuration.seed, label: "bias-variance-\(r)") }
        var noiseGenerator = root.derived("test-noise")
        let K = configuration.targetDraws
        let testTargets = (0..<R).map { _ in
            truth.map { f in (0..<K).map { _ in f + Double(problem.noise) * Double(noiseGenerator.normal(Float.self)) } }
        }

        var decompositions: [Decomposition] = []
        var meanPredictions: [[Double]] = []
        var predictionSpread: [[Double]] = []
        for width in configuration.widths {
            let sizes = [1, width, width, 1]
            let update = narration.startRun("h = \(width), \(R) training sets", R)
            var predictions: [[Double]] = []
            var trainLosses: [Double] = []
            for (r, set) in sets.enumerated() {
                let fit = try SineFit.train(
                    sizes: sizes, on: set, validation: nil, epochs: configuration.epochs,
                    learningRate: configuration.learningRate, seed: configuration.seed &+ UInt64(r), curveAt: xs)
                predictions.append(fit.finalCurve)
                trainLosses.append(fit.finalTrainLoss)
                update(r + 1, fit.finalTrainLoss)
            }
            // snippet: bias-variance
            let J = Double(xs.count)
            let meanPrediction = xs.indices.map { j in
                predictions.reduce(0) { $0 + $1[j] } / Double(R)
            }
            let biasSquared = xs.indices.reduce(0) { sum, j in
                sum + (meanPrediction[j] - truth[j]) * (meanPrediction[j] - truth[j])
            } / J
            let variance = xs.indices.reduce(0) { sum, j in
                sum + predictions.reduce(0) {
                    $0 + ($1[j] - meanPrediction[j]) * ($1[j] - meanPrediction[j])
                } / Double(R)
            } / J
            // measured independently: squared errors against fresh noisy targets
            let squaredErrors = (0..<R).flatMap { r in
                xs.indices.flatMap { j in
                    testTargets[r][j].map { y in (predictions[r][j] - y) * (predictions[r][j] - y) }
                }
            }
            // end-snippet
            let errors = SeedSummary(squaredErrors)
            let perSet = (0..<R).map { r in
                squaredErrors[(r * xs.count * K)..<((r + 1) * xs.count * K)].reduce(0, +) / (J * Double(K))
            }
            decompositions.append(
                Decomposition(
                    width: width, parameterCount: SineProblem.parameterCount(sizes: sizes),
                    parametersPerSample: Double(SineProblem.parameterCount(sizes: sizes)) / Double(problem.trainCount),
                    biasSquared: biasSquared, variance: variance, noise: problem.noiseVariance,
                    measuredError: errors.mean,
                    measuredStandardError: errors.standardDeviation / Double(squaredErrors.count).squareRoot(),
                    trainLoss: SeedSummary(trainLosses), testError: SeedSummary(perSet)))
            meanPredictions.append(meanPrediction)
            predictionSpread.append(
                xs.indices.map { j in SeedSummary(predictions.map { $0[j] }).standardDeviation })
        }
        return Result(
            configuration: configuration, decompositions: decompositions, testInputs: xs,
            meanPredictions: meanPredictions, predictionSpread: predictionSpread)
    }
}

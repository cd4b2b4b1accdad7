import NeuralKit
import Notebook
import NotebookDocument

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
///
/// Training set r, its initial weights and its test noise all come from run seed r, the same for
/// every width: a comparison of two widths is paired, one difference per training set.
public enum CapacitySweep {
    public struct Settings: ExperimentSettings {
        public var widths = [1, 2, 4, 8, 16, 32, 64, 128]
        /// R, the number of independently drawn training sets (each width is trained on all).
        public var trainingSets = 12
        public var trainCount = 20
        /// σ, the standard deviation of the noise on y.
        public var noise = 0.4
        public var testPoints = 100
        /// Fresh noisy targets drawn per (training set, test input) for the measured error.
        public var targetDraws = 20
        public var epochs = 1500
        public var learningRate = 0.003

        public init(quick: Bool) {
            if quick {
                widths = [1, 4, 8, 128]
                trainingSets = 6
            }
        }

        static let owner = "capacity"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integers("widths", \.widths, in: 1...1_024, count: 3...16, "hidden widths h of the networks 1-h-h-1, in increasing order", owner: owner),
            .integer("training-sets", \.trainingSets, in: 2...200, "independently drawn training sets R (run seeds)", owner: owner),
            .integer("train-count", \.trainCount, in: 3...2_000, "points per training set", owner: owner),
            .number("noise", \.noise, from: 0, lowerIncluded: false, to: 5, upperIncluded: true, "σ of the noise on y", owner: owner),
            .integer("test-points", \.testPoints, in: 2...5_000, "test inputs spread over [−π, π]", owner: owner),
            .integer("target-draws", \.targetDraws, in: 1...1_000, "fresh noisy targets per training set and test input", owner: owner),
            .integer("epochs", \.epochs, in: 1...20_000, "full-batch epochs per network", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "Adam's learning rate η", owner: owner),
        ]

        public var problem: SineProblem {
            var problem = SineProblem()
            problem.trainCount = trainCount
            problem.noise = Float(noise)
            return problem
        }

        /// Throws unless the widths increase (the text reads the first as the smallest).
        func validateWidths() throws {
            guard zip(widths, widths.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw SettingError(
                    "capacity: widths \(widths.map(String.init).joined(separator: ",")) must increase strictly, e.g. 1,4,16,64")
            }
        }

        public func captionConfiguration(seed: UInt64) -> String {
            "noisy sine, \(trainingSets) training sets of \(trainCount) points, σ = \(formatNumber(noise)), "
                + "\(testPoints) test inputs × \(targetDraws) noisy targets, MLP 1-h-h-1 with h ∈ {\(widths.map(String.init).joined(separator: ", "))}, "
                + "full-batch Adam(η = \(formatNumber(learningRate))), \(epochs) epochs, \(SeedStream.captionForm(base: seed, runs: trainingSets))"
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
        /// Each training set's share of the variance, (1/J) Σ_j (f_r(x_j) − f̄(x_j))², per set:
        /// their mean is `variance`.
        public let setVariance: SeedSummary
        /// The generalisation gap, test error minus training loss, per training set.
        public var gap: SeedSummary { testError - trainLoss }
        /// Test error divided by training loss, per training set. One set with a tiny training
        /// loss can make this huge: quote its median.
        public var ratio: SeedSummary { SeedSummary(zip(testError.values, trainLoss.values).map { $0 / $1 }) }
        /// log(test error / training loss), per training set.
        public var logRatio: SeedSummary { SeedSummary(ratio.values.map { Double.log($0) }) }

        public var sum: Double { biasSquared + variance + noise }
        /// How far the sum is from the measurement, in standard errors of the measurement.
        public var discrepancyInStandardErrors: Double { (sum - measuredError) / measuredStandardError }
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let baseSeed: UInt64
        /// The run seed of each training set.
        public let seeds: [UInt64]
        public let decompositions: [Decomposition]
        /// The test inputs, and each width's mean prediction f̄ and its spread (for the figure).
        public let testInputs: [Double]
        public let meanPredictions: [[Double]]
        public let predictionSpread: [[Double]]

        /// The width with the lowest mean test error: the bottom of the U, as these training sets
        /// place it. It is chosen on the same sets it is then compared on, which flatters it.
        public var best: Decomposition { decompositions[bestIndex] }
        public var bestIndex: Int {
            decompositions.indices.min { decompositions[$0].measuredError < decompositions[$1].measuredError }!
        }
        /// The widths next to the best one (one at either end of the sweep).
        public var neighboursOfBest: [Decomposition] {
            [bestIndex - 1, bestIndex + 1].filter(decompositions.indices.contains).map { decompositions[$0] }
        }
        public var smallest: Decomposition { decompositions.first! }
        public var largest: Decomposition { decompositions.last! }
    }

    public static func run(
        _ configuration: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        try configuration.validateWidths()
        let problem = configuration.problem
        let R = seeds.count
        narration.announce(
            "Capacity: widths \(configuration.widths) × \(R) training sets of \(problem.trainCount) points")
        let xs = SineProblem.grid(count: configuration.testPoints)
        let truth = xs.map { Double.sin($0) }
        // The same training sets and the same test noise for every width (paired comparison).
        let sets = try seeds.map { try problem.trainingSet(seed: $0, label: "bias-variance") }
        let K = configuration.targetDraws
        let testTargets = seeds.map { seed in
            var noiseGenerator = RandomGenerator(seed: seed).derived("test-noise")
            return truth.map { f in (0..<K).map { _ in f + Double(problem.noise) * Double(noiseGenerator.normal(Float.self)) } }
        }

        var decompositions: [Decomposition] = []
        var meanPredictions: [[Double]] = []
        var predictionSpread: [[Double]] = []
        for width in configuration.widths {
            let sizes = [1, width, width, 1]
            let update = narration.startRun("h = \(width), \(R) training sets", R)
            let fits = try ParallelRuns.map(R, jobs: jobs) { r in
                try SineFit.train(
                    sizes: sizes, on: sets[r], validation: nil, epochs: configuration.epochs,
                    learningRate: configuration.learningRate, seed: seeds[r], curveAt: xs)
            }
            let predictions = fits.map(\.finalCurve)
            let trainLosses = fits.map(\.finalTrainLoss)
            update(R, trainLosses.reduce(0, +) / Double(R))
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
            let setVariance = predictions.map { curve in
                xs.indices.reduce(0) { $0 + (curve[$1] - meanPrediction[$1]) * (curve[$1] - meanPrediction[$1]) } / J
            }
            decompositions.append(
                Decomposition(
                    width: width, parameterCount: SineProblem.parameterCount(sizes: sizes),
                    parametersPerSample: Double(SineProblem.parameterCount(sizes: sizes)) / Double(problem.trainCount),
                    biasSquared: biasSquared, variance: variance, noise: problem.noiseVariance,
                    measuredError: errors.mean,
                    measuredStandardError: errors.standardDeviation / Double(squaredErrors.count).squareRoot(),
                    trainLoss: SeedSummary(trainLosses), testError: SeedSummary(perSet),
                    setVariance: SeedSummary(setVariance)))
            meanPredictions.append(meanPrediction)
            predictionSpread.append(
                xs.indices.map { j in SeedSummary(predictions.map { $0[j] }).standardDeviation })
        }
        return Result(
            configuration: configuration, baseSeed: baseSeed, seeds: seeds, decompositions: decompositions, testInputs: xs,
            meanPredictions: meanPredictions, predictionSpread: predictionSpread)
    }
}

import NeuralKit
import Notebook
import NotebookDocument

/// Section 1 of the BatchNorm lesson: the numbers of one `BatchNorm1d` layer. One training step
/// on a small batch (batch statistics, biased vs unbiased variance, the momentum update), a stream
/// of batches for several momenta (how fast the running mean follows, how much it wobbles), and a
/// batch of one example in both phases.
public enum BatchNormMechanics {
    public struct Configuration: ExperimentSettings {
        /// Rows of the single batch of the first measurement.
        public var batchSize = 6
        /// The true mean and standard deviation of each feature the batches are drawn from.
        public var featureMeans: [Double] = [2, -1, 0.5]
        public var featureStandardDeviations: [Double] = [1.5, 0.5, 3]
        public var momentum = 0.1
        /// The momenta compared on a stream of batches (the cumulative average is always added).
        public var streamMomenta: [Double] = [0.01, 0.1, 0.5]
        public var streamBatches = 200
        public var streamBatchSize = 16
        /// Independent streams (each with its own seed) for the momentum claims.
        public var streams = 5

        public init(quick: Bool) {
            if quick { streamBatches = 150 }
        }

        static let owner = "mechanics"
        public static let declarations: [SettingDeclaration<Configuration>] = [
            .integer("batch-size", \.batchSize, in: 2...1_000, "rows of the single training batch", owner: owner),
            .numbers("feature-means", \.featureMeans, from: -100, to: 100, count: 1...8, "true mean of each feature", owner: owner),
            .numbers(
                "feature-standard-deviations", \.featureStandardDeviations, from: 0, lowerIncluded: false, to: 100,
                count: 1...8, "true standard deviation of each feature (as many as means)", owner: owner),
            .number("momentum", \.momentum, from: 0, lowerIncluded: false, to: 1, upperIncluded: true, "momentum m of the single step", owner: owner),
            .numbers(
                "stream-momenta", \.streamMomenta, from: 0, lowerIncluded: false, to: 1, upperIncluded: true, count: 2...6,
                "momenta compared on the stream, increasing (0.01, 0.1 and 0.5 are quoted)", owner: owner),
            .integer("stream-batches", \.streamBatches, in: 10...100_000, "batches per stream", owner: owner),
            .integer("stream-batch-size", \.streamBatchSize, in: 2...10_000, "rows per stream batch", owner: owner),
            .integer("streams", \.streams, in: 1...50, "independent streams (seeds)", owner: owner),
        ]

        /// The momenta of the stream, then `nil`, the cumulative average.
        public var streamSettings: [Double?] { streamMomenta.map { $0 } + [nil] }

        func validate() throws {
            guard featureMeans.count == featureStandardDeviations.count else {
                throw SettingError(
                    "mechanics: feature-means has \(featureMeans.count) values and feature-standard-deviations \(featureStandardDeviations.count); give one of each per feature")
            }
            guard zip(streamMomenta, streamMomenta.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw SettingError("mechanics: stream-momenta must increase, e.g. 0.01,0.1,0.5")
            }
        }
    }

    /// One feature of the single training step.
    public struct FeatureRow: Sendable {
        public let batchMean: Double
        public let biasedVariance: Double
        public let unbiasedVariance: Double
        public let runningMean: Double
        public let runningVariance: Double
        /// Mean and biased variance of the normalised output column (γ = 1, β = 0).
        public let outputMean: Double
        public let outputVariance: Double
    }

    /// How the running mean of the first feature follows a stream of batches for one momentum.
    public struct MomentumTrace: Sendable {
        public let momentum: Double?
        public let runningMean: [Double]
        /// The first batch after which the running mean is within 10 % of the true mean.
        public let settlingBatch: Int?
        /// The standard deviation of the running mean over the last half of the stream.
        public let wobble: Double
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        /// The seed of the single batch and of the first stream; the other streams' follow.
        public let seeds: [UInt64]
        public let rows: [FeatureRow]
        /// The traces of every stream (outer index), one per momentum (inner index).
        public let streamTraces: [[MomentumTrace]]
        /// The first stream's traces (the figure and the numbers in the text).
        public var traces: [MomentumTrace] { streamTraces[0] }

        /// One value per stream: `value(trace of momentum a, trace of momentum b)`.
        public func perStream(_ a: Double?, _ b: Double?, _ value: (MomentumTrace, MomentumTrace) -> Double) -> [Double] {
            streamTraces.map { traces in
                value(traces.first { $0.momentum == a }!, traces.first { $0.momentum == b }!)
            }
        }
        /// The error a batch of one raises in training mode (nil if it did not throw).
        public let batchOfOneError: String?
        /// Whether a single row in evaluation mode gives exactly that row of a batch's output.
        public let batchOfOneEvaluationMatches: Bool
        /// The running statistics before and after an evaluation-mode pass (must not change).
        public let evaluationChangedStatistics: Bool
    }

    public static func run(_ configuration: Configuration, seeds: [UInt64]) throws -> Result {
        try configuration.validate()
        var generator = RandomGenerator(seed: seeds[0]).derived("batchnorm-mechanics")
        let features = configuration.featureMeans.count
        let n = configuration.batchSize
        let batch = sample(rows: n, configuration, using: &generator)

        // snippet: batchnorm-one-step
        let layer = try BatchNorm1d<Float>(
            featureCount: features, momentum: configuration.momentum)
        layer.train()
        let output = layer.forward(batch)  // batch statistics; updates running ones
        // end-snippet
        let rows = (0..<features).map { j -> FeatureRow in
            let column = (0..<n).map { Double(batch[$0, j]) }
            let mean = column.reduce(0, +) / Double(n)
            let squares = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let outputColumn = (0..<n).map { Double(output[$0, j]) }
            let outputMean = outputColumn.reduce(0, +) / Double(n)
            let outputVariance = outputColumn.reduce(0) { $0 + ($1 - outputMean) * ($1 - outputMean) } / Double(n)
            return FeatureRow(
                batchMean: mean, biasedVariance: squares / Double(n), unbiasedVariance: squares / Double(n - 1),
                runningMean: Double(layer.runningMean.value[0, j]),
                runningVariance: Double(layer.runningVariance.value[0, j]),
                outputMean: outputMean, outputVariance: outputVariance)
        }

        // A batch of one: training mode refuses it, evaluation mode uses the running statistics.
        // snippet: batchnorm-batch-of-one
        let single = batch.rows(at: [0])
        var batchOfOneError: String?
        do {
            try layer.checkTrainingBatch(single)  // throws in training mode
        } catch {
            batchOfOneError = "\(error)"
        }
        layer.eval()
        let singleOutput = layer.forward(single)  // fine: running statistics
        // end-snippet
        let statisticsBefore = layer.runningMean.value.scalars + layer.runningVariance.value.scalars
        let batchOutput = layer.forward(batch)
        let statisticsAfter = layer.runningMean.value.scalars + layer.runningVariance.value.scalars
        let matches = (0..<features).allSatisfy { singleOutput[0, $0] == batchOutput[0, $0] }

        let streamTraces = try seeds.map { try streams(configuration, seed: $0) }
        return Result(
            configuration: configuration, seeds: seeds, rows: rows, streamTraces: streamTraces,
            batchOfOneError: batchOfOneError, batchOfOneEvaluationMatches: matches,
            evaluationChangedStatistics: statisticsBefore != statisticsAfter)
    }

    /// A stream of batches from the same distribution, one fresh layer per momentum.
    static func streams(_ configuration: Configuration, seed: UInt64) throws -> [MomentumTrace] {
        var streamGenerator = RandomGenerator(seed: seed).derived("momentum-stream")
        let features = configuration.featureMeans.count
        let stream = (0..<configuration.streamBatches).map { _ in
            sample(rows: configuration.streamBatchSize, configuration, using: &streamGenerator)
        }
        let target = configuration.featureMeans[0]
        return try configuration.streamSettings.map { momentum -> MomentumTrace in
            let streamLayer = try BatchNorm1d<Float>(featureCount: features, momentum: momentum)
            var trace: [Double] = []
            for streamBatch in stream {
                _ = streamLayer.forward(streamBatch)
                trace.append(Double(streamLayer.runningMean.value[0, 0]))
            }
            let settling = trace.firstIndex { abs($0 - target) <= 0.1 * abs(target) }.map { $0 + 1 }
            let tail = SeedSummary(Array(trace[(trace.count / 2)...]))
            return MomentumTrace(
                momentum: momentum, runningMean: trace, settlingBatch: settling, wobble: tail.standardDeviation)
        }
    }

    private static func sample(
        rows: Int, _ configuration: Configuration, using generator: inout RandomGenerator
    ) -> Tensor<Float> {
        var batch = Tensor<Float>(rows: rows, columns: configuration.featureMeans.count)
        for i in 0..<rows {
            for j in 0..<configuration.featureMeans.count {
                batch[i, j] = Float(
                    configuration.featureMeans[j] + configuration.featureStandardDeviations[j] * generator.normal(Double.self))
            }
        }
        return batch
    }
}

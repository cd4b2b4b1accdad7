import NeuralKit

/// Section 1 of the BatchNorm lesson: the numbers of one `BatchNorm1d` layer. One training step
/// on a small batch (batch statistics, biased vs unbiased variance, the momentum update), a stream
/// of batches for several momenta (how fast the running mean follows, how much it wobbles), and a
/// batch of one example in both phases.
public enum BatchNormMechanics {
    public struct Configuration: Sendable {
        /// Rows of the single batch of the first measurement.
        public var batchSize = 6
        /// The true mean and standard deviation of each feature the batches are drawn from.
        public var featureMeans: [Double] = [2, -1, 0.5]
        public var featureStandardDeviations: [Double] = [1.5, 0.5, 3]
        public var momentum = 0.1
        /// The momenta compared on a stream of batches; `nil` is the cumulative average.
        public var streamMomenta: [Double?] = [0.01, 0.1, 0.5, nil]
        public var streamBatches = 200
        public var streamBatchSize = 16
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick { streamBatches = 150 }
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
        public let rows: [FeatureRow]
        public let traces: [MomentumTrace]
        /// The error a batch of one raises in training mode (nil if it did not throw).
        public let batchOfOneError: String?
        /// Whether a single row in evaluation mode gives exactly that row of a batch's output.
        public let batchOfOneEvaluationMatches: Bool
        /// The running statistics before and after an evaluation-mode pass (must not change).
        public let evaluationChangedStatistics: Bool
    }

    public static func run(_ configuration: Configuration) throws -> Result {
        var generator = RandomGenerator(seed: configuration.seed).derived("batchnorm-mechanics")
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

        // A stream of batches from the same distribution, one fresh layer per momentum.
        var streamGenerator = RandomGenerator(seed: configuration.seed).derived("momentum-stream")
        let stream = (0..<configuration.streamBatches).map { _ in
            sample(rows: configuration.streamBatchSize, configuration, using: &streamGenerator)
        }
        let target = configuration.featureMeans[0]
        let traces = try configuration.streamMomenta.map { momentum -> MomentumTrace in
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
        return Result(
            configuration: configuration, rows: rows, traces: traces, batchOfOneError: batchOfOneError,
            batchOfOneEvaluationMatches: matches, evaluationChangedStatistics: statisticsBefore != statisticsAfter)
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

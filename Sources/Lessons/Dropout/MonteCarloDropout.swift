import NeuralKit

/// Section 5 of the dropout lesson: Monte-Carlo dropout (Gal & Ghahramani 2016). Keeping dropout
/// on at inference and averaging T passes gives a predictive mean and a spread:
///
/// ```
/// p̄(x) = (1/T) Σ_t p_t(x),    σ²(x) = (1/(T−1)) Σ_t (p_t(x) − p̄(x))²,    p_t = softmax(f(x; m_t))₁
/// ```
///
/// On two moons the spread should be largest where the classes meet. The experiment measures
/// the mean σ² near the decision boundary (|p̄ − ½| < 0.1) and far from it (|p̄ − ½| > 0.4).
public enum MonteCarloDropout {
    public struct Configuration: Sendable {
        public var pointCount = 300
        public var noise: Float = 0.25
        public var sizes = [2, 128, 128, 2]
        public var dropout = 0.3
        public var epochs = 150
        public var batchSize = 32
        public var learningRate = 3e-3
        public var passes = 100
        public var gridSize = 60
        public var seedCount = 3
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                epochs = 60
                passes = 30
                gridSize = 30
            }
        }

        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }

        public var captionConfiguration: String {
            "two moons, \(pointCount) points, noise \(noise), MLP \(sizes.map(String.init).joined(separator: "-")), "
                + "p = \(dropout), \(epochs) epochs, T = \(passes) passes, seed \(seed)"
        }
    }

    /// The predictive mean and variance on a grid, for one trained network.
    public struct Field: Sendable {
        public let xs: [Double]
        public let ys: [Double]
        /// `mean[j][i]`: p̄ of class 1 at (xs[i], ys[j]).
        public let mean: [[Double]]
        public let variance: [[Double]]
        public let trainingPoints: Dataset
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        /// The field of the first seed (for the figure).
        public let field: Field
        /// Per seed: mean σ² near the boundary and far from it.
        public let nearBoundaryVariance: SeedSummary
        public let farVariance: SeedSummary
        public let trainingAccuracy: SeedSummary

        public var seedsWhereNearExceedsFar: Int {
            SeedSummary.agreement(nearBoundaryVariance, farVariance) { $0 > $1 }
        }
    }

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        narration.announce(
            "Monte-Carlo dropout on two moons: \(configuration.seedCount) networks, "
                + "\(configuration.passes) passes over a \(configuration.gridSize)×\(configuration.gridSize) grid")
        var fields: [Field] = []
        var near: [Double] = []
        var far: [Double] = []
        var trainingAccuracy: [Double] = []
        for seed in configuration.seeds {
            var generator = RandomGenerator(seed: seed).derived("moons")
            let moons = try Dataset.twoMoons(count: configuration.pointCount, noise: configuration.noise, using: &generator)
            let network = try MultilayerPerceptron.make(
                sizes: configuration.sizes, dropout: configuration.dropout, seed: seed)
            let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: configuration.learningRate)
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: configuration.batchSize,
                seed: seed)
            trainer.onEpoch = narration.trainerProgress("two moons, seed \(seed)", epochs: configuration.epochs)
            try trainer.fit(on: moons, epochs: configuration.epochs)
            trainingAccuracy.append(network.accuracy(on: moons))

            let field = predictiveField(network: network, data: moons, configuration: configuration)
            var nearValues: [Double] = []
            var farValues: [Double] = []
            for (meanRow, varianceRow) in zip(field.mean, field.variance) {
                for (p, variance) in zip(meanRow, varianceRow) {
                    if abs(p - 0.5) < 0.1 { nearValues.append(variance) }
                    if abs(p - 0.5) > 0.4 { farValues.append(variance) }
                }
            }
            near.append(nearValues.isEmpty ? 0 : nearValues.reduce(0, +) / Double(nearValues.count))
            far.append(farValues.isEmpty ? 0 : farValues.reduce(0, +) / Double(farValues.count))
            fields.append(field)
        }
        return Result(
            configuration: configuration, field: fields[0], nearBoundaryVariance: SeedSummary(near),
            farVariance: SeedSummary(far), trainingAccuracy: SeedSummary(trainingAccuracy))
    }

    static func predictiveField(network: Sequential<Float>, data: Dataset, configuration: Configuration) -> Field {
        let n = configuration.gridSize
        let xValues = (0..<data.count).map { Double(data.features[$0, 0]) }
        let yValues = (0..<data.count).map { Double(data.features[$0, 1]) }
        let xs = grid(from: xValues.min()! - 0.5, to: xValues.max()! + 0.5, count: n)
        let ys = grid(from: yValues.min()! - 0.5, to: yValues.max()! + 0.5, count: n)
        var points = Tensor<Float>(rows: n * n, columns: 2)
        for j in 0..<n {
            for i in 0..<n {
                points[j * n + i, 0] = Float(xs[i])
                points[j * n + i, 1] = Float(ys[j])
            }
        }
        // snippet: mc-dropout
        network.train()  // keep dropout on: every pass is one sampled sub-network
        var sum = [Double](repeating: 0, count: n * n)
        var sumOfSquares = [Double](repeating: 0, count: n * n)
        for _ in 0..<configuration.passes {
            let probabilities = network.forward(points).softmax()
            for k in 0..<n * n {
                let p = Double(probabilities[k, 1])
                sum[k] += p
                sumOfSquares[k] += p * p
            }
        }
        network.eval()
        let T = Double(configuration.passes)
        let mean = sum.map { $0 / T }
        let variance = (0..<n * n).map { k in
            max(0, (sumOfSquares[k] - T * mean[k] * mean[k]) / (T - 1))
        }
        // end-snippet
        return Field(
            xs: xs, ys: ys,
            mean: (0..<n).map { j in Array(mean[j * n..<(j + 1) * n]) },
            variance: (0..<n).map { j in Array(variance[j * n..<(j + 1) * n]) },
            trainingPoints: data)
    }

    static func grid(from low: Double, to high: Double, count: Int) -> [Double] {
        (0..<count).map { low + (high - low) * Double($0) / Double(count - 1) }
    }
}

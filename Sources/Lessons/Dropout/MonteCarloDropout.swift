import NeuralKit
import Notebook
import NotebookDocument

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
    public struct Settings: ExperimentSettings {
        public var pointCount = 300
        public var noise = 0.25
        public var hidden = [128, 128]
        public var dropout = 0.3
        public var epochs = 150
        public var batchSize = 32
        public var learningRate = 3e-3
        public var passes = 100
        public var gridSize = 60
        public var seedCount = 3

        public init(quick: Bool) {
            if quick {
                epochs = 60
                passes = 30
                gridSize = 30
            }
        }

        static let owner = "mc-dropout"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integer("points", \.pointCount, in: 20...5_000, "two-moons training points", owner: owner),
            .number("noise", \.noise, from: 0, to: 1, upperIncluded: true, "two-moons noise", owner: owner),
            .integers("hidden", \.hidden, in: 1...2_048, count: 1...6, "hidden layer widths", owner: owner),
            .number(
                "dropout", \.dropout, from: 0, lowerIncluded: false, to: 1, "dropout rate p, in training and in the passes",
                owner: owner),
            .integer("epochs", \.epochs, in: 1...5_000, "epochs per network", owner: owner),
            .integer("batch-size", \.batchSize, in: 1...5_000, "mini-batch size", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "Adam's learning rate η", owner: owner),
            .integer("passes", \.passes, in: 2...10_000, "stochastic passes T per grid point", owner: owner),
            .integer("grid", \.gridSize, in: 5...300, "grid points per side", owner: owner),
            .integer("runs", \.seedCount, in: 1...20, "networks trained (seeds)", owner: owner),
        ]

        public var sizes: [Int] { [2] + hidden + [2] }

        public func captionConfiguration(seed: UInt64) -> String {
            "two moons, \(pointCount) points, noise \(formatNumber(noise)), MLP \(sizes.map(String.init).joined(separator: "-")), "
                + "p = \(formatNumber(dropout)), \(epochs) epochs, T = \(passes) passes, \(SeedStream.captionForm(base: seed, runs: seedCount))"
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
        public let configuration: Settings
        /// The seeds of the networks, in order (the figure shows the first).
        public let seeds: [UInt64]
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

    public static func run(
        _ configuration: Settings, seeds: [UInt64], jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        narration.announce(
            "Monte-Carlo dropout on two moons: \(seeds.count) networks, "
                + "\(configuration.passes) passes over a \(configuration.gridSize)×\(configuration.gridSize) grid")
        let perSeed = try ParallelRuns.map(seeds.count, jobs: jobs) { index -> (Field, Double, Double, Double) in
            let seed = seeds[index]
            var generator = RandomGenerator(seed: seed).derived("moons")
            let moons = try Dataset.twoMoons(
                count: configuration.pointCount, noise: Float(configuration.noise), using: &generator)
            let network = try MultilayerPerceptron.make(
                sizes: configuration.sizes, dropout: configuration.dropout, seed: seed)
            let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: configuration.learningRate)
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: configuration.batchSize,
                seed: seed)
            trainer.onEpoch = narration.trainerProgress("two moons, run \(index + 1)", epochs: configuration.epochs)
            try trainer.fit(on: moons, epochs: configuration.epochs)
            let trainingAccuracy = network.accuracy(on: moons)

            let field = predictiveField(network: network, data: moons, configuration: configuration)
            var nearValues: [Double] = []
            var farValues: [Double] = []
            for (meanRow, varianceRow) in zip(field.mean, field.variance) {
                for (p, variance) in zip(meanRow, varianceRow) {
                    if abs(p - 0.5) < 0.1 { nearValues.append(variance) }
                    if abs(p - 0.5) > 0.4 { farValues.append(variance) }
                }
            }
            // No grid point in a band: NaN, so that a claim on it cannot hold.
            let near = nearValues.isEmpty ? .nan : nearValues.reduce(0, +) / Double(nearValues.count)
            let far = farValues.isEmpty ? .nan : farValues.reduce(0, +) / Double(farValues.count)
            return (field, near, far, trainingAccuracy)
        }
        return Result(
            configuration: configuration, seeds: seeds, field: perSeed[0].0,
            nearBoundaryVariance: SeedSummary(perSeed.map(\.1)), farVariance: SeedSummary(perSeed.map(\.2)),
            trainingAccuracy: SeedSummary(perSeed.map(\.3)))
    }

    static func predictiveField(network: Sequential<Float>, data: Dataset, configuration: Settings) -> Field {
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

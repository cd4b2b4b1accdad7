import NeuralKit
import Notebook
import NotebookDocument

/// The mixup section of the toolbox lesson: the same MLP trained on a small, noisy two-moons set
/// with and without mixup (Zhang et al. 2018), over several seeds. Mixup trains on
/// `x̃ = λxᵢ + (1−λ)xⱼ`, `ỹ = λyᵢ + (1−λ)yⱼ` with `λ ~ Beta(α, α)`, which asks the network to
/// be linear between training points; the boundary should become smoother and less confident.
///
/// Measured per seed: test accuracy on fresh moons, the share of a grid on which the predicted
/// probability of class 1 lies in (0.1, 0.9) (the width of the transition band), and the mean
/// confidence (largest probability) on the test points.
public enum MixupMoons {
    public struct Settings: ExperimentSettings {
        public var runs = 4
        public var trainCount = 100
        public var testCount = 1000
        public var noise = 0.3
        public var hidden = [128, 128]
        public var alpha = 1.0
        public var epochs = 150
        public var batchSize = 20
        public var learningRate = 3e-3
        public var grid = 60
        /// The transition band is where b < p(class 1) < 1 − b.
        public var band = 0.1

        public init(quick: Bool) {
            if quick {
                runs = 3
                epochs = 100
                grid = 30
            }
        }

        static let owner = "mixup-moons"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integer("runs", \.runs, in: 1...20, "independent runs (points, weights)", owner: owner),
            .integer("train-count", \.trainCount, in: 4...5_000, "two-moons training points", owner: owner),
            .integer("test-count", \.testCount, in: 10...20_000, "fresh test points", owner: owner),
            .number("noise", \.noise, from: 0, to: 2, upperIncluded: true, "two-moons noise", owner: owner),
            .integers("hidden", \.hidden, in: 1...2_048, count: 1...6, "hidden layer widths", owner: owner),
            .number("alpha", \.alpha, from: 0, lowerIncluded: false, to: 100, "mixup's Beta(α, α)", owner: owner),
            .integer("epochs", \.epochs, in: 1...5_000, "epochs per network", owner: owner),
            .integer("batch-size", \.batchSize, in: 1...5_000, "mini-batch size", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "Adam's learning rate η", owner: owner),
            .integer("grid", \.grid, in: 5...300, "grid points per side (figure and band)", owner: owner),
            .number(
                "band", \.band, from: 0, lowerIncluded: false, to: 0.5,
                "the transition band is b < p(class 1) < 1 − b", owner: owner),
        ]

        public var sizes: [Int] { [2] + hidden + [2] }

        public func captionConfiguration(seed: UInt64) -> String {
            "two moons, \(trainCount) training / \(testCount) test points, noise \(formatNumber(noise)), "
                + "MLP \(sizes.map(String.init).joined(separator: "-")), Adam(η = \(formatNumber(learningRate))), "
                + "batch \(batchSize), \(epochs) epochs, mixup α = \(formatNumber(alpha)), "
                + SeedStream.captionForm(base: seed, runs: runs)
        }
    }

    /// p(class 1) on a grid, for the figure.
    public struct Field: Sendable {
        public let xs: [Double]
        public let ys: [Double]
        /// `probability[j][i]` at (xs[i], ys[j]).
        public let probability: [[Double]]
    }

    public struct Variant: Sendable {
        public let usesMixup: Bool
        public let testAccuracy: SeedSummary
        public let trainAccuracy: SeedSummary
        /// Share of the grid with 0.1 < p < 0.9.
        public let transitionShare: SeedSummary
        /// Mean largest probability on the test points.
        public let testConfidence: SeedSummary
        /// The first seed's field.
        public let field: Field
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let seeds: [UInt64]
        public let plain: Variant
        public let mixup: Variant
        /// The first seed's training points.
        public let trainingPoints: Dataset

        public var seedsWithWiderBand: Int {
            SeedSummary.agreement(mixup.transitionShare, plain.transitionShare) { $0 > $1 }
        }
        public var seedsLessConfident: Int {
            SeedSummary.agreement(mixup.testConfidence, plain.testConfidence) { $0 < $1 }
        }
        public var seedsMoreAccurate: Int {
            SeedSummary.agreement(mixup.testAccuracy, plain.testAccuracy) { $0 > $1 }
        }
    }

    private struct Run: Sendable {
        let test: Double, train: Double, band: Double, confidence: Double
        let field: Field
        let points: Dataset
    }

    /// Trains every (variant, run) pair, up to `jobs` at once; run i of both variants shares its
    /// points, test points and initial weights.
    public static func run(
        _ configuration: Settings, seeds: [UInt64], jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        narration.announce(
            "Mixup on two moons: \(2 * seeds.count) networks on \(configuration.trainCount) points")
        let runs = try ParallelRuns.map(2 * seeds.count, jobs: jobs) { index -> Run in
            let usesMixup = index >= seeds.count
            let seed = seeds[index % seeds.count]
            var generator = RandomGenerator(seed: seed).derived("moons")
            let moons = try Dataset.twoMoons(
                count: configuration.trainCount, noise: Float(configuration.noise), using: &generator)
            let testSet = try Dataset.twoMoons(
                count: configuration.testCount, noise: Float(configuration.noise), using: &generator)
            let network = try MultilayerPerceptron.make(sizes: configuration.sizes, dropout: 0, seed: seed)
            let optimizer = try Adam<Float>(
                parameters: network.parameters, learningRate: configuration.learningRate)
            // snippet: mixup-trainer
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .crossEntropy,
                batchSize: configuration.batchSize, seed: seed)
            if usesMixup {
                trainer.augmentation = try Mixup(alpha: configuration.alpha)
            }
            try trainer.fit(on: moons, epochs: configuration.epochs)
            // end-snippet
            let probabilities = network.predict(testSet.features).softmax()
            let confidence = (0..<testSet.count).reduce(0.0) {
                $0 + Double(max(probabilities[$1, 0], probabilities[$1, 1]))
            } / Double(testSet.count)
            let field = probabilityField(network: network, configuration: configuration)
            let values = field.probability.flatMap { $0 }
            let b = configuration.band
            let band = Double(values.filter { $0 > b && $0 < 1 - b }.count) / Double(values.count)
            return Run(
                test: network.accuracy(on: testSet), train: network.accuracy(on: moons), band: band,
                confidence: confidence, field: field, points: moons)
        }
        let variants = [false, true].enumerated().map { v, usesMixup in
            let slice = Array(runs[(v * seeds.count)..<((v + 1) * seeds.count)])
            return Variant(
                usesMixup: usesMixup, testAccuracy: SeedSummary(slice.map(\.test)),
                trainAccuracy: SeedSummary(slice.map(\.train)), transitionShare: SeedSummary(slice.map(\.band)),
                testConfidence: SeedSummary(slice.map(\.confidence)), field: slice[0].field)
        }
        return Result(
            configuration: configuration, seeds: seeds, plain: variants[0], mixup: variants[1],
            trainingPoints: runs[0].points)
    }

    /// The grid of the figure and of the band measurement: x₁ ∈ [−1.5, 2.5], x₂ ∈ [−1.25, 1.75].
    static func probabilityField(network: Sequential<Float>, configuration: Settings) -> Field {
        let n = configuration.grid
        let xs = (0..<n).map { -1.5 + 4.0 * Double($0) / Double(n - 1) }
        let ys = (0..<n).map { -1.25 + 3.0 * Double($0) / Double(n - 1) }
        var points = Tensor<Float>(rows: n * n, columns: 2)
        for j in 0..<n {
            for i in 0..<n {
                points[j * n + i, 0] = Float(xs[i])
                points[j * n + i, 1] = Float(ys[j])
            }
        }
        let probabilities = network.predict(points).softmax()
        return Field(
            xs: xs, ys: ys,
            probability: (0..<n).map { j in (0..<n).map { i in Double(probabilities[j * n + i, 1]) } })
    }
}

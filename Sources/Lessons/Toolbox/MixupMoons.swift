import NeuralKit

/// The mixup section of the toolbox lesson: the same MLP trained on a small, noisy two-moons set
/// with and without mixup (Zhang et al. 2018), over several seeds. Mixup trains on
/// `x̃ = λxᵢ + (1−λ)xⱼ`, `ỹ = λyᵢ + (1−λ)yⱼ` with `λ ~ Beta(α, α)`, which asks the network to
/// be linear between training points; the boundary should become smoother and less confident.
///
/// Measured per seed: test accuracy on fresh moons, the share of a grid on which the predicted
/// probability of class 1 lies in (0.1, 0.9) (the width of the transition band), and the mean
/// confidence (largest probability) on the test points.
public enum MixupMoons {
    public struct Configuration: Sendable {
        public var trainCount = 100
        public var testCount = 1000
        public var noise: Float = 0.3
        public var sizes = [2, 128, 128, 2]
        public var alpha = 1.0
        public var epochs = 150
        public var batchSize = 20
        public var learningRate = 3e-3
        public var gridSize = 60
        public var seedCount = 4
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                epochs = 100
                gridSize = 30
                seedCount = 3
            }
        }

        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }

        public var captionConfiguration: String {
            "two moons, \(trainCount) training / \(testCount) test points, noise \(noise), "
                + "MLP \(sizes.map(String.init).joined(separator: "-")), Adam(η = \(learningRate)), "
                + "batch \(batchSize), \(epochs) epochs, mixup α = \(alpha), seeds \(seeds.first!)–\(seeds.last!)"
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
        public let configuration: Configuration
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

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        narration.announce(
            "Mixup on two moons: \(2 * configuration.seedCount) networks on \(configuration.trainCount) points")
        var variants: [Variant] = []
        var firstPoints: Dataset?
        for usesMixup in [false, true] {
            var test: [Double] = []
            var train: [Double] = []
            var band: [Double] = []
            var confidence: [Double] = []
            var firstField: Field?
            for seed in configuration.seeds {
                var generator = RandomGenerator(seed: seed).derived("moons")
                let moons = try Dataset.twoMoons(
                    count: configuration.trainCount, noise: configuration.noise, using: &generator)
                let testSet = try Dataset.twoMoons(
                    count: configuration.testCount, noise: configuration.noise, using: &generator)
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
                test.append(network.accuracy(on: testSet))
                train.append(network.accuracy(on: moons))
                let probabilities = network.predict(testSet.features).softmax()
                confidence.append(
                    (0..<testSet.count).reduce(0.0) {
                        $0 + Double(max(probabilities[$1, 0], probabilities[$1, 1]))
                    } / Double(testSet.count))
                let field = probabilityField(network: network, configuration: configuration)
                let values = field.probability.flatMap { $0 }
                band.append(Double(values.filter { $0 > 0.1 && $0 < 0.9 }.count) / Double(values.count))
                if firstField == nil {
                    firstField = field
                    firstPoints = moons
                }
            }
            variants.append(
                Variant(
                    usesMixup: usesMixup, testAccuracy: SeedSummary(test), trainAccuracy: SeedSummary(train),
                    transitionShare: SeedSummary(band), testConfidence: SeedSummary(confidence),
                    field: firstField!))
        }
        return Result(
            configuration: configuration, plain: variants[0], mixup: variants[1], trainingPoints: firstPoints!)
    }

    /// The grid of the figure and of the band measurement: x₁ ∈ [−1.5, 2.5], x₂ ∈ [−1.25, 1.75].
    static func probabilityField(network: Sequential<Float>, configuration: Configuration) -> Field {
        let n = configuration.gridSize
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

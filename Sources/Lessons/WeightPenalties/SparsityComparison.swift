import Foundation
import NeuralKit

/// Section 3: the source material's sparsity experiment, rerun. A 1-128-128-1 MLP fits 80 noisy
/// sine points with Adam (η = 10⁻³, full batch, 500 steps) under no penalty, an L2 penalty and an
/// L1 penalty (subgradient), and we count the weights below 10⁻³ in magnitude and those exactly 0.
///
/// The source writes the L2 penalty as λ·Σw² with λ = 10⁻³; our `L2Penalty` is (λ/2)·Σw², so the
/// same penalty is λ = 2·10⁻³ here.
public enum SparsityComparison {
    public enum Arm: String, Sendable, CaseIterable {
        case none = "no penalty"
        case l2 = "L2"
        case l1 = "L1"
    }

    public struct Configuration: Sendable {
        public var trainCount = 80
        public var noise: Float = 0.3
        public var sizes = [1, 128, 128, 1]
        public var epochs = 500
        public var learningRate = 1e-3
        public var l2Strength = 2e-3
        public var l1Strength = 1e-4
        public var nearZeroThreshold = 1e-3
        public var seedCount = 3
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick { seedCount = 2 }
        }

        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }

        public var captionConfiguration: String {
            "noisy sine on [0, 2π), \(trainCount) points (σ = \(noise)), MLP \(sizes.map(String.init).joined(separator: "-")), "
                + "Adam(η = \(learningRate)), full batch, \(epochs) steps, L2 λ = \(l2Strength) (λ/2·Σw²), "
                + "L1 λ = \(l1Strength), seeds \(seeds.first!)–\(seeds.last!)"
        }
    }

    public struct ArmSummary: Sendable {
        public let arm: Arm
        public let nearZero: SeedSummary
        public let exactZero: SeedSummary
        public let trainError: SeedSummary
        public let weightNorm: SeedSummary
        /// All weights of the first seed's network (for the histogram).
        public let weights: [Double]
        public let weightCount: Int
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let arms: [ArmSummary]
        public func summary(_ arm: Arm) -> ArmSummary { arms.first { $0.arm == arm }! }
    }

    /// `Linear → ReLU → … → Linear` with PyTorch's default initialisation, as in the source.
    static func makeNetwork(sizes: [Int], seed: UInt64) -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed).derived("weights")
        var layers: [any Layer<Float>] = []
        for (index, (inputSize, outputSize)) in zip(sizes, sizes.dropFirst()).enumerated() {
            layers.append(Linear<Float>(
                inputSize: inputSize, outputSize: outputSize, initialization: .pytorchDefault, generator: &generator))
            if index < sizes.count - 2 { layers.append(ReLU<Float>()) }
        }
        return Sequential(layers)
    }

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        var runs: [Arm: [(WeightStatistics, Double, [Double])]] = [:]
        for seed in configuration.seeds {
            var generator = RandomGenerator(seed: seed).derived("sparsity-sine")
            let train = try Dataset.noisySine(
                count: configuration.trainCount, noise: configuration.noise, range: 0..<(2 * Float.pi),
                using: &generator)
            for arm in Arm.allCases {
                let network = makeNetwork(sizes: configuration.sizes, seed: seed)
                let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: configuration.learningRate)
                let trainer = try Trainer(
                    network: network, optimizer: optimizer, loss: .meanSquaredError, batchSize: train.count, seed: seed)
                switch arm {
                case .none: break
                case .l2: trainer.penalty = try L2Penalty(strength: configuration.l2Strength)
                case .l1: trainer.penalty = try L1Penalty(strength: configuration.l1Strength)
                }
                try trainer.fit(on: train, epochs: configuration.epochs)
                let statistics = try WeightStatistics(
                    of: network, nearZeroThreshold: configuration.nearZeroThreshold)
                let trainError = network.evaluate(on: train, loss: .meanSquaredError).loss
                let weights = network.namedParameters.filter { $0.parameter.role == .weight }
                    .flatMap { $0.parameter.value.scalars.map(Double.init) }
                runs[arm, default: []].append((statistics, trainError, weights))
            }
            narration.announce("  sparsity: seed \(seed) done")
        }
        let arms = Arm.allCases.map { arm in
            let list = runs[arm]!
            return ArmSummary(
                arm: arm, nearZero: SeedSummary(list.map(\.0.nearZeroFraction)),
                exactZero: SeedSummary(list.map(\.0.exactZeroFraction)), trainError: SeedSummary(list.map(\.1)),
                weightNorm: SeedSummary(list.map(\.0.totalL2Norm)), weights: list[0].2,
                weightCount: list[0].0.totalCount)
        }
        return Result(configuration: configuration, arms: arms)
    }
}

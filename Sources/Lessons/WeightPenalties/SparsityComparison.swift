import Foundation
import NeuralKit
import Notebook
import NotebookDocument

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

    public struct Settings: ExperimentSettings {
        public var trainCount = 80
        /// σ, the standard deviation of the noise on y.
        public var noise = 0.3
        public var hidden = [128, 128]
        public var epochs = 500
        public var learningRate = 1e-3
        /// λ of our (λ/2)·Σw²: 2·10⁻³ is the source's λ·Σw² with λ = 10⁻³.
        public var l2Strength = 2e-3
        public var l1Strength = 1e-4
        public var nearZeroThreshold = 1e-3
        public var runs = 5

        public init(quick: Bool) {
            if quick { runs = 3 }
        }

        static let owner = "sparsity"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integer("train-count", \.trainCount, in: 3...5_000, "noisy-sine training points", owner: owner),
            .number("noise", \.noise, from: 0, lowerIncluded: false, to: 5, upperIncluded: true, "σ of the noise on y", owner: owner),
            .integers("hidden", \.hidden, in: 1...1_024, count: 1...4, "hidden layer widths", owner: owner),
            .integer("epochs", \.epochs, in: 1...20_000, "full-batch Adam steps", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "Adam's learning rate η", owner: owner),
            .number("l2", \.l2Strength, from: 0, to: 10, upperIncluded: true, "λ of the L2 arm, (λ/2)·Σw²", owner: owner),
            .number("l1", \.l1Strength, from: 0, to: 10, upperIncluded: true, "λ of the L1 arm (subgradient), λ·Σ|w|", owner: owner),
            .number(
                "near-zero", \.nearZeroThreshold, from: 0, lowerIncluded: false, to: 1,
                "a weight below this in magnitude counts as near zero", owner: owner),
            .integer("runs", \.runs, in: 1...50, "independent runs (data and initial weights), each trained three ways", owner: owner),
        ]

        public var sizes: [Int] { [1] + hidden + [1] }

        public func captionConfiguration(seed: UInt64, runs: Int? = nil) -> String {
            let count = runs ?? self.runs
            return "noisy sine on [0, 2π), \(trainCount) points (σ = \(formatNumber(noise))), MLP \(sizes.map(String.init).joined(separator: "-")), "
                + "Adam(η = \(formatNumber(learningRate))), full batch, \(epochs) steps, L2 λ = \(formatNumber(l2Strength)) (λ/2·Σw²), "
                + "L1 λ = \(formatNumber(l1Strength)), "
                + (count == 1 ? "first run of \(SeedStream.captionForm(base: seed, runs: self.runs))"
                    : SeedStream.captionForm(base: seed, runs: count))
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
        public let configuration: Settings
        public let baseSeed: UInt64
        public let seeds: [UInt64]
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

    public static func run(
        _ configuration: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        let sets = try seeds.map { seed in
            var generator = RandomGenerator(seed: seed).derived("sparsity-sine")
            return try Dataset.noisySine(
                count: configuration.trainCount, noise: Float(configuration.noise), range: 0..<(2 * Float.pi),
                using: &generator)
        }
        narration.announce("Sparsity: \(seeds.count) runs × no penalty, L2, L1")
        let pairs = Arm.allCases.flatMap { arm in seeds.indices.map { (arm, $0) } }
        let runs = try ParallelRuns.map(pairs.count, jobs: jobs) { index -> (WeightStatistics, Double, [Double]) in
            let (arm, r) = pairs[index]
            let train = sets[r]
            let network = makeNetwork(sizes: configuration.sizes, seed: seeds[r])
            let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: configuration.learningRate)
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .meanSquaredError, batchSize: train.count, seed: seeds[r])
            switch arm {
            case .none: break
            case .l2: trainer.penalty = try L2Penalty(strength: configuration.l2Strength)
            case .l1: trainer.penalty = try L1Penalty(strength: configuration.l1Strength)
            }
            try trainer.fit(on: train, epochs: configuration.epochs)
            let statistics = try WeightStatistics(of: network, nearZeroThreshold: configuration.nearZeroThreshold)
            let trainError = network.evaluate(on: train, loss: .meanSquaredError).loss
            let weights = network.namedParameters.filter { $0.parameter.role == .weight }
                .flatMap { $0.parameter.value.scalars.map(Double.init) }
            return (statistics, trainError, weights)
        }
        let arms = Arm.allCases.enumerated().map { a, arm in
            let list = Array(runs[(a * seeds.count)..<((a + 1) * seeds.count)])
            return ArmSummary(
                arm: arm, nearZero: SeedSummary(list.map(\.0.nearZeroFraction)),
                exactZero: SeedSummary(list.map(\.0.exactZeroFraction)), trainError: SeedSummary(list.map(\.1)),
                weightNorm: SeedSummary(list.map(\.0.totalL2Norm)), weights: list[0].2,
                weightCount: list[0].0.totalCount)
        }
        return Result(configuration: configuration, baseSeed: baseSeed, seeds: seeds, arms: arms)
    }
}

import Foundation
import NeuralKit

/// Sections 4–5: L1 as feature selection, subgradient vs proximal L1, and the elastic net.
///
/// `Dataset.sparseFeatures`: 50 standard-normal inputs, of which only the first 10 determine the
/// label (4 classes). An MLP trained with SGD on a small sample under each penalty; the importance
/// of input feature j is the norm of its column in the first layer, `‖W₁[:, j]‖₂`: 0 means the
/// network ignores that input.
///
/// ```
/// subgradient L1:  g ← ∇L + λ·sign(w);   w ← w − η·g                (never lands exactly on 0)
/// proximal L1:     w ← S_{ηλ}(w − η·∇L),  S_t(u) = sign(u)·max(|u| − t, 0)   (exact zeros)
/// elastic net:     (λ₂/2)·Σw² in the gradient, then S_{ηλ₁}          (proximal form)
/// ```
public enum FeatureSelection {
    public enum Arm: String, Sendable, CaseIterable {
        case none = "no penalty"
        case l2 = "L2"
        case l1Subgradient = "L1 (subgradient)"
        case l1Proximal = "L1 (proximal)"
        case elasticNet = "elastic net"
    }

    public struct Configuration: Sendable {
        public var trainCount = 200
        public var validationCount = 1000
        public var featureCount = 50
        public var informativeCount = 10
        public var classCount = 4
        public var sizes = [50, 64, 4]
        public var epochs = 100
        public var batchSize = 32
        public var learningRate = 0.1
        public var momentum = 0.0
        public var l1Strength = 2e-2
        public var l2Strength = 1e-2
        /// The elastic net's split: λ₁ = α·l1Strength, λ₂ = (1 − α)·l2Strength.
        public var elasticMix = 0.5
        /// A feature counts as switched off when its importance is below this share of the mean
        /// importance of the informative features.
        public var offThreshold = 0.05
        public var seedCount = 3
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick { epochs = 60 }
        }

        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }

        public var captionConfiguration: String {
            "sparse features: \(informativeCount) informative of \(featureCount), \(classCount) classes, "
                + "\(trainCount) training / \(validationCount) validation examples, MLP "
                + "\(sizes.map(String.init).joined(separator: "-")), SGD(η = \(learningRate), μ = \(momentum)), "
                + "batch \(batchSize), \(epochs) epochs, λ₁ = \(l1Strength), λ₂ = \(l2Strength), "
                + "elastic net α = \(elasticMix), seeds \(seeds.first!)–\(seeds.last!)"
        }
    }

    public struct ArmSummary: Sendable {
        public let arm: Arm
        public let validationAccuracy: SeedSummary
        public let trainAccuracy: SeedSummary
        /// Irrelevant input features switched off: importance below `offThreshold` times the mean
        /// importance of the informative features.
        public let irrelevantOff: SeedSummary
        /// Informative input features switched off by the same rule (signal lost).
        public let informativeOff: SeedSummary
        /// Share of the first-layer weights from irrelevant inputs that are exactly 0.
        public let irrelevantExactZero: SeedSummary
        /// Share of the first-layer weights from informative inputs that are exactly 0.
        public let informativeExactZero: SeedSummary
        /// Share of all weights exactly 0.
        public let exactZero: SeedSummary
        /// Share of all weights below 10⁻³ in magnitude.
        public let nearZero: SeedSummary
        /// Mean importance of the irrelevant features over that of the informative ones.
        public let irrelevantToInformative: SeedSummary
        /// Per-feature importance, averaged over seeds.
        public let importance: [Double]
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let arms: [ArmSummary]
        public func summary(_ arm: Arm) -> ArmSummary { arms.first { $0.arm == arm }! }
    }

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        let c = configuration
        var runs: [Arm: [(validation: Double, train: Double, irrelevantOff: Double, informativeOff: Double,
                          exact: Double, near: Double, ratio: Double, importance: [Double],
                          irrelevantZero: Double, informativeZero: Double)]] = [:]
        for seed in c.seeds {
            var generator = RandomGenerator(seed: seed).derived("sparse-features")
            let data = try Dataset.sparseFeatures(
                count: c.trainCount + c.validationCount, featureCount: c.featureCount,
                informativeCount: c.informativeCount, classCount: c.classCount, using: &generator)
            let train = data.subset(Array(0..<c.trainCount))
            let validation = data.subset(Array(c.trainCount..<data.count))
            for arm in Arm.allCases {
                let network = try MultilayerPerceptron.make(sizes: c.sizes, dropout: 0, seed: seed)
                let optimizer = try SGD<Float>(
                    parameters: network.parameters, learningRate: c.learningRate, momentum: c.momentum)
                let trainer = try Trainer(
                    network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: c.batchSize, seed: seed)
                switch arm {
                case .none: break
                case .l2: trainer.penalty = try L2Penalty(strength: c.l2Strength)
                case .l1Subgradient:
                    // snippet: l1-subgradient
                    // λ·sign(w) added to the gradient before the optimizer's step
                    trainer.penalty = try L1Penalty(strength: c.l1Strength)
                    // end-snippet
                case .l1Proximal:
                    // snippet: l1-proximal
                    // after each step: w ← sign(w)·max(|w| − η·λ, 0)
                    trainer.constraints = [try ProximalL1(strength: c.l1Strength)]
                    // end-snippet
                case .elasticNet:
                    trainer.penalty = try L2Penalty(strength: (1 - c.elasticMix) * c.l2Strength)
                    trainer.constraints = [try ProximalL1(strength: c.elasticMix * c.l1Strength)]
                }
                try trainer.fit(on: train, epochs: c.epochs)
                let importance = featureImportance(network)
                let informative = importance[0..<c.informativeCount]
                let irrelevant = importance[c.informativeCount...]
                let statistics = try WeightStatistics(of: network)
                let informativeMean = informative.reduce(0, +) / Double(informative.count)
                let cutoff = c.offThreshold * informativeMean
                let zeros = exactZeroShare(network, informativeCount: c.informativeCount)
                runs[arm, default: []].append((
                    network.accuracy(on: validation), network.accuracy(on: train),
                    Double(irrelevant.filter { $0 < cutoff }.count), Double(informative.filter { $0 < cutoff }.count),
                    statistics.exactZeroFraction, statistics.nearZeroFraction,
                    (irrelevant.reduce(0, +) / Double(irrelevant.count)) / max(1e-12, informativeMean),
                    importance, zeros.irrelevant, zeros.informative))
            }
            narration.announce("  feature selection: seed \(seed) done")
        }
        let arms = Arm.allCases.map { arm in
            let list = runs[arm]!
            let meanImportance = (0..<c.featureCount).map { j in
                list.map { $0.importance[j] }.reduce(0, +) / Double(list.count)
            }
            return ArmSummary(
                arm: arm, validationAccuracy: SeedSummary(list.map(\.validation)),
                trainAccuracy: SeedSummary(list.map(\.train)), irrelevantOff: SeedSummary(list.map(\.irrelevantOff)),
                informativeOff: SeedSummary(list.map(\.informativeOff)),
                irrelevantExactZero: SeedSummary(list.map(\.irrelevantZero)),
                informativeExactZero: SeedSummary(list.map(\.informativeZero)), exactZero: SeedSummary(list.map(\.exact)),
                nearZero: SeedSummary(list.map(\.near)), irrelevantToInformative: SeedSummary(list.map(\.ratio)),
                importance: meanImportance)
        }
        return Result(configuration: configuration, arms: arms)
    }

    /// The share of exact zeros among the first-layer weights of the informative inputs (columns
    /// 0..<informativeCount) and of the irrelevant ones.
    static func exactZeroShare(_ network: Sequential<Float>, informativeCount: Int) -> (informative: Double, irrelevant: Double) {
        let w = (network.layers[0] as! Linear<Float>).weight.value
        var informativeZeros = 0
        var irrelevantZeros = 0
        for i in 0..<w.rows {
            for j in 0..<w.columns where w[i, j] == 0 {
                if j < informativeCount { informativeZeros += 1 } else { irrelevantZeros += 1 }
            }
        }
        return (Double(informativeZeros) / Double(w.rows * informativeCount),
                Double(irrelevantZeros) / Double(w.rows * (w.columns - informativeCount)))
    }

    /// `‖W₁[:, j]‖₂` for every input feature j (W₁ is [hidden, inputs]).
    static func featureImportance(_ network: Sequential<Float>) -> [Double] {
        let first = network.layers[0] as! Linear<Float>
        let w = first.weight.value
        return (0..<w.columns).map { j in
            (0..<w.rows).reduce(0.0) { $0 + Double(w[$1, j]) * Double(w[$1, j]) }.squareRoot()
        }
    }
}

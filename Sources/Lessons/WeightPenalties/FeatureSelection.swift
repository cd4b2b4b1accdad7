import Foundation
import NeuralKit
import Notebook
import NotebookDocument

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

    public struct Settings: ExperimentSettings {
        public var trainCount = 200
        public var validationCount = 1000
        public var featureCount = 50
        public var informativeCount = 10
        public var classCount = 4
        public var hidden = 64
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
        public var runs = 5

        public init(quick: Bool) {
            if quick {
                epochs = 60
                runs = 3
            }
        }

        static let owner = "feature-selection"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integer("train-count", \.trainCount, in: 10...10_000, "training examples", owner: owner),
            .integer("validation-count", \.validationCount, in: 10...10_000, "validation examples", owner: owner),
            .integer("features", \.featureCount, in: 2...1_000, "standard-normal inputs", owner: owner),
            .integer("informative", \.informativeCount, in: 1...999, "inputs that determine the class (the first ones)", owner: owner),
            .integer("classes", \.classCount, in: 2...20, "classes", owner: owner),
            .integer("hidden", \.hidden, in: 1...1_024, "width of the one hidden layer", owner: owner),
            .integer("epochs", \.epochs, in: 1...5_000, "epochs per run", owner: owner),
            .integer("batch-size", \.batchSize, in: 1...10_000, "mini-batch size", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 10, upperIncluded: true,
                "SGD's learning rate η", owner: owner),
            .number("momentum", \.momentum, from: 0, to: 1, "SGD's momentum μ", owner: owner),
            .number("l1", \.l1Strength, from: 0, to: 10, upperIncluded: true, "λ₁ of the L1 arms", owner: owner),
            .number("l2", \.l2Strength, from: 0, to: 10, upperIncluded: true, "λ₂ of the L2 arm", owner: owner),
            .number(
                "elastic-mix", \.elasticMix, from: 0, to: 1, upperIncluded: true,
                "elastic net: λ₁ = α·l1, λ₂ = (1 − α)·l2", owner: owner),
            .number(
                "off-threshold", \.offThreshold, from: 0, lowerIncluded: false, to: 1,
                "an input is off when its importance is below this share of the informative inputs' mean", owner: owner),
            .integer("runs", \.runs, in: 1...50, "independent runs (data and initial weights), each trained five ways", owner: owner),
        ]

        public var sizes: [Int] { [featureCount, hidden, classCount] }

        func validateCounts() throws {
            guard informativeCount < featureCount else {
                throw SettingError(
                    "feature-selection: informative = \(informativeCount) must be below features = \(featureCount), so that some inputs are irrelevant")
            }
        }

        public func captionConfiguration(seed: UInt64) -> String {
            "sparse features: \(informativeCount) informative of \(featureCount), \(classCount) classes, "
                + "\(trainCount) training / \(validationCount) validation examples, MLP "
                + "\(sizes.map(String.init).joined(separator: "-")), SGD(η = \(formatNumber(learningRate)), μ = \(formatNumber(momentum))), "
                + "batch \(batchSize), \(epochs) epochs, λ₁ = \(formatNumber(l1Strength)), λ₂ = \(formatNumber(l2Strength)), "
                + "elastic net α = \(formatNumber(elasticMix)), \(SeedStream.captionForm(base: seed, runs: runs))"
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
        /// Share of the hidden units whose incoming weights are all exactly 0 (switched off).
        public let deadUnits: SeedSummary
        /// Among the hidden units still in use, the share of first-layer weights from irrelevant
        /// inputs that are exactly 0, and the same for informative inputs.
        public let liveIrrelevantZero: SeedSummary
        public let liveInformativeZero: SeedSummary
        /// The highest validation accuracy of any epoch: what stopping at the best epoch, chosen
        /// on the validation set itself, would have kept (it flatters every arm).
        public let bestEpochValidationAccuracy: SeedSummary
        /// Share of all weights below 10⁻³ in magnitude.
        public let nearZero: SeedSummary
        /// Mean importance of the irrelevant features over that of the informative ones.
        public let irrelevantToInformative: SeedSummary
        /// Per-feature importance, averaged over seeds.
        public let importance: [Double]
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        public let arms: [ArmSummary]
        public func summary(_ arm: Arm) -> ArmSummary { arms.first { $0.arm == arm }! }
    }

    /// What one run measures.
    struct Measurement: Sendable {
        var validation, train, irrelevantOff, informativeOff, exact, near, ratio: Double
        var importance: [Double]
        var irrelevantZero, informativeZero: Double
        var deadUnits, liveIrrelevantZero, liveInformativeZero, bestEpochValidation: Double
    }

    public static func run(
        _ configuration: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        let c = configuration
        try c.validateCounts()
        let data = try seeds.map { seed -> (train: Dataset, validation: Dataset) in
            var generator = RandomGenerator(seed: seed).derived("sparse-features")
            let all = try Dataset.sparseFeatures(
                count: c.trainCount + c.validationCount, featureCount: c.featureCount,
                informativeCount: c.informativeCount, classCount: c.classCount, using: &generator)
            return (all.subset(Array(0..<c.trainCount)), all.subset(Array(c.trainCount..<all.count)))
        }
        narration.announce("Feature selection: \(seeds.count) runs × \(Arm.allCases.count) penalties")
        let pairs = Arm.allCases.flatMap { arm in seeds.indices.map { (arm, $0) } }
        let measured = try ParallelRuns.map(pairs.count, jobs: jobs) { index -> Measurement in
            let (arm, r) = pairs[index]
            let (train, validation) = data[r]
            let network = try MultilayerPerceptron.make(sizes: c.sizes, dropout: 0, seed: seeds[r])
            let optimizer = try SGD<Float>(
                parameters: network.parameters, learningRate: c.learningRate, momentum: c.momentum)
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: c.batchSize, seed: seeds[r])
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
            let history = try trainer.fit(on: train, validation: validation, epochs: c.epochs)
            let importance = featureImportance(network)
            let informative = importance[0..<c.informativeCount]
            let irrelevant = importance[c.informativeCount...]
            let statistics = try WeightStatistics(of: network)
            let informativeMean = informative.reduce(0, +) / Double(informative.count)
            let cutoff = c.offThreshold * informativeMean
            let zeros = exactZeroShare(network, informativeCount: c.informativeCount)
            let live = liveUnitZeroShare(network, informativeCount: c.informativeCount)
            return Measurement(
                validation: network.accuracy(on: validation), train: network.accuracy(on: train),
                irrelevantOff: Double(irrelevant.filter { $0 < cutoff }.count),
                informativeOff: Double(informative.filter { $0 < cutoff }.count),
                exact: statistics.exactZeroFraction, near: statistics.nearZeroFraction,
                ratio: (irrelevant.reduce(0, +) / Double(irrelevant.count)) / max(1e-12, informativeMean),
                importance: importance, irrelevantZero: zeros.irrelevant, informativeZero: zeros.informative,
                deadUnits: live.deadShare, liveIrrelevantZero: live.irrelevant, liveInformativeZero: live.informative,
                bestEpochValidation: history.validationAccuracy.max() ?? .nan)
        }
        let arms = Arm.allCases.enumerated().map { a, arm in
            let list = Array(measured[(a * seeds.count)..<((a + 1) * seeds.count)])
            let meanImportance = (0..<c.featureCount).map { j in
                list.map { $0.importance[j] }.reduce(0, +) / Double(list.count)
            }
            return ArmSummary(
                arm: arm, validationAccuracy: SeedSummary(list.map(\.validation)),
                trainAccuracy: SeedSummary(list.map(\.train)), irrelevantOff: SeedSummary(list.map(\.irrelevantOff)),
                informativeOff: SeedSummary(list.map(\.informativeOff)),
                irrelevantExactZero: SeedSummary(list.map(\.irrelevantZero)),
                informativeExactZero: SeedSummary(list.map(\.informativeZero)), exactZero: SeedSummary(list.map(\.exact)),
                deadUnits: SeedSummary(list.map(\.deadUnits)),
                liveIrrelevantZero: SeedSummary(list.map(\.liveIrrelevantZero)),
                liveInformativeZero: SeedSummary(list.map(\.liveInformativeZero)),
                bestEpochValidationAccuracy: SeedSummary(list.map(\.bestEpochValidation)),
                nearZero: SeedSummary(list.map(\.near)), irrelevantToInformative: SeedSummary(list.map(\.ratio)),
                importance: meanImportance)
        }
        return Result(configuration: configuration, baseSeed: baseSeed, seeds: seeds, arms: arms)
    }

    /// The hidden units whose incoming first-layer weights are all exactly 0 (a switched-off unit
    /// zeroes its whole row, informative and irrelevant inputs alike), and, among the other units,
    /// the share of exact zeros from informative and from irrelevant inputs.
    static func liveUnitZeroShare(
        _ network: Sequential<Float>, informativeCount: Int
    ) -> (deadShare: Double, informative: Double, irrelevant: Double) {
        let w = (network.layers[0] as! Linear<Float>).weight.value
        var dead = 0
        var informativeZeros = 0, irrelevantZeros = 0, liveRows = 0
        for i in 0..<w.rows {
            let row = (0..<w.columns).map { w[i, $0] }
            if row.allSatisfy({ $0 == 0 }) {
                dead += 1
                continue
            }
            liveRows += 1
            for j in 0..<w.columns where row[j] == 0 {
                if j < informativeCount { informativeZeros += 1 } else { irrelevantZeros += 1 }
            }
        }
        let irrelevantCount = w.columns - informativeCount
        return (
            Double(dead) / Double(w.rows),
            liveRows == 0 ? .nan : Double(informativeZeros) / Double(liveRows * informativeCount),
            liveRows == 0 ? .nan : Double(irrelevantZeros) / Double(liveRows * irrelevantCount))
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

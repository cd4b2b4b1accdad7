import Foundation
import NeuralKit
import Notebook
import NotebookDocument

/// Sections 6–7: Adam with an L2 term in the gradient (`Adam(weightDecay:)`, coupled) against
/// AdamW's decoupled decay, and max-norm as a hard budget, on the same network and data.
///
/// ```
/// Adam + L2:  g ← ∇L + λw;   w ← w − η·m̂/(√v̂ + ε)     decay part ≈ η·λ/(√v̂ + ε) per step
/// AdamW:      w ← w − η·λ·w;  w ← w − η·m̂/(√v̂ + ε)     decay η·λ per step, for every weight
/// max-norm:   after each step, every row (a unit's incoming weights) with ‖w‖₂ > c is scaled to c
/// ```
///
/// With Adam + L2 a weight whose gradients are large (large √v̂) is barely decayed, and one with
/// small gradients is decayed hard: the penalty is no longer the same for all weights.
///
/// ### References
/// Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019.
/// Srivastava et al., "Dropout", JMLR 2014, section 5.1 (max-norm).
public enum DecoupledWeightDecay {
    public enum Method: String, Sendable {
        case adam = "Adam (no decay)"
        case adamL2 = "Adam + L2"
        case adamW = "AdamW"
        case maxNorm = "Adam + max-norm"
    }

    public struct Settings: ExperimentSettings {
        public var trainCount = 300
        public var validationCount = 500
        public var labelNoise = 0.2
        public var hidden = [128, 128]
        public var epochs = 40
        public var batchSize = 32
        public var learningRate = 1e-3
        public var lambdas: [Double] = [1e-3, 1e-2, 1e-1, 1, 10]
        /// The λ at which the effective decay is compared.
        public var referenceLambda = 1e-2
        /// Share of the weights in each of the "large gradient" and "small gradient" groups.
        public var groupShare = 0.1
        public var runs = 5

        public init(quick: Bool) {
            if quick {
                lambdas = [1e-2, 1]
                epochs = 25
                runs = 3
            }
        }

        static let owner = "decoupled"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integer("train-count", \.trainCount, in: 20...1_000, "training images", owner: owner),
            .integer("validation-count", \.validationCount, in: 50...700, "validation images (choose λ)", owner: owner),
            .number(
                "label-noise", \.labelNoise, from: 0, to: 0.9, upperIncluded: true, "share of training labels flipped",
                owner: owner),
            .integers("hidden", \.hidden, in: 1...2_048, count: 1...6, "hidden layer widths", owner: owner),
            .integer("epochs", \.epochs, in: 1...5_000, "epochs per run", owner: owner),
            .integer("batch-size", \.batchSize, in: 1...1_000, "mini-batch size", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "Adam's and AdamW's learning rate η", owner: owner),
            .numbers(
                "lambdas", \.lambdas, from: 0, lowerIncluded: false, to: 1_000, count: 1...10,
                "decay strengths λ tried with both optimizers, in increasing order", owner: owner),
            .number(
                "reference-lambda", \.referenceLambda, from: 0, lowerIncluded: false, to: 1_000,
                "the λ (one of lambdas) at which the per-weight decay is compared", owner: owner),
            .number(
                "group-share", \.groupShare, from: 0, lowerIncluded: false, to: 0.5, upperIncluded: true,
                "share of the weights in the large- and in the small-gradient group", owner: owner),
            .integer("runs", \.runs, in: 1...50, "independent runs (data, flipped labels, initial weights)", owner: owner),
        ]

        public var sizes: [Int] { [Digits.pixelCount] + hidden + [Digits.classCount] }

        func validateLambdas() throws {
            let listed = lambdas.map(formatNumber).joined(separator: ",")
            guard zip(lambdas, lambdas.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw SettingError("decoupled: lambdas \(listed) must increase strictly, e.g. 0.001,0.01,0.1")
            }
            guard lambdas.contains(referenceLambda) else {
                throw SettingError(
                    "decoupled: reference-lambda \(formatNumber(referenceLambda)) must be one of lambdas \(listed); add it or choose one of them")
            }
        }

        public func captionConfiguration(seed: UInt64, runs: Int? = nil) -> String {
            let count = runs ?? self.runs
            return "digits, \(trainCount) training images (\(Int((labelNoise * 100).rounded())) % labels flipped) / \(validationCount) validation, "
                + "MLP \(sizes.map(String.init).joined(separator: "-")), η = \(formatNumber(learningRate)), batch \(batchSize), "
                + "\(epochs) epochs, λ ∈ {\(lambdas.map(formatNumber).joined(separator: ", "))}, "
                + (count == 1 ? "first run of \(SeedStream.captionForm(base: seed, runs: self.runs))"
                    : SeedStream.captionForm(base: seed, runs: count))
        }
    }

    /// Section 7's settings: the max-norm arm, trained on the data and network of `Settings`.
    public struct MaxNormSettings: ExperimentSettings {
        /// c of the max-norm constraint.
        public var maxNorm = 1.0

        public init(quick: Bool) {}

        public static let declarations: [SettingDeclaration<MaxNormSettings>] = [
            .number(
                "c", \.maxNorm, from: 0, lowerIncluded: false, to: 1_000,
                "the largest length allowed for a unit's incoming weight vector", owner: "max-norm")
        ]
    }

    public struct Arm: Sendable {
        public let method: Method
        public let lambda: Double
        public let validationAccuracy: SeedSummary
        /// Accuracy on the held-out digits, neither trained on nor used to choose λ.
        public let testAccuracy: SeedSummary
        public let trainAccuracy: SeedSummary
        public let weightNorm: SeedSummary
        /// The largest row norm of any weight matrix after training.
        public let maximumRowNorm: SeedSummary
        /// The largest row norm after each epoch (first seed).
        public let maximumRowNormCurve: [Double]
        /// Median per-step decay rate of the weights with the largest (top share) and smallest
        /// (bottom share) gradient RMS √v̂ at the end of training (nil for max-norm and no decay).
        public let decayLargeGradients: SeedSummary?
        public let decaySmallGradients: SeedSummary?
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        public let arms: [Arm]
        public func arm(_ method: Method, _ lambda: Double = 0) -> Arm {
            arms.first { $0.method == method && ($0.lambda == lambda || method == .adam) }!
        }
        public var baseline: Arm { arm(.adam) }
        /// The λ with the highest mean validation accuracy for one method (compare it on test).
        public func best(_ method: Method) -> Arm {
            arms.filter { $0.method == method }.max { $0.validationAccuracy.mean < $1.validationAccuracy.mean }!
        }
        /// Adam + L2 at the reference λ: how many times harder the small-gradient weights are
        /// decayed than the large-gradient ones (per run). AdamW's ratio is 1 by construction.
        public var decayRatio: SeedSummary {
            let l2 = arm(.adamL2, configuration.referenceLambda)
            return SeedSummary(zip(l2.decaySmallGradients!.values, l2.decayLargeGradients!.values).map { $0 / $1 })
        }
    }

    /// Section 7: the max-norm arm next to the baseline of `decoupled`.
    public struct MaxNormResult: Sendable {
        public let settings: MaxNormSettings
        public let decoupled: Result
        public let arm: Arm
        public var baseline: Arm { decoupled.baseline }
    }

    /// Adam without decay and Adam + L2 and AdamW at every λ, one network per (setting, run).
    public static func run(
        _ configuration: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        try configuration.validateLambdas()
        var settings: [(Method, Double)] = [(.adam, 0)]
        for lambda in configuration.lambdas { settings += [(.adamL2, lambda), (.adamW, lambda)] }
        narration.announce("Adam + L2 vs AdamW: \(settings.count) settings × \(seeds.count) runs on \(configuration.trainCount) digits")
        let arms = try train(settings, configuration: configuration, maxNorm: nil, seeds: seeds, jobs: jobs)
        return Result(configuration: configuration, baseSeed: baseSeed, seeds: seeds, arms: arms)
    }

    /// The max-norm arm on the same data, network and seeds as `decoupled`.
    public static func runMaxNorm(
        _ settings: MaxNormSettings, decoupled: Result, jobs: Int, narration: ExperimentNarration
    ) throws -> MaxNormResult {
        narration.announce("Adam + max-norm (c = \(formatNumber(settings.maxNorm))): \(decoupled.seeds.count) runs")
        let arms = try train(
            [(.maxNorm, 0)], configuration: decoupled.configuration, maxNorm: settings.maxNorm, seeds: decoupled.seeds,
            jobs: jobs)
        return MaxNormResult(settings: settings, decoupled: decoupled, arm: arms[0])
    }

    static func train(
        _ settings: [(Method, Double)], configuration c: Settings, maxNorm: Double?, seeds: [UInt64], jobs: Int
    ) throws -> [Arm] {
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: c.trainCount, validationCount: c.validationCount, labelNoise: c.labelNoise, seed: $0
            ).split
        }
        struct Measurement: Sendable {
            var validation, test, train, norm, rowNorm: Double
            var curve: [Double]
            var rates: (large: Double, small: Double)?
        }
        let pairs = settings.indices.flatMap { s in seeds.indices.map { (s, $0) } }
        let measured = try ParallelRuns.map(pairs.count, jobs: jobs) { index -> Measurement in
            let (s, r) = pairs[index]
            let (method, lambda) = settings[s]
            let seed = seeds[r]
            let split = splits[r]
            let network = try MultilayerPerceptron.make(sizes: c.sizes, dropout: 0, seed: seed)
            let parameters = network.parameters
            let eta = c.learningRate
            // snippet: adam-vs-adamw
            let optimizer: any Optimizer<Float>
            switch method {
            case .adamL2:  // λ·w joins the gradient, then Adam divides by √v̂
                optimizer = try Adam<Float>(
                    parameters: parameters, learningRate: eta, weightDecay: lambda)
            case .adamW:  // w ← (1 − η·λ)·w, outside the adaptive step
                optimizer = try AdamW<Float>(
                    parameters: parameters, learningRate: eta, weightDecay: lambda)
            case .adam, .maxNorm:
                optimizer = try Adam<Float>(parameters: parameters, learningRate: eta)
            }
            // end-snippet
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: c.batchSize, seed: seed)
            if method == .maxNorm, let maxNorm {
                // snippet: max-norm
                trainer.constraints = [try MaxNormConstraint(maxNorm: maxNorm)]
                // end-snippet
            }
            var curve: [Double] = []
            trainer.endOfEpoch = { _ in curve.append(maximumRowNorm(network)) }
            try trainer.fit(on: split.train, epochs: c.epochs)
            return Measurement(
                validation: network.accuracy(on: split.validation), test: network.accuracy(on: split.test),
                train: network.accuracy(on: split.train), norm: try WeightStatistics(of: network).totalL2Norm,
                rowNorm: maximumRowNorm(network), curve: curve,
                rates: effectiveDecay(method: method, lambda: lambda, optimizer: optimizer, share: c.groupShare))
        }
        return settings.indices.map { s in
            let list = Array(measured[(s * seeds.count)..<((s + 1) * seeds.count)])
            let rates = list.compactMap(\.rates)
            return Arm(
                method: settings[s].0, lambda: settings[s].1, validationAccuracy: SeedSummary(list.map(\.validation)),
                testAccuracy: SeedSummary(list.map(\.test)), trainAccuracy: SeedSummary(list.map(\.train)),
                weightNorm: SeedSummary(list.map(\.norm)), maximumRowNorm: SeedSummary(list.map(\.rowNorm)),
                maximumRowNormCurve: list[0].curve,
                decayLargeGradients: rates.isEmpty ? nil : SeedSummary(rates.map(\.large)),
                decaySmallGradients: rates.isEmpty ? nil : SeedSummary(rates.map(\.small)))
        }
    }

    /// The largest ‖row‖₂ of any weight matrix: the largest incoming-weight norm of any unit.
    static func maximumRowNorm(_ network: Sequential<Float>) -> Double {
        var largest = 0.0
        for (_, parameter) in network.namedParameters where parameter.role == .weight {
            let w = parameter.value
            for i in 0..<w.rows {
                let norm = (0..<w.columns).reduce(0.0) { $0 + Double(w[i, $1]) * Double(w[i, $1]) }.squareRoot()
                largest = max(largest, norm)
            }
        }
        return largest
    }

    /// The per-step decay rate each weight receives at the end of training, as the median over the
    /// weights with the largest and the smallest gradient RMS √v̂:
    /// Adam + L2: `η·λ/(√v̂ + ε)` (the λw term passes through the adaptive denominator);
    /// AdamW: `η·λ` for every weight.
    static func effectiveDecay(
        method: Method, lambda: Double, optimizer: any Optimizer<Float>, share: Double
    ) -> (large: Double, small: Double)? {
        let secondMoments: [Tensor<Float>]
        let steps: Int
        let betas: (Double, Double)
        let epsilon: Double
        switch optimizer {
        case let adam as Adam<Float> where method == .adamL2:
            (secondMoments, steps, betas, epsilon) = (adam.secondMoments, adam.stepCount, adam.betas, adam.epsilon)
        case let adamW as AdamW<Float> where method == .adamW:
            (secondMoments, steps, betas, epsilon) = (adamW.secondMoments, adamW.stepCount, adamW.betas, adamW.epsilon)
        default:
            return nil
        }
        let weightIndices = optimizer.parameters.indices.filter { optimizer.parameters[$0].role == .weight }
        let correction = 1 - Foundation.pow(betas.1, Double(steps))
        // √v̂ per weight, sorted ascending
        let rms = weightIndices.flatMap { secondMoments[$0].scalars.map { (Double($0) / correction).squareRoot() } }
            .sorted()
        let groupSize = max(1, Int(Double(rms.count) * share))
        let smallMedian = rms[groupSize / 2]
        let largeMedian = rms[rms.count - groupSize + groupSize / 2]
        let eta = optimizer.learningRate
        switch method {
        case .adamL2:
            return (eta * lambda / (largeMedian + epsilon), eta * lambda / (smallMedian + epsilon))
        default:
            return (eta * lambda, eta * lambda)
        }
    }
}

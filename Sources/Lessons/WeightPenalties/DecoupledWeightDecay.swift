import Foundation
import NeuralKit

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

    public struct Configuration: Sendable {
        public var trainCount = 300
        public var validationCount = 500
        public var labelNoise = 0.2
        public var sizes = [64, 128, 128, 10]
        public var epochs = 40
        public var batchSize = 32
        public var learningRate = 1e-3
        public var lambdas: [Double] = [1e-3, 1e-2, 1e-1, 1, 10]
        /// The λ at which the effective decay is compared.
        public var referenceLambda = 1e-2
        /// c of the max-norm constraint.
        public var maxNorm = 1.0
        /// Share of the weights in each of the "large gradient" and "small gradient" groups.
        public var groupShare = 0.1
        public var seedCount = 3
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                lambdas = [1e-2, 1]
                referenceLambda = 1e-2
                epochs = 25
            }
        }

        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }

        public var captionConfiguration: String {
            "digits, \(trainCount) training images (\(Int(labelNoise * 100)) % labels flipped) / \(validationCount) validation, "
                + "MLP \(sizes.map(String.init).joined(separator: "-")), η = \(learningRate), batch \(batchSize), "
                + "\(epochs) epochs, λ ∈ {\(lambdas.map { "\($0)" }.joined(separator: ", "))}, max-norm c = \(maxNorm), "
                + "seeds \(seeds.first!)–\(seeds.last!)"
        }
    }

    public struct Arm: Sendable {
        public let method: Method
        public let lambda: Double
        public let validationAccuracy: SeedSummary
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
        public let configuration: Configuration
        public let arms: [Arm]
        public func arm(_ method: Method, _ lambda: Double = 0) -> Arm {
            arms.first { $0.method == method && ($0.lambda == lambda || method == .adam || method == .maxNorm) }!
        }
        public var baseline: Arm { arm(.adam) }
        /// The λ with the highest mean validation accuracy for one method.
        public func best(_ method: Method) -> Arm {
            arms.filter { $0.method == method }.max { $0.validationAccuracy.mean < $1.validationAccuracy.mean }!
        }
        /// Adam + L2 at the reference λ: how many times harder the small-gradient weights are
        /// decayed than the large-gradient ones (per seed). AdamW's ratio is 1 by construction.
        public var decayRatio: SeedSummary {
            let l2 = arm(.adamL2, configuration.referenceLambda)
            return SeedSummary(zip(l2.decaySmallGradients!.values, l2.decayLargeGradients!.values).map { $0 / $1 })
        }
    }

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        let c = configuration
        let splits = try c.seeds.map {
            try NoisyDigitsSplit(
                trainCount: c.trainCount, validationCount: c.validationCount, labelNoise: c.labelNoise, seed: $0)
        }
        var settings: [(Method, Double)] = [(.adam, 0), (.maxNorm, 0)]
        for lambda in c.lambdas { settings += [(.adamL2, lambda), (.adamW, lambda)] }
        var arms: [Arm] = []
        for (method, lambda) in settings {
            var validation: [Double] = []
            var train: [Double] = []
            var norms: [Double] = []
            var rowNorms: [Double] = []
            var curve: [Double] = []
            var large: [Double] = []
            var small: [Double] = []
            for (seed, noisy) in zip(c.seeds, splits) {
                let split = noisy.split
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
                if method == .maxNorm {
                    // snippet: max-norm
                    trainer.constraints = [try MaxNormConstraint(maxNorm: c.maxNorm)]
                    // end-snippet
                }
                var seedCurve: [Double] = []
                trainer.endOfEpoch = { _ in seedCurve.append(maximumRowNorm(network)) }
                try trainer.fit(on: split.train, epochs: c.epochs)
                validation.append(network.accuracy(on: split.validation))
                train.append(network.accuracy(on: split.train))
                norms.append(try WeightStatistics(of: network).totalL2Norm)
                rowNorms.append(maximumRowNorm(network))
                if curve.isEmpty { curve = seedCurve }
                if let rates = effectiveDecay(method: method, lambda: lambda, optimizer: optimizer, share: c.groupShare) {
                    large.append(rates.large)
                    small.append(rates.small)
                }
            }
            arms.append(Arm(
                method: method, lambda: lambda, validationAccuracy: SeedSummary(validation),
                trainAccuracy: SeedSummary(train), weightNorm: SeedSummary(norms), maximumRowNorm: SeedSummary(rowNorms),
                maximumRowNormCurve: curve, decayLargeGradients: large.isEmpty ? nil : SeedSummary(large),
                decaySmallGradients: small.isEmpty ? nil : SeedSummary(small)))
            narration.announce("  \(method.rawValue)\(lambda > 0 ? ", λ = \(lambda)" : ""): done")
        }
        return Result(configuration: configuration, arms: arms)
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

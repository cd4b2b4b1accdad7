import NeuralKit

/// The playbook experiment of the toolbox lesson: on one small, noisily labelled digits split,
/// the same training budget with each technique of the lesson switched on alone, over several
/// seeds. Every technique is compared with the plain network of its own family (an MLP, or a
/// residual MLP for stochastic depth) on the same split and seed.
public enum ToolboxPlaybook {
    /// The techniques compared.
    public enum Technique: String, CaseIterable, Sendable {
        case baseline, inputNoise, mixup, dropout, dropoutMaxNorm, residual, stochasticDepth

        /// The name printed in the table.
        public var title: String {
            switch self {
            case .baseline: "plain MLP"
            case .inputNoise: "Gaussian input noise"
            case .mixup: "mixup"
            case .dropout: "dropout"
            case .dropoutMaxNorm: "dropout + max-norm"
            case .residual: "plain residual MLP"
            case .stochasticDepth: "stochastic depth"
            }
        }

        /// A short name for the bar chart.
        public var shortTitle: String {
            switch self {
            case .inputNoise: "input noise"
            case .dropoutMaxNorm: "+ max-norm"
            case .stochasticDepth: "stoch. depth"
            default: title
            }
        }

        /// The plain network this technique is measured against.
        public var reference: Technique {
            switch self {
            case .residual, .stochasticDepth: .residual
            default: .baseline
            }
        }
    }

    public struct Configuration: Sendable {
        public var techniques = Technique.allCases
        public var seedCount = 4
        public var trainCount = 300
        public var validationCount = 500
        public var labelNoise = 0.2
        /// Width of every hidden layer.
        public var width = 128
        /// Hidden layers of the MLP; residual blocks of the residual MLP.
        public var depth = 2
        public var residualBlocks = 4
        public var epochs = 30
        public var batchSize = 32
        public var learningRate = 1e-3
        /// σ of the Gaussian input noise (pixels are in [0, 1]).
        public var noiseStandardDeviation: Float = 0.3
        public var mixupAlpha = 0.4
        public var dropout = 0.5
        public var maxNorm = 1.0
        /// p_L of the linear decay rule.
        public var finalSurvivalProbability = 0.5
        public var seed: UInt64

        public init(seed: UInt64, quick: Bool) {
            self.seed = seed
            if quick {
                seedCount = 3
                trainCount = 150
                validationCount = 300
                epochs = 25
            }
        }

        public var seeds: [UInt64] { (0..<UInt64(seedCount)).map { seed &+ $0 } }

        public var captionConfiguration: String {
            "digits, \(trainCount) training images (\(Int(labelNoise * 100)) % labels flipped) / "
                + "\(validationCount) validation, width \(width), MLP depth \(depth), \(residualBlocks) residual blocks, "
                + "Adam(η = \(learningRate)), batch \(batchSize), \(epochs) epochs; σ = \(noiseStandardDeviation), "
                + "α = \(mixupAlpha), p = \(dropout), c = \(maxNorm), p_L = \(finalSurvivalProbability); "
                + "seeds \(seeds.first!)–\(seeds.last!)"
        }
    }

    /// One training run of one technique on one seed.
    public struct Run: Sendable {
        public let seed: UInt64
        public let trainAccuracy: Double
        public let validationAccuracy: Double
        /// Validation accuracy per epoch.
        public let validationCurve: [Double]
        /// The largest incoming-weight norm of any hidden unit at the end.
        public let largestRowNorm: Double
        /// Per residual block: the share of examples whose branch was kept during training.
        public let keptFractions: [Double]
    }

    public struct TechniqueSummary: Sendable {
        public let technique: Technique
        public let runs: [Run]
        public var trainAccuracy: SeedSummary { SeedSummary(runs.map(\.trainAccuracy)) }
        public var validationAccuracy: SeedSummary { SeedSummary(runs.map(\.validationAccuracy)) }
        public var largestRowNorm: SeedSummary { SeedSummary(runs.map(\.largestRowNorm)) }
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let techniques: [TechniqueSummary]
        /// The survival probability p_l of each residual block under the linear decay rule.
        public let survivalProbabilities: [Double]

        public func summary(_ technique: Technique) -> TechniqueSummary? {
            techniques.first { $0.technique == technique }
        }

        /// Validation accuracy gained over the technique's plain reference, per seed.
        public func gain(_ technique: Technique) -> SeedSummary? {
            guard let summary = summary(technique), let reference = self.summary(technique.reference) else {
                return nil
            }
            return summary.validationAccuracy - reference.validationAccuracy
        }

        /// How many seeds the technique beat its reference on.
        public func seedsImproved(_ technique: Technique) -> Int {
            guard let gain = gain(technique) else { return 0 }
            return gain.values.filter { $0 > 0 }.count
        }
    }

    public static func run(_ configuration: Configuration, narration: ExperimentNarration) throws -> Result {
        let seeds = configuration.seeds
        narration.announce(
            "Training \(configuration.techniques.count * seeds.count) networks "
                + "(\(configuration.techniques.count) techniques, \(seeds.count) seeds) on \(configuration.trainCount) digits")
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: configuration.trainCount, validationCount: configuration.validationCount,
                labelNoise: configuration.labelNoise, seed: $0)
        }
        let survival = try (1...configuration.residualBlocks).map {
            try StochasticDepth.linearDecaySurvivalProbability(
                block: $0, of: configuration.residualBlocks,
                finalSurvivalProbability: configuration.finalSurvivalProbability)
        }
        var summaries: [TechniqueSummary] = []
        for technique in configuration.techniques {
            var runs: [Run] = []
            for (seed, split) in zip(seeds, splits) {
                runs.append(
                    try train(
                        technique, seed: seed, split: split.split, survival: survival,
                        configuration: configuration, narration: narration))
            }
            summaries.append(TechniqueSummary(technique: technique, runs: runs))
        }
        return Result(configuration: configuration, techniques: summaries, survivalProbabilities: survival)
    }

    static func train(
        _ technique: Technique, seed: UInt64, split: DataSplit, survival: [Double],
        configuration: Configuration, narration: ExperimentNarration
    ) throws -> Run {
        let sizes = [64] + Array(repeating: configuration.width, count: configuration.depth) + [10]
        let usesDropout = technique == .dropout || technique == .dropoutMaxNorm
        var blocks: [ResidualBlock<Float>] = []
        let network: Sequential<Float>
        switch technique {
        case .residual:
            (network, blocks) = try residualNetwork(survival: nil, seed: seed, configuration: configuration)
        case .stochasticDepth:
            (network, blocks) = try residualNetwork(survival: survival, seed: seed, configuration: configuration)
        default:
            network = try MultilayerPerceptron.make(
                sizes: sizes, dropout: usesDropout ? configuration.dropout : 0, seed: seed)
        }
        let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: configuration.learningRate)
        let trainer = try Trainer(
            network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: configuration.batchSize,
            seed: seed)
        // snippet: toolbox-techniques
        switch technique {
        case .inputNoise:
            trainer.augmentation = try GaussianInputNoise(
                standardDeviation: configuration.noiseStandardDeviation)
        case .mixup:
            trainer.augmentation = try Mixup(alpha: configuration.mixupAlpha)
        case .dropoutMaxNorm:
            let maxNorm = try MaxNormConstraint(maxNorm: configuration.maxNorm)
            trainer.constraints = [maxNorm]
        default:
            break  // dropout and stochastic depth live in the network itself
        }
        // end-snippet
        var kept = [Int](repeating: 0, count: blocks.count)
        var drawn = 0
        if !blocks.isEmpty {
            trainer.onStep = { _ in
                for (index, block) in blocks.enumerated() {
                    kept[index] += block.keptPaths.filter { $0 }.count
                }
                drawn += blocks[0].keptPaths.count
            }
        }
        trainer.onEpoch = narration.trainerProgress("\(technique.title), seed \(seed)", epochs: configuration.epochs)
        let history = try trainer.fit(on: split.train, validation: split.validation, epochs: configuration.epochs)
        let hiddenWeights = network.namedParameters.filter { $0.parameter.role == .weight }.dropLast()
        let largestRowNorm = hiddenWeights.map { largestRowNormOf($0.parameter.value) }.max() ?? 0
        return Run(
            seed: seed, trainAccuracy: network.accuracy(on: split.train),
            validationAccuracy: network.accuracy(on: split.validation),
            validationCurve: history.validationAccuracy, largestRowNorm: largestRowNorm,
            keptFractions: kept.map { drawn > 0 ? Double($0) / Double(drawn) : 1 })
    }

    /// `Linear(64→w) → ReLU`, then residual blocks `x + Linear(ReLU(Linear(x)))` with survival
    /// probabilities `survival` (nil: plain residual blocks), then `ReLU → Linear(w→10)`.
    static func residualNetwork(
        survival: [Double]?, seed: UInt64, configuration: Configuration
    ) throws -> (Sequential<Float>, [ResidualBlock<Float>]) {
        let width = configuration.width
        let root = RandomGenerator(seed: seed)
        var initialization = root.derived("weights")
        func linear(_ input: Int, _ output: Int) -> Linear<Float> {
            Linear<Float>(
                inputSize: input, outputSize: output, initialization: .kaimingUniform, generator: &initialization)
        }
        var layers: [any Layer<Float>] = [linear(64, width), ReLU<Float>()]
        var blocks: [ResidualBlock<Float>] = []
        for index in 0..<configuration.residualBlocks {
            var blockGenerator = root.derived("block-\(index)")
            // snippet: stochastic-depth-block
            let branch = Sequential<Float>(
                linear(width, width), ReLU<Float>(), linear(width, width))
            let block = try ResidualBlock(
                branch, survivalProbability: survival?[index] ?? 1,
                seed: blockGenerator.next())
            // end-snippet
            blocks.append(block)
            layers.append(block)
        }
        layers += [ReLU<Float>(), linear(width, 10)]
        return (Sequential(layers), blocks)
    }

    /// max over rows i of ‖wᵢ‖₂.
    static func largestRowNormOf(_ weight: Tensor<Float>) -> Double {
        (0..<weight.rows).map { i in
            (0..<weight.columns).reduce(0.0) { $0 + Double(weight[i, $1]) * Double(weight[i, $1]) }.squareRoot()
        }.max() ?? 0
    }
}

import NeuralKit
import Notebook
import NotebookDocument

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

        /// The network this technique is measured against: the plain network of its family, and
        /// for max-norm the dropout network it is added to (so its gain is what max-norm adds).
        public var reference: Technique {
            switch self {
            case .residual, .stochasticDepth: .residual
            case .dropoutMaxNorm: .dropout
            default: .baseline
            }
        }
    }

    public struct Settings: ExperimentSettings {
        public var runs = 4
        public var trainCount = 300
        public var validationCount = 500
        public var labelNoise = 0.2
        /// Width of every hidden layer.
        public var width = 128
        /// Hidden layers of the MLP.
        public var depth = 2
        public var residualBlocks = 4
        /// Long enough for dropout, which trains slowest, to level off (a shorter budget credits
        /// the techniques that converge fast).
        public var epochs = 60
        public var batchSize = 32
        public var learningRate = 1e-3
        /// σ of the Gaussian input noise (pixels are in [0, 1]).
        public var noiseStandardDeviation = 0.3
        public var mixupAlpha = 0.4
        public var dropout = 0.5
        public var maxNorm = 1.0
        /// p_L of the linear decay rule.
        public var finalSurvivalProbability = 0.5

        public init(quick: Bool) {
            if quick {
                runs = 3
                trainCount = 150
                validationCount = 300
                epochs = 25
            }
        }

        static let owner = "playbook"
        public static let declarations: [SettingDeclaration<Settings>] = [
            .integer("runs", \.runs, in: 1...20, "independent runs (split, flipped labels, weights)", owner: owner),
            .integer("train-count", \.trainCount, in: 20...1_200, "training images", owner: owner),
            .integer("validation-count", \.validationCount, in: 50...1_000, "clean validation images", owner: owner),
            .number(
                "label-noise", \.labelNoise, from: 0, to: 0.9, upperIncluded: true, "share of training labels flipped",
                owner: owner),
            .integer("width", \.width, in: 1...2_048, "width of every hidden layer", owner: owner),
            .integer("depth", \.depth, in: 1...8, "hidden layers of the MLP", owner: owner),
            .integer("residual-blocks", \.residualBlocks, in: 1...16, "residual blocks of the residual MLP", owner: owner),
            .integer("epochs", \.epochs, in: 1...5_000, "epochs per run", owner: owner),
            .integer("batch-size", \.batchSize, in: 1...1_200, "mini-batch size", owner: owner),
            .number(
                "learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "Adam's learning rate η", owner: owner),
            .number(
                "noise-sigma", \.noiseStandardDeviation, from: 0, lowerIncluded: false, to: 10,
                "σ of the Gaussian input noise (pixels in [0, 1])", owner: owner),
            .number("mixup-alpha", \.mixupAlpha, from: 0, lowerIncluded: false, to: 100, "mixup's Beta(α, α)", owner: owner),
            .number("dropout", \.dropout, from: 0, lowerIncluded: false, to: 1, "dropout rate p", owner: owner),
            .number("max-norm", \.maxNorm, from: 0, lowerIncluded: false, to: 1_000, "max-norm radius c", owner: owner),
            .number(
                "final-survival", \.finalSurvivalProbability, from: 0, lowerIncluded: false, to: 1, upperIncluded: true,
                "survival probability p_L of the last residual block", owner: owner),
        ]

        public func captionConfiguration(seed: UInt64) -> String {
            "digits, \(trainCount) training images (\(Int((labelNoise * 100).rounded())) % labels flipped) / "
                + "\(validationCount) validation, width \(width), MLP depth \(depth), \(residualBlocks) residual blocks, "
                + "Adam(η = \(formatNumber(learningRate))), batch \(batchSize), \(epochs) epochs; "
                + "σ = \(formatNumber(noiseStandardDeviation)), α = \(formatNumber(mixupAlpha)), p = \(formatNumber(dropout)), "
                + "c = \(formatNumber(maxNorm)), p_L = \(formatNumber(finalSurvivalProbability)); "
                + SeedStream.captionForm(base: seed, runs: runs)
        }
    }

    /// One training run of one technique on one seed.
    public struct Run: Sendable {
        public let seed: UInt64
        public let trainAccuracy: Double
        public let validationAccuracy: Double
        /// Validation accuracy per epoch.
        public let validationCurve: [Double]
        /// Share of the flipped training images on which the network predicts the wrong label it
        /// was given.
        public let memorizedNoise: Double
        /// The highest validation accuracy of any epoch (chosen on the validation set itself, so it
        /// flatters every technique alike): what stopping at the best epoch would have kept.
        public var bestValidationAccuracy: Double { validationCurve.max() ?? .nan }
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
        public var bestValidationAccuracy: SeedSummary { SeedSummary(runs.map(\.bestValidationAccuracy)) }
        public var memorizedNoise: SeedSummary { SeedSummary(runs.map(\.memorizedNoise)) }
    }

    public struct Result: Sendable {
        public let configuration: Settings
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        public let techniques: [TechniqueSummary]
        /// The survival probability p_l of each residual block under the linear decay rule.
        public let survivalProbabilities: [Double]

        public func summary(_ technique: Technique) -> TechniqueSummary? {
            techniques.first { $0.technique == technique }
        }

        /// Validation accuracy at the last epoch gained over the technique's reference, per run.
        public func gain(_ technique: Technique) -> SeedSummary? {
            guard let summary = summary(technique), let reference = self.summary(technique.reference) else {
                return nil
            }
            return summary.validationAccuracy - reference.validationAccuracy
        }

        /// The same at each run's best epoch (technique and reference each at their own best).
        public func bestEpochGain(_ technique: Technique) -> SeedSummary? {
            guard let summary = summary(technique), let reference = self.summary(technique.reference) else {
                return nil
            }
            return summary.bestValidationAccuracy - reference.bestValidationAccuracy
        }

        /// The techniques that have a reference (every one but the two plain networks).
        public var comparedTechniques: [Technique] {
            techniques.map(\.technique).filter { $0 != $0.reference }
        }

        /// The compared techniques by mean last-epoch gain, largest first.
        public var ranking: [Technique] {
            comparedTechniques.sorted { (gain($0)?.mean ?? -1) > (gain($1)?.mean ?? -1) }
        }

        /// How many seeds the technique beat its reference on.
        public func seedsImproved(_ technique: Technique) -> Int {
            guard let gain = gain(technique) else { return 0 }
            return gain.values.filter { $0 > 0 }.count
        }
    }

    /// Trains every (technique, run) pair, up to `jobs` at once; the results do not depend on `jobs`.
    public static func run(
        _ settings: Settings, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        let techniques = Technique.allCases
        narration.announce(
            "Training \(techniques.count * seeds.count) networks "
                + "(\(techniques.count) techniques, \(seeds.count) runs) on \(settings.trainCount) digits")
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: settings.trainCount, validationCount: settings.validationCount,
                labelNoise: settings.labelNoise, seed: $0)
        }
        let survival = try (1...settings.residualBlocks).map {
            try StochasticDepth.linearDecaySurvivalProbability(
                block: $0, of: settings.residualBlocks, finalSurvivalProbability: settings.finalSurvivalProbability)
        }
        let runs = try ParallelRuns.map(techniques.count * seeds.count, jobs: jobs) { index -> Run in
            let technique = techniques[index / seeds.count], run = index % seeds.count
            return try train(
                technique, seed: seeds[run], split: splits[run], survival: survival, configuration: settings,
                narration: narration)
        }
        let summaries = techniques.enumerated().map { t, technique in
            TechniqueSummary(technique: technique, runs: Array(runs[(t * seeds.count)..<((t + 1) * seeds.count)]))
        }
        return Result(
            configuration: settings, baseSeed: baseSeed, seeds: seeds, techniques: summaries,
            survivalProbabilities: survival)
    }

    static func train(
        _ technique: Technique, seed: UInt64, split noisySplit: NoisyDigitsSplit, survival: [Double],
        configuration: Settings, narration: ExperimentNarration
    ) throws -> Run {
        let split = noisySplit.split
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
                standardDeviation: Float(configuration.noiseStandardDeviation))
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
        let flipped = split.train.subset(noisySplit.flippedIndices)
        let history = try trainer.fit(on: split.train, validation: split.validation, epochs: configuration.epochs)
        let hiddenWeights = network.namedParameters.filter { $0.parameter.role == .weight }.dropLast()
        let largestRowNorm = hiddenWeights.map { largestRowNormOf($0.parameter.value) }.max() ?? 0
        return Run(
            seed: seed, trainAccuracy: network.accuracy(on: split.train),
            validationAccuracy: network.accuracy(on: split.validation),
            validationCurve: history.validationAccuracy,
            memorizedNoise: flipped.count == 0 ? 0 : network.accuracy(on: flipped), largestRowNorm: largestRowNorm,
            keptFractions: kept.map { drawn > 0 ? Double($0) / Double(drawn) : 1 })
    }

    /// `Linear(64→w) → ReLU`, then residual blocks `x + Linear(ReLU(Linear(x)))` with survival
    /// probabilities `survival` (nil: plain residual blocks), then `ReLU → Linear(w→10)`.
    static func residualNetwork(
        survival: [Double]?, seed: UInt64, configuration: Settings
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

import NeuralKit
import Notebook
import NotebookDocument

/// Section 3 of the BatchNorm lesson: the variance shift of Li et al. (2018). During training a
/// BatchNorm layer placed after dropout sees the thinned, rescaled signal and its running variance
/// learns that signal's variance; at evaluation dropout is off and the layer receives a signal with
/// less variance than it expects. Per BatchNorm layer we measure
///
/// ```
/// shift = mean_j  runningVariance_j / Var_eval[x_j]
/// ```
///
/// over the training images (1 = no shift), and the accuracy the shift costs: the validation
/// accuracy after re-estimating every layer's running statistics with dropout off, minus before.
///
/// ### References
/// - X. Li, S. Chen, X. Hu, J. Yang, "Understanding the Disharmony between Dropout and Batch
///   Normalization by Variance Shift", CVPR 2019 (arXiv 1801.05134, 2018).
public enum VarianceShift {
    /// One trained setting: an ordering, a rate, a depth and a batch size.
    public struct Setting: Sendable, Equatable {
        public var ordering: NormalizedNetwork.Ordering
        public var dropout: Double
        public var hiddenLayers: Int
        public var batchSize: Int

        public var name: String {
            "\(ordering.name), p = \(dropout), \(hiddenLayers) hidden, batch \(batchSize)"
        }
    }

    public struct Configuration: ExperimentSettings {
        public var probabilities: [Double] = [0.1, 0.3, 0.5, 0.7]
        public var orderings: [NormalizedNetwork.Ordering] = [.dropoutBatchNormReLU, .batchNormReLUDropout]
        /// Harder settings for dropout before BN: deeper, smaller batches (at `stressDropout`).
        public var stressDropout = 0.5
        public var deepHiddenLayers = 4
        public var smallBatchSize = 8
        public var hiddenLayers = 2
        public var width = 128
        public var runs = 4
        public var trainCount = 300
        public var validationCount = 500
        public var epochs = 20
        public var batchSize = 32
        public var learningRate = 1e-3

        public init(quick: Bool) {
            if quick {
                probabilities = [0.2, 0.5]
                runs = 3
                trainCount = 200
                validationCount = 300
                epochs = 10
            }
        }

        static let owner = "variance-shift"
        public static let declarations: [SettingDeclaration<Configuration>] = [
            .numbers(
                "probabilities", \.probabilities, from: 0, lowerIncluded: false, to: 1, count: 2...8,
                "dropout rates p, increasing (must include stress-dropout)", owner: owner),
            .number(
                "stress-dropout", \.stressDropout, from: 0, lowerIncluded: false, to: 1,
                "p of the deeper and small-batch settings", owner: owner),
            .integer("deep-hidden-layers", \.deepHiddenLayers, in: 1...12, "hidden layers of the deeper setting", owner: owner),
            .integer("small-batch-size", \.smallBatchSize, in: 2...1_200, "batch size of the small-batch setting", owner: owner),
            .integer("hidden-layers", \.hiddenLayers, in: 2...12, "hidden layers of the sweep", owner: owner),
            .integer("width", \.width, in: 1...2_048, "units per hidden layer", owner: owner),
            .integer("runs", \.runs, in: 1...50, "independent runs (seeds), shared by all settings", owner: owner),
            .integer("train-count", \.trainCount, in: 20...1_200, "training images", owner: owner),
            .integer("validation-count", \.validationCount, in: 50...1_000, "validation images", owner: owner),
            .integer("epochs", \.epochs, in: 1...5_000, "epochs per run", owner: owner),
            .integer("batch-size", \.batchSize, in: 2...1_200, "mini-batch size of the sweep", owner: owner),
            .number("learning-rate", \.learningRate, from: 0, lowerIncluded: false, to: 1, upperIncluded: true, "Adam's learning rate η", owner: owner),
        ]

        func validate() throws {
            let listed = probabilities.map(formatNumber).joined(separator: ",")
            guard zip(probabilities, probabilities.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw SettingError("variance-shift: probabilities \(listed) must increase, e.g. 0.1,0.3,0.5")
            }
            guard probabilities.contains(stressDropout) else {
                throw SettingError(
                    "variance-shift: stress-dropout \(formatNumber(stressDropout)) must be one of probabilities \(listed); add it or choose one of them")
            }
        }

        public var sweepSettings: [Setting] {
            orderings.flatMap { ordering in
                probabilities.map {
                    Setting(ordering: ordering, dropout: $0, hiddenLayers: hiddenLayers, batchSize: batchSize)
                }
            }
        }

        public var baseStress: Setting {
            Setting(ordering: .dropoutBatchNormReLU, dropout: stressDropout, hiddenLayers: hiddenLayers, batchSize: batchSize)
        }

        public var stressSettings: [Setting] {
            [
                Setting(ordering: .dropoutBatchNormReLU, dropout: stressDropout, hiddenLayers: deepHiddenLayers, batchSize: batchSize),
                Setting(ordering: .dropoutBatchNormReLU, dropout: stressDropout, hiddenLayers: hiddenLayers, batchSize: smallBatchSize),
            ]
        }

        public func captionConfiguration(seed: UInt64) -> String {
            "digits, \(trainCount) training / \(validationCount) validation images, width \(width), "
                + "Adam(η = \(formatNumber(learningRate))), \(epochs) epochs, \(SeedStream.captionForm(base: seed, runs: runs))"
        }
    }

    /// What one BatchNorm layer expects and receives at evaluation time.
    public struct LayerShift: Sendable {
        /// Mean over features of the running variance.
        public let expectedVariance: Double
        /// Mean over features of the variance of the layer's input in evaluation mode.
        public let receivedVariance: Double
        /// Mean over features of runningVariance_j / Var_eval[x_j].
        public let shift: Double
    }

    public struct Run: Sendable {
        public let seed: UInt64
        public let layers: [LayerShift]
        public let validationAccuracy: Double
        /// Validation accuracy after re-estimating the running statistics with dropout off.
        public let recalibratedAccuracy: Double
        public var recalibrationGain: Double { recalibratedAccuracy - validationAccuracy }
    }

    public struct SettingSummary: Sendable {
        public let setting: Setting
        public let runs: [Run]
        /// The shift of BatchNorm layer `index` over seeds.
        public func shift(layer index: Int) -> SeedSummary { SeedSummary(runs.map { $0.layers[index].shift }) }
        /// The largest shift over the layers, per seed.
        public var largestShift: SeedSummary { SeedSummary(runs.map { $0.layers.map(\.shift).max()! }) }
        public var validationAccuracy: SeedSummary { SeedSummary(runs.map(\.validationAccuracy)) }
        public var recalibratedAccuracy: SeedSummary { SeedSummary(runs.map(\.recalibratedAccuracy)) }
        public var recalibrationGain: SeedSummary { SeedSummary(runs.map(\.recalibrationGain)) }
        public var layerCount: Int { runs[0].layers.count }
    }

    public struct Result: Sendable {
        public let configuration: Configuration
        public let baseSeed: UInt64
        public let seeds: [UInt64]
        public let sweep: [SettingSummary]
        /// The base setting of the stress test followed by the deeper and the small-batch one.
        public let stress: [SettingSummary]

        public func summary(_ ordering: NormalizedNetwork.Ordering, dropout: Double) -> SettingSummary? {
            sweep.first { $0.setting.ordering == ordering && $0.setting.dropout == dropout }
        }
    }

    /// Trains every (setting, run) pair, up to `jobs` at once; the results do not depend on `jobs`.
    public static func run(
        _ configuration: Configuration, seeds: [UInt64], baseSeed: UInt64, jobs: Int, narration: ExperimentNarration
    ) throws -> Result {
        try configuration.validate()
        let splits = try seeds.map {
            try NoisyDigitsSplit(
                trainCount: configuration.trainCount, validationCount: configuration.validationCount,
                labelNoise: 0, seed: $0
            ).split
        }
        let settings = configuration.sweepSettings
        let stressSettings = configuration.stressSettings
        let all = settings + stressSettings
        narration.announce("Training \(all.count * seeds.count) networks with BatchNorm and dropout")
        let pairs = all.flatMap { setting in seeds.indices.map { (setting, $0) } }
        let runs = try ParallelRuns.map(pairs.count, jobs: jobs) { index -> Run in
            let (setting, run) = pairs[index]
            let seed = seeds[run]
            let split = splits[run]
            let sizes = [split.train.featureCount]
                + Array(repeating: configuration.width, count: setting.hiddenLayers) + [split.train.classCount]
            let network = try NormalizedNetwork.make(
                sizes: sizes, ordering: setting.ordering, dropout: setting.dropout, seed: seed)
            let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: configuration.learningRate)
            let trainer = try Trainer(
                network: network, optimizer: optimizer, loss: .crossEntropy,
                batchSize: setting.batchSize, seed: seed)
            trainer.onEpoch = narration.trainerProgress("\(setting.name), run \(run + 1)", epochs: configuration.epochs)
            try trainer.fit(on: split.train, epochs: configuration.epochs)
            let layers = measure(network, on: split.train.features)
            let accuracy = network.accuracy(on: split.validation)
            recalibrate(network, on: split.train.features)
            return Run(
                seed: seed, layers: layers, validationAccuracy: accuracy,
                recalibratedAccuracy: network.accuracy(on: split.validation))
        }
        let summaries = all.indices.map { index in
            SettingSummary(setting: all[index], runs: Array(runs[(index * seeds.count)..<((index + 1) * seeds.count)]))
        }
        let stress = [summaries.first { $0.setting == configuration.baseStress }!]
            + Array(summaries.suffix(stressSettings.count))
        return Result(
            configuration: configuration, baseSeed: baseSeed, seeds: seeds,
            sweep: Array(summaries.prefix(settings.count)), stress: stress)
    }

    /// Passes `features` through the network in evaluation mode, layer by layer, and compares
    /// each BatchNorm layer's running variance with the variance of the input it receives.
    public static func measure(_ network: Sequential<Float>, on features: Tensor<Float>) -> [LayerShift] {
        network.eval()
        defer { network.train() }
        var shifts: [LayerShift] = []
        var activation = features
        for layer in network.layers {
            if let batchNorm = layer as? BatchNorm1d<Float> {
                // snippet: variance-shift-measure
                let received = columnVariances(activation)
                let expected = batchNorm.runningVariance.value.scalars.map(Double.init)
                let ratios = zip(expected, received).map { $0 / max($1, 1e-12) }
                // end-snippet
                shifts.append(
                    LayerShift(
                        expectedVariance: mean(expected), receivedVariance: mean(received), shift: mean(ratios)))
            }
            activation = layer.forward(activation)
        }
        return shifts
    }

    /// Re-estimates every BatchNorm layer's running mean and (unbiased) variance from `features`
    /// with the whole network in evaluation mode (dropout off), first layer first.
    public static func recalibrate(_ network: Sequential<Float>, on features: Tensor<Float>) {
        network.eval()
        defer { network.train() }
        var activation = features
        for layer in network.layers {
            if let batchNorm = layer as? BatchNorm1d<Float> {
                batchNorm.runningMean.value = Tensor(
                    rows: 1, columns: activation.columns, scalars: columnMeans(activation).map { Float($0) })
                batchNorm.runningVariance.value = Tensor(
                    rows: 1, columns: activation.columns, scalars: columnVariances(activation).map { Float($0) })
            }
            activation = layer.forward(activation)
        }
    }

    static func columnMeans(_ x: Tensor<Float>) -> [Double] {
        var sums = [Double](repeating: 0, count: x.columns)
        for i in 0..<x.rows { for j in 0..<x.columns { sums[j] += Double(x[i, j]) } }
        return sums.map { $0 / Double(x.rows) }
    }

    /// The unbiased variance of every column (the estimator the running variance uses).
    static func columnVariances(_ x: Tensor<Float>) -> [Double] {
        let means = columnMeans(x)
        var squares = [Double](repeating: 0, count: x.columns)
        for i in 0..<x.rows {
            for j in 0..<x.columns {
                let deviation = Double(x[i, j]) - means[j]
                squares[j] += deviation * deviation
            }
        }
        return squares.map { $0 / Double(x.rows - 1) }
    }

    static func mean(_ values: [Double]) -> Double { values.reduce(0, +) / Double(values.count) }
}

import NeuralKit

/// A setting the run could not be built with: the query key, and the message of the NeuralKit
/// constructor (or playground limit) that refused it, word for word.
public struct InvalidSettingError: Error, Equatable, CustomStringConvertible {
    /// The query key ("dropout", "l2", …).
    public let setting: String
    /// The library's own message ("Dropout: probability = 1.5 is outside the allowed range [0, 1)").
    public let message: String

    public var description: String { "\(setting): \(message)" }
}

/// A run ready to train: the data split, the network, the optimiser and every regulariser, all
/// built (and so validated) by NeuralKit's own constructors from a `RunConfiguration`.
///
/// Building checks the playground's size limits first, so nothing large is allocated for a
/// refused configuration. Every random choice (data, initial weights, dropout masks, batch order,
/// augmentation) comes from generators derived from the configuration's seed.
public final class PreparedRun {
    public let configuration: RunConfiguration
    public let train: Dataset
    public let validation: Dataset
    public let network: Sequential<Float>
    public let trainer: Trainer
    /// Early stopping, driven epoch by epoch by `TrainingSession` (not by the trainer).
    public let earlyStopping: EarlyStopping?

    public init(_ configuration: RunConfiguration, limits: PlaygroundLimits = PlaygroundLimits()) throws {
        self.configuration = configuration
        let c = configuration
        try Self.setting("size") { try limits.check(c) }
        let root = RandomGenerator(seed: c.seed)

        // Data: a training and an equally sized validation set from one draw.
        let (train, validation) = try Self.makeData(c, generator: root.derived("data"))
        self.train = train
        self.validation = validation

        // Network: [Linear → norm → activation → dropout] × depth → Linear.
        var initGenerator = root.derived("init")
        let dropoutGenerator = root.derived("dropout")
        var layers: [any Layer<Float>] = []
        var inputs = train.featureCount
        for layer in 0..<c.depth {
            layers.append(Linear<Float>(inputSize: inputs, outputSize: c.width, generator: &initGenerator))
            switch c.normalization {
            case .none: break
            case .batchNorm: layers.append(try Self.setting("norm") { try BatchNorm1d<Float>(featureCount: c.width) })
            case .layerNorm: layers.append(try Self.setting("norm") { try LayerNorm<Float>(featureCount: c.width) })
            }
            switch c.activation {
            case .relu: layers.append(ReLU<Float>())
            case .tanh: layers.append(Tanh<Float>())
            case .gelu: layers.append(GELU<Float>())
            case .sigmoid: layers.append(Sigmoid<Float>())
            }
            if c.dropout != 0 {
                let generator = dropoutGenerator.derived("layer \(layer)")
                layers.append(try Self.setting("dropout") { try Dropout<Float>(probability: c.dropout, generator: generator) })
            }
            inputs = c.width
        }
        let outputs = train.isClassification ? train.classCount : 1
        layers.append(Linear<Float>(inputSize: inputs, outputSize: outputs, generator: &initGenerator))
        let network = Sequential<Float>(layers)
        self.network = network

        // Optimiser; with AdamW, l2 is the decoupled decay rather than a penalty.
        let parameters = network.parameters
        // NeuralKit names the failing argument: a bad weight decay is the page's "l2".
        let optimizerKey = c.optimizer == .adamW && !(c.l2 >= 0) && c.learningRate >= 0 ? "l2" : "lr"
        let optimizer: any Optimizer<Float> = try Self.setting(optimizerKey) {
            switch c.optimizer {
            case .sgd: return try SGD(parameters: parameters, learningRate: c.learningRate)
            case .momentum: return try SGD(parameters: parameters, learningRate: c.learningRate, momentum: 0.9)
            case .adam: return try Adam(parameters: parameters, learningRate: c.learningRate)
            case .adamW:
                let groups = ParameterGroup.noDecayOnBiasesAndNormalization(parameters)
                return try AdamW(parameterGroups: groups, learningRate: c.learningRate, weightDecay: c.l2)
            }
        }
        var trainerSeeds = root.derived("trainer")
        let trainerSeed = trainerSeeds.next()
        let trainer = try Self.setting("batch") {
            try Trainer(
                network: network, optimizer: optimizer,
                loss: train.isClassification ? .crossEntropy : .meanSquaredError,
                batchSize: c.batchSize, seed: trainerSeed)
        }
        // A BatchNorm layer cannot normalise a last batch of one example: drop incomplete batches.
        trainer.dropLastIncompleteBatch = c.normalization == .batchNorm

        let penaltyL2 = c.optimizer == .adamW ? 0 : c.l2
        switch (c.l1 != 0, penaltyL2 != 0) {
        case (false, false): break
        case (true, false): trainer.penalty = try Self.setting("l1") { try L1Penalty(strength: c.l1) }
        case (false, true): trainer.penalty = try Self.setting("l2") { try L2Penalty(strength: penaltyL2) }
        case (true, true):
            _ = try Self.setting("l1") { try L1Penalty(strength: c.l1) }
            _ = try Self.setting("l2") { try L2Penalty(strength: penaltyL2) }
            trainer.penalty = try Self.setting("l1") { try ElasticNetPenalty(l1: c.l1, l2: penaltyL2) }
        }
        if c.maxNorm != 0 {
            trainer.constraints = [try Self.setting("maxnorm") { try MaxNormConstraint(maxNorm: c.maxNorm) }]
        }
        if c.clipNorm != 0 {
            trainer.gradientClipping = try Self.setting("clip") { try GradientClipping.norm(c.clipNorm) }
        }
        switch (c.inputNoise != 0, c.mixup != 0) {
        case (true, true):
            throw InvalidSettingError(
                setting: "mixup", message: "input noise and mixup are both set; the playground applies one augmentation, set the other to 0")
        case (true, false):
            trainer.augmentation = try Self.setting("inputnoise") { try GaussianInputNoise(standardDeviation: Float(c.inputNoise)) }
        case (false, true):
            let mixup = try Self.setting("mixup") { try Mixup(alpha: c.mixup) }
            guard train.isClassification else {
                throw InvalidSettingError(
                    setting: "mixup", message: "mixup mixes class labels; the noisy sine has none, set mixup to 0")
            }
            trainer.augmentation = mixup
        case (false, false): break
        }
        if let patience = c.patience {
            earlyStopping = try Self.setting("patience") {
                try EarlyStopping(patience: patience, minDelta: c.minDelta, restoreBest: true)
            }
        } else {
            earlyStopping = nil
        }
        self.trainer = trainer
    }

    /// Builds the data set; the validation set has as many examples as the training set (digits:
    /// the images not drawn for training, at most 597).
    private static func makeData(_ c: RunConfiguration, generator: RandomGenerator) throws -> (Dataset, Dataset) {
        var generator = generator
        let total = 2 * c.trainCount
        let noise = Float(c.dataNoise)
        let all: Dataset
        switch c.dataset {
        case .twoMoons: all = try setting("noise") { try Dataset.twoMoons(count: total, noise: noise, using: &generator) }
        case .circles: all = try setting("noise") { try Dataset.circles(count: total, noise: noise, using: &generator) }
        case .spirals: all = try setting("noise") { try Dataset.spirals(count: total, noise: noise, using: &generator) }
        case .noisySine: all = try setting("noise") { try Dataset.noisySine(count: total, noise: noise, using: &generator) }
        case .digits: all = try setting("dataset") { try Digits.load() }
        }
        let validationCount = c.dataset == .digits ? min(c.trainCount, all.count - c.trainCount) : c.trainCount
        let split = try setting("n") {
            try all.split(trainCount: c.trainCount, validationCount: validationCount,
                          stratified: all.isClassification, using: &generator)
        }
        var train = split.train
        if c.labelNoise != 0 {
            if !all.isClassification {
                // NeuralKit's own message for label noise on a regression set.
                _ = try setting("labelnoise") { try train.flippingLabels(fraction: c.labelNoise, using: &generator) }
            }
            train = try setting("labelnoise") { try train.flippingLabels(fraction: c.labelNoise, using: &generator).dataset }
        }
        return (train, split.validation)
    }

    /// Runs `build`, turning any error it throws into an `InvalidSettingError` for `key` that
    /// keeps the thrown error's message.
    static func setting<Value>(_ key: String, _ build: () throws -> Value) throws -> Value {
        do {
            return try build()
        } catch let error as InvalidSettingError {
            throw error
        } catch {
            throw InvalidSettingError(setting: key, message: "\(error)")
        }
    }
}

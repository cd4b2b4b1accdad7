/// Mini-batch training: runs epochs of shuffled mini-batches through a network and an optimiser,
/// and records per-epoch training and validation loss and accuracy in a `TrainingHistory`.
///
/// One step, on a mini-batch `(x, y)`:
///
/// ```
/// ŷ = network(x)                          (training mode)
/// L = loss(ŷ, y);  g = ∂L/∂ŷ               stop with an error if L is NaN or ±∞
/// ∂L/∂w ← backward(g)                      (+ ∂Ω/∂w of a penalty Ω, if any)
/// clip the gradients, if asked
/// w ← optimizer.step(w, ∂L/∂w)
/// apply constraints (max-norm, proximal L1), if any
/// ```
///
/// After each epoch: evaluate on the validation set (evaluation mode), step the learning-rate
/// scheduler, and ask early stopping whether to go on. The order of the examples is drawn from
/// the trainer's own seeded generator, so the same seed gives the same run. The trainer never
/// prints: pass `onStep`/`onEpoch` to draw progress bars.
public final class Trainer {
    /// The network being trained (its phase is set by the trainer).
    public let network: any Layer<Float>
    /// The optimiser, holding references to the network's parameters.
    public let optimizer: any Optimizer<Float>
    /// The objective minimised.
    public var loss: TrainingLoss
    /// The loss reported on the validation set; `nil` uses `loss`. A custom training loss that
    /// looks up per-example data by training-set index (distillation) usually wants plain
    /// `.crossEntropy` here.
    public var validationLoss: TrainingLoss?
    /// Examples per mini-batch.
    public let batchSize: Int
    /// Whether to skip the last mini-batch of an epoch when it is smaller than `batchSize`
    /// (PyTorch's `drop_last`; needed with BatchNorm when a batch of one example would remain,
    /// which `fit` otherwise reports as an error before training starts).
    public var dropLastIncompleteBatch = false

    /// A random change of every training batch (mixup, input noise); never applied to validation.
    public var augmentation: (any BatchAugmentation)?
    /// A penalty Ω(w) added to the loss (L1, L2, elastic net).
    public var penalty: (any TrainingPenalty)?
    /// Gradient clipping after backward (and the penalty), before the optimiser step.
    public var gradientClipping: GradientClipping?
    /// Any other change of the gradients before the optimiser step (called after clipping).
    public var gradientTransform: (([Parameter<Float>]) -> Void)?
    /// Applied to the parameters after every optimiser step (max-norm, proximal L1).
    public var constraints: [any ParameterConstraint] = []
    /// The learning-rate scheduler, stepped at the end of every epoch.
    public var scheduler: LearningRateSchedule?
    /// Called at the end of every epoch with its record, after the scheduler and before early
    /// stopping is asked (for custom schedules or logging).
    public var endOfEpoch: ((EpochRecord) -> Void)?
    /// Stops training when the validation loss stops improving (needs a validation set).
    public var earlyStopping: EarlyStopping?

    /// Called after every step, for progress bars.
    public var onStep: ((TrainingProgress) -> Void)?
    /// Called after every epoch with its record.
    public var onEpoch: ((EpochRecord) -> Void)?

    /// Whether to evaluate the whole training set in evaluation mode after every epoch
    /// (`EpochRecord.trainEvaluationLoss` / `trainEvaluationAccuracy`); costs one extra forward
    /// pass over the training set per epoch. Default `false`.
    public var evaluatesTrainingSet = false

    /// Whether `fit` flushes subnormal floats to zero while it runs (see
    /// `withDenormalsFlushedToZero`): long runs with Adam otherwise slow down severalfold once
    /// moment estimates decay below 1.2e-38. Only such tiny values change. Default `true`.
    public var flushesDenormalsToZero = true

    /// Everything recorded so far (a second `fit` continues it).
    public private(set) var history = TrainingHistory()

    private var shuffleGenerator: RandomGenerator
    private var augmentationGenerator: RandomGenerator
    /// The network's parameters, listed once (building the named list allocates strings).
    private let parameters: [Parameter<Float>]

    /// - Parameters:
    ///   - batchSize: examples per mini-batch (≥ 1).
    ///   - seed: the seed of the shuffling (and augmentation) generators.
    public init(
        network: any Layer<Float>, optimizer: any Optimizer<Float>, loss: TrainingLoss,
        batchSize: Int, seed: UInt64
    ) throws {
        try validate(batchSize, named: "batchSize", in: "Trainer", atLeast: 1)
        self.network = network
        self.optimizer = optimizer
        self.loss = loss
        self.batchSize = batchSize
        let root = RandomGenerator(seed: seed)
        self.shuffleGenerator = root.derived("shuffle")
        self.augmentationGenerator = root.derived("augmentation")
        self.parameters = network.parameters
    }

    /// The number of steps an epoch over `count` examples takes.
    public func stepsPerEpoch(count: Int) -> Int {
        dropLastIncompleteBatch ? count / batchSize : (count + batchSize - 1) / batchSize
    }

    /// Trains for `epochs` more epochs (fewer if early stopping stops it) and returns the whole
    /// history. With early stopping and `restoreBest`, the network ends with the best epoch's
    /// parameters and buffers.
    ///
    /// Throws `TrainingError.diverged` naming the epoch and step when the loss becomes NaN or
    /// infinite; `TrainingError.unusableData` for an empty or mismatched data set, for NaN or ±∞
    /// in the features or targets, or in the network's parameters before training; and
    /// `HyperparameterError` when a learning rate in use is NaN, infinite or negative.
    @discardableResult
    public func fit(on train: Dataset, validation: Dataset? = nil, epochs: Int) throws -> TrainingHistory {
        try withDenormalsFlushedToZero(flushesDenormalsToZero) {
            try run(on: train, validation: validation, epochs: epochs)
        }
    }

    private func run(on train: Dataset, validation: Dataset?, epochs: Int) throws -> TrainingHistory {
        try validate(epochs, named: "epochs", in: "Trainer.fit", atLeast: 0)
        try checkUsable(train, validation: validation)
        if earlyStopping != nil && validation == nil {
            throw TrainingError.unusableData(reason: "early stopping monitors the validation loss; pass a validation set")
        }
        let clock = ContinuousClock()
        let start = clock.now
        func secondsSinceStart() -> Double {
            let elapsed = clock.now - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        }
        let stepsPerEpoch = stepsPerEpoch(count: train.count)  // ≥ 1, checked above
        let firstEpoch = (history.epochs.last?.epoch ?? 0) + 1
        let lastEpoch = firstEpoch + epochs - 1
        if epochs == 0 { return history }
        try checkFinite(network)
        // A BatchNorm layer cannot normalise a batch of one example: find out now, not mid-epoch.
        network.train()
        try network.validateBatchSize(min(batchSize, train.count))
        if !dropLastIncompleteBatch && train.count % batchSize != 0 {
            try network.validateBatchSize(train.count % batchSize)
        }

        for epoch in firstEpoch...lastEpoch {
            network.train()
            let learningRate = optimizer.learningRate
            let order = shuffleGenerator.permutation(train.count)
            var lossSum = 0.0
            var penaltySum = 0.0
            var correct = 0
            var seen = 0
            for step in 1...stepsPerEpoch {
                let lower = (step - 1) * batchSize
                let indices = Array(order[lower..<min(lower + batchSize, train.count)])
                var batch = train.subset(indices)
                if let augmentation { batch = augmentation.augment(batch, using: &augmentationGenerator) }

                // The learning rate is settable (schedulers, callbacks): a NaN or negative one
                // is refused here, by name, before it can ruin the weights.
                try optimizer.validateLearningRates()
                optimizer.zeroGradients()
                let output = network.forward(batch.features)
                let result = loss(output, batch: batch, indices: indices)
                guard result.value.isFinite else {
                    throw TrainingError.diverged(
                        epoch: epoch, step: step, loss: Double(result.value), learningRate: optimizer.learningRate)
                }
                network.accumulateParameterGradients(result.gradient)
                if let penalty {
                    penaltySum += Double(penalty.penaltyValue(of: parameters)) * Double(indices.count)
                    penalty.addPenaltyGradient(to: parameters)
                }
                gradientClipping?.apply(to: parameters)
                gradientTransform?(parameters)
                optimizer.step()
                for constraint in constraints {
                    constraint.constrain(parameters, learningRate: optimizer.learningRate)
                }

                lossSum += Double(result.value) * Double(indices.count)
                seen += indices.count
                if loss.isClassification && batch.isClassification {
                    correct += zip(output.argmaxPerRow(), batch.labels).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
                }
                onStep?(TrainingProgress(
                    epoch: epoch, epochCount: lastEpoch, step: step, stepsPerEpoch: stepsPerEpoch,
                    loss: Double(result.value), elapsedSeconds: secondsSinceStart()))
            }

            var record = EpochRecord(
                epoch: epoch, trainLoss: seen > 0 ? lossSum / Double(seen) : .nan,
                trainAccuracy: loss.isClassification && train.isClassification && seen > 0
                    ? Double(correct) / Double(seen) : nil,
                validationLoss: nil, validationAccuracy: nil, trainEvaluationLoss: nil, trainEvaluationAccuracy: nil,
                penalty: seen > 0 ? penaltySum / Double(seen) : 0,
                learningRate: learningRate, elapsedSeconds: 0)
            if let validation {
                let evaluation = network.evaluate(
                    on: validation, loss: validationLoss ?? loss, batchSize: max(batchSize, 1024))
                record.validationLoss = evaluation.loss
                record.validationAccuracy = evaluation.accuracy
            }
            if evaluatesTrainingSet {
                let evaluation = network.evaluate(
                    on: train, loss: validationLoss ?? loss, batchSize: max(batchSize, 1024))
                record.trainEvaluationLoss = evaluation.loss
                record.trainEvaluationAccuracy = evaluation.accuracy
            }
            record.elapsedSeconds = secondsSinceStart()
            history.epochs.append(record)
            switch scheduler {
            case .everyEpoch(let schedule): schedule.step()
            case .onPlateau(let plateau): plateau.step(metric: record.validationLoss ?? record.trainLoss)
            case nil: break
            }
            endOfEpoch?(record)
            onEpoch?(record)
            if let earlyStopping, let validationLoss = record.validationLoss,
               earlyStopping.update(epoch: epoch, validationLoss: validationLoss, network: network) {
                history.stoppedEpoch = epoch
                break
            }
        }
        if let earlyStopping {
            history.restoredEpoch = earlyStopping.restoreBestState(into: network)
        }
        network.train()
        return history
    }

    private func checkUsable(_ train: Dataset, validation: Dataset?) throws {
        guard train.count > 0 else { throw TrainingError.unusableData(reason: "the training set is empty") }
        if dropLastIncompleteBatch && train.count < batchSize {
            throw TrainingError.unusableData(
                reason: "the training set has \(train.count) examples, fewer than one batch of \(batchSize), "
                    + "and dropLastIncompleteBatch is set; lower batchSize")
        }
        for (name, set) in [("training", train)] + (validation.map { [("validation", $0)] } ?? []) {
            switch loss {
            case .crossEntropy where !set.isClassification:
                throw TrainingError.unusableData(
                    reason: "the \(name) set has no class labels but the loss is cross-entropy; use .meanSquaredError")
            case .meanSquaredError where set.isClassification || set.targets == nil:
                throw TrainingError.unusableData(
                    reason: "the \(name) set has class labels but the loss is mean squared error; use .crossEntropy")
            default:
                break
            }
        }
        if let validation, validation.count == 0 {
            throw TrainingError.unusableData(reason: "the validation set is empty; pass nil for no validation")
        }
        if let validation, validation.featureCount != train.featureCount {
            throw TrainingError.unusableData(
                reason: "the validation set has \(validation.featureCount) features, the training set \(train.featureCount)")
        }
        // NaN or ±∞ in the data would surface as a "diverged" loss blaming the learning rate.
        for (name, set) in [("training", train)] + (validation.map { [("validation", $0)] } ?? []) {
            if let bad = set.features.nonFiniteValues() {
                throw TrainingError.unusableData(
                    reason: "the \(name) set's features hold \(bad); remove or impute those values before training")
            }
            if let bad = set.targets?.nonFiniteValues() {
                throw TrainingError.unusableData(
                    reason: "the \(name) set's targets hold \(bad); remove or impute those values before training")
            }
        }
    }

    /// Refuses a network whose parameters or buffers already hold NaN or ±∞ (from a checkpoint of
    /// a diverged run, or a bad initialisation): training it would report a "diverged" loss and
    /// blame the learning rate.
    private func checkFinite(_ network: any Layer<Float>) throws {
        let values = network.namedParameters.map { ("parameter", $0.name, $0.parameter.value) }
            + network.namedBuffers.map { ("buffer", $0.name, $0.buffer.value) }
        for (kind, name, value) in values {
            if let bad = value.nonFiniteValues() {
                throw TrainingError.unusableData(
                    reason: "the network's \(kind) '\(name)' holds \(bad) before training; "
                        + "initialise the network again or load a checkpoint with finite values")
            }
        }
    }
}

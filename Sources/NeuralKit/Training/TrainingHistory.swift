/// What happened in one epoch of training.
public struct EpochRecord: Sendable, Equatable {
    /// The epoch's number, counting from 1.
    public var epoch: Int
    /// The mean training loss over the epoch's mini-batches (weighted by batch size), measured in
    /// training mode as the batches went by (dropout active), as Keras and most PyTorch loops log it.
    /// It excludes any regularisation penalty, which is in `penalty`.
    public var trainLoss: Double
    /// The share of training examples classified correctly during the epoch (training mode);
    /// `nil` for regression.
    public var trainAccuracy: Double?
    /// The loss on the validation set in evaluation mode after the epoch; `nil` without one.
    public var validationLoss: Double?
    /// The validation accuracy in evaluation mode; `nil` without a validation set or for regression.
    public var validationAccuracy: Double?
    /// The loss on the whole training set in evaluation mode after the epoch (dropout off), when
    /// the trainer's `evaluatesTrainingSet` is set: the number to compare with `validationLoss`
    /// when asking how well the network fits (memorises) its training data.
    public var trainEvaluationLoss: Double?
    /// The training accuracy in evaluation mode after the epoch (with `evaluatesTrainingSet`).
    public var trainEvaluationAccuracy: Double?
    /// The mean regularisation penalty over the epoch's steps (0 without a penalty).
    public var penalty: Double
    /// The learning rate used during the epoch.
    public var learningRate: Double
    /// Seconds since `fit` started, at the end of this epoch.
    public var elapsedSeconds: Double
}

/// The per-epoch record of a training run, and how it ended.
public struct TrainingHistory: Sendable, Equatable {
    public var epochs: [EpochRecord] = []
    /// The epoch early stopping stopped at, if it did.
    public var stoppedEpoch: Int?
    /// The epoch whose parameters the network holds at the end, if early stopping restored them.
    public var restoredEpoch: Int?

    public init() {}

    public var trainLoss: [Double] { epochs.map(\.trainLoss) }
    public var trainAccuracy: [Double] { epochs.compactMap(\.trainAccuracy) }
    public var validationLoss: [Double] { epochs.compactMap(\.validationLoss) }
    public var validationAccuracy: [Double] { epochs.compactMap(\.validationAccuracy) }

    /// The record of the epoch with the lowest validation loss (the first, on ties).
    public var bestValidationEpoch: EpochRecord? {
        epochs.filter { $0.validationLoss != nil }.min { $0.validationLoss! < $1.validationLoss! }
    }
}

/// Where a training run is, for progress bars: reported after every step.
public struct TrainingProgress: Sendable {
    /// The current epoch, counting from 1.
    public var epoch: Int
    /// The last epoch `fit` was asked to run.
    public var epochCount: Int
    /// The step within the epoch, counting from 1.
    public var step: Int
    /// The number of steps (mini-batches) per epoch.
    public var stepsPerEpoch: Int
    /// The loss of this step's mini-batch.
    public var loss: Double
    /// Seconds since `fit` started.
    public var elapsedSeconds: Double

    /// The share of the whole run done, in [0, 1].
    public var fractionDone: Double {
        let total = Double(max(epochCount, 1) * max(stepsPerEpoch, 1))
        return min(1, Double((epoch - 1) * stepsPerEpoch + step) / total)
    }
}

/// Cuts the learning rate by `factor` when a monitored metric (usually the validation loss) has
/// stopped improving for `patience` epochs, as PyTorch's `ReduceLROnPlateau`.
///
/// Each `step(metric:)`:
///
/// ```
/// improved  = metric < best·(1 − threshold)      (mode .min, relative threshold)
/// if improved: best ← metric, badEpochs ← 0   else: badEpochs += 1
/// if in cooldown: cooldown −= 1, badEpochs ← 0
/// if badEpochs > patience:
///     η ← max(η·factor, η_min)   (only if that changes η by more than 1e-8)
///     cooldown ← cooldownLength, badEpochs ← 0
/// ```
public final class ReduceLROnPlateau<Scalar: TensorScalar> {
    /// Whether smaller (`.min`, a loss) or larger (`.max`, an accuracy) metrics are better.
    public enum Mode: Sendable { case min, max }
    /// Whether `threshold` is relative to the best value (`.relative`) or absolute.
    public enum ThresholdMode: Sendable { case relative, absolute }

    public let mode: Mode
    /// The multiplier applied to the learning rate, in [0, 1).
    public let factor: Double
    /// How many epochs without improvement are tolerated before reducing.
    public let patience: Int
    /// The minimum change that counts as an improvement.
    public let threshold: Double
    public let thresholdMode: ThresholdMode
    /// Epochs to wait after a reduction before counting bad epochs again.
    public let cooldown: Int
    /// η_min, the floor of the learning rate.
    public let minimumLearningRate: Double

    public private(set) var best: Double
    public private(set) var badEpochs = 0
    public private(set) var cooldownCounter = 0
    public private(set) var epoch = 0
    private let rates: ScheduledLearningRates<Scalar>

    public init(
        optimizer: any Optimizer<Scalar>, mode: Mode = .min, factor: Double = 0.1, patience: Int = 10,
        threshold: Double = 1e-4, thresholdMode: ThresholdMode = .relative, cooldown: Int = 0,
        minimumLearningRate: Double = 0
    ) throws {
        try validate(factor, named: "factor", in: "ReduceLROnPlateau", atLeast: 0, below: 1)
        try validate(patience, named: "patience", in: "ReduceLROnPlateau", atLeast: 0)
        try validate(threshold, named: "threshold", in: "ReduceLROnPlateau", atLeast: 0)
        try validate(cooldown, named: "cooldown", in: "ReduceLROnPlateau", atLeast: 0)
        try validate(minimumLearningRate, named: "minimumLearningRate", in: "ReduceLROnPlateau", atLeast: 0)
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.thresholdMode = thresholdMode
        self.cooldown = cooldown
        self.minimumLearningRate = minimumLearningRate
        self.best = mode == .min ? .infinity : -.infinity
        self.rates = ScheduledLearningRates(optimizer)
    }

    /// Whether `metric` improves on `best` by more than the threshold.
    public func isImprovement(_ metric: Double) -> Bool {
        switch (mode, thresholdMode) {
        case (.min, .relative): metric < best * (1 - threshold)
        case (.min, .absolute): metric < best - threshold
        case (.max, .relative): metric > best * (1 + threshold)
        case (.max, .absolute): metric > best + threshold
        }
    }

    /// Records one epoch's metric and reduces the learning rate after `patience` bad epochs.
    public func step(metric: Double) {
        epoch += 1
        if isImprovement(metric) {
            best = metric
            badEpochs = 0
        } else {
            badEpochs += 1
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            badEpochs = 0
        }
        if badEpochs > patience {
            let factor = factor
            let floor = minimumLearningRate
            rates.update { old in
                let new = max(old * factor, floor)
                return old - new > 1e-8 ? new : old
            }
            cooldownCounter = cooldown
            badEpochs = 0
        }
    }
}

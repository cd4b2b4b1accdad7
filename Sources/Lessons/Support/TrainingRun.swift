import NeuralKit

/// What a lesson's experiment needs from the outside while it runs: a way to narrate and a way to
/// show the progress of each run. The notebook engine's reporter supplies both; tests pass silent
/// ones.
public struct ExperimentNarration {
    /// Announces a step of the experiment ("Training 20 networks on 300 digits ...").
    public var announce: (String) -> Void
    /// Starts a progress display for a run of `steps` steps (epochs, passes) and returns the
    /// callback that reports `(step, loss)`; pass `.nan` for a run without a loss.
    public var startRun: (_ title: String, _ steps: Int) -> ((_ step: Int, _ loss: Double) -> Void)

    public init(
        announce: @escaping (String) -> Void,
        startRun: @escaping (_ title: String, _ steps: Int) -> ((_ step: Int, _ loss: Double) -> Void)
    ) {
        self.announce = announce
        self.startRun = startRun
    }

    /// Says nothing (for tests).
    public static var silent: ExperimentNarration {
        ExperimentNarration(announce: { _ in }, startRun: { _, _ in { _, _ in } })
    }

    /// An end-of-epoch callback for a `Trainer` that reports to a new progress display.
    public func trainerProgress(_ title: String, epochs: Int) -> (EpochRecord) -> Void {
        let update = startRun(title, epochs)
        return { record in update(record.epoch, record.trainLoss) }
    }
}

/// A digits split for the lessons: a small stratified training subset (so that a wide network can
/// overfit it), a validation set, and the rest held out. With `labelNoise` > 0 that share of the
/// *training* labels is flipped to another class (validation labels stay clean), which gives a
/// network something to memorise and a regulariser something to prevent.
public struct NoisyDigitsSplit: Sendable {
    public let split: DataSplit
    /// Indices into `split.train` whose labels were flipped.
    public let flippedIndices: [Int]
    /// The true labels of the training subset.
    public let cleanTrainLabels: [Int]

    public init(trainCount: Int, validationCount: Int, labelNoise: Double, seed: UInt64) throws {
        let digits = try Digits.load(scaling: .unitInterval)
        var generator = RandomGenerator(seed: seed).derived("digits-split")
        var split = try digits.split(
            trainCount: trainCount, validationCount: validationCount, stratified: true, using: &generator)
        cleanTrainLabels = split.train.labels
        var noiseGenerator = RandomGenerator(seed: seed).derived("label-noise")
        let noisy = try split.train.flippingLabels(fraction: labelNoise, using: &noiseGenerator)
        split.train = noisy.dataset
        self.split = split
        self.flippedIndices = noisy.flippedIndices
    }
}

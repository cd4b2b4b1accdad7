/// A training run that cannot go on.
public enum TrainingError: Error, CustomStringConvertible, Equatable {
    /// The loss became NaN or infinite: the run has diverged.
    case diverged(epoch: Int, step: Int, loss: Double, learningRate: Double)
    /// The data set cannot be trained on as configured.
    case unusableData(reason: String)

    public var description: String {
        switch self {
        case .diverged(let epoch, let step, let loss, let learningRate):
            return "training diverged: the loss became \(loss) at epoch \(epoch), step \(step) "
                + "(learning rate \(learningRate)). The learning rate is probably too high for this network; "
                + "lower it (e.g. 10×), clip the gradients, or standardise the inputs."
        case .unusableData(let reason):
            return "training cannot start: \(reason)"
        }
    }
}

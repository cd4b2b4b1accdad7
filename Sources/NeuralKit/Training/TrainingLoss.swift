import Preconditions

/// The objective a `Trainer` minimises, and how it reads the batch's targets.
public enum TrainingLoss {
    /// Cross-entropy of logits against the class labels, or against the soft targets when the
    /// batch carries them (after mixup). Accuracy is recorded.
    case crossEntropy(CrossEntropyLoss)
    /// Mean squared error of the output against the regression targets.
    case meanSquaredError
    /// Any other loss (e.g. distillation): given the network's output, the batch and the batch's
    /// indices into the training set (to look up per-example data such as teacher logits), it
    /// returns the loss and ∂L/∂output. `classification` says whether accuracy is meaningful.
    case custom(name: String, classification: Bool, (Tensor<Float>, Dataset, [Int]) -> LossResult<Float>)

    /// Plain cross-entropy (no label smoothing).
    public static var crossEntropy: TrainingLoss { .crossEntropy(CrossEntropyLoss()) }

    /// Whether outputs are class scores, so that accuracy is recorded.
    public var isClassification: Bool {
        switch self {
        case .crossEntropy: return true
        case .meanSquaredError: return false
        case .custom(_, let classification, _): return classification
        }
    }

    /// The loss of `output` on `batch`, whose rows are `indices` of the set being trained on.
    public func callAsFunction(_ output: Tensor<Float>, batch: Dataset, indices: [Int]) -> LossResult<Float> {
        switch self {
        case .crossEntropy(let loss):
            checkPrecondition(batch.isClassification, "TrainingLoss.crossEntropy: the data set has no class labels (a regression set?); use .meanSquaredError")
            if let soft = batch.targets { return loss(output, soft) }
            return loss(output, batch.labels)
        case .meanSquaredError:
            guard let targets = batch.targets, !batch.isClassification else {
                failPrecondition("TrainingLoss.meanSquaredError: the data set has no regression targets; use .crossEntropy for class labels")
            }
            return MSELoss()(output, targets)
        case .custom(_, _, let loss):
            return loss(output, batch, indices)
        }
    }
}

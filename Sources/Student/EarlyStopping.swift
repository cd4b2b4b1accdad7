import NeuralKit

// Exercise 4: early stopping as a small state machine. Sheet: lessons/exercises/04-early-stopping.md
//
// After each epoch the training loop reports the validation loss and the model's weights:
//
//     improved  ⇔  loss < best − minDelta          (the first epoch always improves)
//     improved:     best ← loss, bestWeights ← weights, epochsWithoutImprovement ← 0  → continue
//     otherwise:    epochsWithoutImprovement += 1
//                   epochsWithoutImprovement ≥ patience  → stop, else continue
//
// When training stops, the loop restores `bestWeights()`: the weights of the best epoch, not the last.
// (This is the rule of Keras' and PyTorch Lightning's `EarlyStopping`: with patience 0 the first epoch
// without improvement stops training.)

// `EarlyStoppingDecision` (`.continueTraining` or `.stop`) is defined in ExerciseTypes.

/// Early stopping on a validation loss (lower is better).
public struct EarlyStopper {
    /// How many consecutive epochs without improvement are tolerated; reaching it stops training.
    public let patience: Int
    /// The smallest decrease of the loss that counts as an improvement.
    public let minDelta: Double
    // BEGIN SOLUTION: // Add the stored properties your state machine needs here.
    private var bestLoss = Double.infinity
    private var bestWeightsSoFar: [Double]?
    private var epochsWithoutImprovement = 0
    // END SOLUTION

    public init(patience: Int, minDelta: Double = 0) throws {
        try validate(patience, named: "patience", in: "EarlyStopper", atLeast: 0)
        try validate(minDelta, named: "minDelta", in: "EarlyStopper", atLeast: 0)
        self.patience = patience
        self.minDelta = minDelta
    }

    /// Records the validation loss of the epoch that just finished, with the weights the model had
    /// then, and says whether to go on.
    public mutating func update(validationLoss: Double, weights: [Double]) throws -> EarlyStoppingDecision {
        // BEGIN SOLUTION
        if validationLoss < bestLoss - minDelta {
            bestLoss = validationLoss
            bestWeightsSoFar = weights
            epochsWithoutImprovement = 0
            return .continueTraining
        }
        epochsWithoutImprovement += 1
        return epochsWithoutImprovement >= patience ? .stop : .continueTraining
        // END SOLUTION
    }

    /// The weights to restore: those of the epoch with the best validation loss so far
    /// (empty before the first `update`).
    public func bestWeights() throws -> [Double] {
        // BEGIN SOLUTION
        bestWeightsSoFar ?? []
        // END SOLUTION
    }
}

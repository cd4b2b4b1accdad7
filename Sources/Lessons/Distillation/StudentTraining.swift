import NeuralKit

/// How a student (or teacher) of the distillation lesson is trained: which targets it sees and for
/// how many optimiser steps.
///
/// With a transfer set the training set's first `labeledCount` rows carry labels the student may
/// use; every row carries the teacher's logits. The loss of a batch of N rows, L of them labelled:
///
/// ```
/// L = α · T² · (1/N) Σᵢ KL(softmax(tᵢ/T) ‖ softmax(sᵢ/T)) + (1 − α) · (1/L) Σ_{i labelled} CE(sᵢ, yᵢ)
/// ```
///
/// When every row is labelled this is exactly NeuralKit's `DistillationLoss`.
public enum StudentTraining {
    /// What the network learns from.
    public enum Targets {
        /// Cross-entropy with the labels (ε > 0: label smoothing).
        case hardLabels(labelSmoothing: Double)
        /// Distillation from `teacherLogits` (one row per training example); only the first
        /// `labeledCount` rows' labels enter the hard part.
        case teacher(logits: Tensor<Float>, temperature: Double, alpha: Double, labeledCount: Int)
    }

    public struct Budget: Sendable {
        /// Optimiser steps (mini-batches), rounded up to whole epochs.
        public var steps: Int
        public var batchSize: Int
        public var learningRate: Double
        public init(steps: Int, batchSize: Int = 32, learningRate: Double = 3e-3) {
            self.steps = steps
            self.batchSize = batchSize
            self.learningRate = learningRate
        }
        /// Whole epochs over `count` examples that give at least `steps` steps.
        public func epochs(count: Int) -> Int {
            let perEpoch = (count + batchSize - 1) / batchSize
            return max(1, (steps + perEpoch - 1) / perEpoch)
        }
    }

    /// Trains `network` on `train` with Adam and returns it in evaluation mode.
    @discardableResult
    public static func train(
        _ network: Sequential<Float>, on train: Dataset, targets: Targets, budget: Budget, seed: UInt64,
        progress: ((EpochRecord) -> Void)? = nil
    ) throws -> Sequential<Float> {
        let optimizer = try Adam<Float>(parameters: network.parameters, learningRate: budget.learningRate)
        let trainer = try Trainer(
            network: network, optimizer: optimizer, loss: try loss(for: targets), batchSize: budget.batchSize,
            seed: seed)
        trainer.onEpoch = progress
        network.train()
        try trainer.fit(on: train, epochs: budget.epochs(count: train.count))
        network.eval()
        return network
    }

    /// The `TrainingLoss` for the targets.
    public static func loss(for targets: Targets) throws -> TrainingLoss {
        switch targets {
        case .hardLabels(let smoothing):
            return .crossEntropy(try CrossEntropyLoss(labelSmoothing: smoothing))
        case .teacher(let teacherLogits, let temperature, let alpha, let labeledCount):
            let distillation = try DistillationLoss(temperature: temperature, alpha: alpha)
            return .custom(name: "distillation", classification: true) { output, batch, indices in
                partiallyLabeledLoss(
                    distillation, student: output, teacher: teacherLogits.rows(at: indices),
                    labels: batch.labels, isLabeled: indices.map { $0 < labeledCount })
            }
        }
    }

    // snippet: transfer-loss
    /// α·(soft part on every row) + (1 − α)·(cross-entropy on the labelled rows only).
    static func partiallyLabeledLoss(
        _ loss: DistillationLoss, student: Tensor<Float>, teacher: Tensor<Float>,
        labels: [Int], isLabeled: [Bool]
    ) -> LossResult<Float> {
        let soft = loss.softLoss(student: student, teacher: teacher)
        var gradient = soft.gradient
        gradient.scale(by: Float(loss.alpha))
        var value = Float(loss.alpha) * soft.value
        let labeled = isLabeled.indices.filter { isLabeled[$0] }
        if !labeled.isEmpty && loss.alpha < 1 {
            let hard = loss.hardLoss(
                student: student.rows(at: labeled), labels: labeled.map { labels[$0] })
            let hardWeight = Float(1 - loss.alpha)
            value += hardWeight * hard.value
            for (row, i) in labeled.enumerated() {
                for c in 0..<student.columns {
                    gradient[i, c] += hardWeight * hard.gradient[row, c]
                }
            }
        }
        return LossResult(value: value, gradient: gradient)
    }
    // end-snippet
}

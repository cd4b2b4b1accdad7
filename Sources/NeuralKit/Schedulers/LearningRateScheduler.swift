/// A schedule that sets an optimiser's learning rate from the epoch count, like PyTorch's
/// `torch.optim.lr_scheduler` classes: create it after the optimiser, call `step()` once per
/// epoch after the optimiser's steps.
///
/// Every parameter group follows the schedule from its own initial learning rate (its "base"
/// rate), as in PyTorch.
public protocol LearningRateScheduler: AnyObject {
    /// The number of `step()` calls so far (PyTorch's `last_epoch`).
    var epoch: Int { get }
    /// Advances one epoch and sets the optimiser's learning rates.
    func step()
}

/// The learning rates a scheduler drives: the optimiser's default and each group's own, with the
/// values they had when the scheduler was created.
struct ScheduledLearningRates<Scalar: TensorScalar> {
    let optimizer: any Optimizer<Scalar>
    let baseDefault: Double
    let baseGroups: [Double?]

    init(_ optimizer: any Optimizer<Scalar>) {
        self.optimizer = optimizer
        self.baseDefault = optimizer.learningRate
        self.baseGroups = optimizer.parameterGroups.map(\.learningRate)
    }

    /// Sets every learning rate to `schedule(its base rate)`.
    func set(_ schedule: (Double) -> Double) {
        optimizer.learningRate = schedule(baseDefault)
        for (index, base) in baseGroups.enumerated() {
            if let base { optimizer.parameterGroups[index].learningRate = schedule(base) }
        }
    }

    /// Sets every learning rate to `update(its current rate)`.
    func update(_ update: (Double) -> Double) {
        optimizer.learningRate = update(optimizer.learningRate)
        for index in optimizer.parameterGroups.indices {
            if let current = optimizer.parameterGroups[index].learningRate {
                optimizer.parameterGroups[index].learningRate = update(current)
            }
        }
    }
}

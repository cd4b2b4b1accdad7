import Preconditions

/// An optimiser updates parameters from their gradients, one `step()` per mini-batch.
///
/// All optimisers share one loop (`forEachParameter`, which visits every parameter of every group
/// with that group's learning rate and weight decay) and differ only in their per-parameter update
/// rule. A training step is:
///
/// ```swift
/// optimizer.zeroGradients()
/// let loss = lossFunction(network(x), y)
/// _ = network.backward(loss.gradient)
/// optimizer.step()
/// ```
public protocol Optimizer<Scalar>: AnyObject {
    associatedtype Scalar: TensorScalar

    /// The parameters and their per-group settings.
    var parameterGroups: [ParameterGroup<Scalar>] { get set }

    /// η, used by every group that does not set its own `learningRate`. Schedulers change it.
    var learningRate: Double { get set }

    /// λ, used by every group that does not set its own `weightDecay`.
    var weightDecay: Double { get }

    /// The number of `step()` calls so far (Adam's `t`).
    var stepCount: Int { get }

    /// Updates every parameter from its gradient.
    func step()
}

extension Optimizer {
    /// Sets every parameter's gradient to zero (`optimizer.zero_grad()`).
    public func zeroGradients() {
        for group in parameterGroups {
            for parameter in group.parameters { parameter.zeroGradient() }
        }
    }

    /// Every parameter, in group order.
    public var parameters: [Parameter<Scalar>] { parameterGroups.flatMap(\.parameters) }

    /// The learning rate group `index` uses now.
    public func learningRate(ofGroup index: Int) -> Double {
        parameterGroups[index].learningRate ?? learningRate
    }

    /// The optimiser's name in messages (`SGD`, not `SGD<Float>`).
    var ownerName: String {
        String(String(describing: type(of: self)).prefix { $0 != "<" })
    }

    /// Throws unless every learning rate in use (the default and each group's own) is finite and
    /// ≥ 0. The initialisers check them, but `learningRate` is settable (schedulers set it), so
    /// `Trainer` checks again before every step: a NaN set later would otherwise turn every
    /// weight into NaN and be reported as a diverged run.
    public func validateLearningRates() throws {
        func isValid(_ rate: Double) -> Bool { rate.isFinite && rate >= 0 }
        if isValid(learningRate) && parameterGroups.allSatisfy({ $0.learningRate.map(isValid) ?? true }) { return }
        try validate(learningRate, named: "learningRate", in: ownerName, atLeast: 0, below: .infinity)
        for (index, group) in parameterGroups.enumerated() {
            if let rate = group.learningRate {
                try validate(
                    rate, named: "parameterGroups[\(index)].learningRate", in: ownerName, atLeast: 0, below: .infinity)
            }
        }
    }

    /// The shared loop: calls `update(parameter, index, η, λ)` for every parameter, where `index`
    /// counts parameters across groups (the index of the parameter's optimiser state).
    ///
    /// Stops with a message naming the optimiser and the value when a learning rate in use is
    /// NaN, infinite or negative (set after construction): an update with it would silently
    /// ruin every weight. (`Trainer` reports the same as a thrown error before it steps.)
    public func forEachParameter(
        _ update: (_ parameter: Parameter<Scalar>, _ index: Int, _ learningRate: Double, _ weightDecay: Double) -> Void
    ) {
        var index = 0
        for (groupIndex, group) in parameterGroups.enumerated() {
            let groupLearningRate = group.learningRate ?? learningRate
            checkPrecondition(
                groupLearningRate.isFinite && groupLearningRate >= 0,
                "\(ownerName): \(group.learningRate == nil ? "learningRate" : "parameterGroups[\(groupIndex)].learningRate")"
                    + " = \(groupLearningRate) in step(); a learning rate must be finite and ≥ 0 (it was changed after construction)")
            let groupWeightDecay = group.weightDecay ?? weightDecay
            for parameter in group.parameters {
                update(parameter, index, groupLearningRate, groupWeightDecay)
                index += 1
            }
        }
    }
}

/// Checks the settings every optimiser has, in the groups and in the defaults.
func validateCommonSettings<Scalar>(
    _ groups: [ParameterGroup<Scalar>], learningRate: Double, weightDecay: Double, in owner: String
) throws {
    try validate(learningRate, named: "learningRate", in: owner, atLeast: 0, below: .infinity)
    try validate(weightDecay, named: "weightDecay", in: owner, atLeast: 0, below: .infinity)
    for (index, group) in groups.enumerated() {
        if let rate = group.learningRate {
            try validate(rate, named: "parameterGroups[\(index)].learningRate", in: owner, atLeast: 0, below: .infinity)
        }
        if let decay = group.weightDecay {
            try validate(decay, named: "parameterGroups[\(index)].weightDecay", in: owner, atLeast: 0, below: .infinity)
        }
    }
}

/// A regularisation penalty the trainer adds to the loss at every step: after the backward pass
/// it adds the penalty's gradient into the parameters' gradients, before clipping and the
/// optimiser step (`L1Penalty`, `L2Penalty`, `ElasticNetPenalty` conform).
public protocol TrainingPenalty {
    /// The penalty Ω(w) of the parameters (for the record; the trainer logs it separately from
    /// the data loss).
    func penaltyValue(of parameters: [Parameter<Float>]) -> Float
    /// Adds ∂Ω/∂w into each parameter's `gradient`.
    func addPenaltyGradient(to parameters: [Parameter<Float>])
}

/// A change the trainer applies to the parameters right after every optimiser step: a max-norm
/// projection, or the proximal (soft-threshold) step of L1 (`MaxNormConstraint`, `ProximalL1`
/// conform).
public protocol ParameterConstraint {
    /// Modifies `parameters` in place; `learningRate` is the step size just used.
    func constrain(_ parameters: [Parameter<Float>], learningRate: Double)
}

extension L1Penalty: TrainingPenalty {
    public func penaltyValue(of parameters: [Parameter<Float>]) -> Float { value(of: parameters) }
    public func addPenaltyGradient(to parameters: [Parameter<Float>]) { addGradient(to: parameters) }
}

extension L2Penalty: TrainingPenalty {
    public func penaltyValue(of parameters: [Parameter<Float>]) -> Float { value(of: parameters) }
    public func addPenaltyGradient(to parameters: [Parameter<Float>]) { addGradient(to: parameters) }
}

extension ElasticNetPenalty: TrainingPenalty {
    public func penaltyValue(of parameters: [Parameter<Float>]) -> Float { value(of: parameters) }
    public func addPenaltyGradient(to parameters: [Parameter<Float>]) { addGradient(to: parameters) }
}

extension MaxNormConstraint: ParameterConstraint {
    public func constrain(_ parameters: [Parameter<Float>], learningRate: Double) {
        _ = apply(to: parameters)
    }
}

extension ProximalL1: ParameterConstraint {
    public func constrain(_ parameters: [Parameter<Float>], learningRate: Double) {
        apply(to: parameters, learningRate: learningRate)
    }
}

/// Gradient clipping between the backward pass and the optimiser step.
public struct GradientClipping: Sendable, Equatable {
    public enum Rule: Sendable, Equatable {
        /// Rescale all gradients together to total L2 norm ≤ maxNorm (`clip_grad_norm_`).
        case norm(maxNorm: Double)
        /// Clamp every gradient element into [−clipValue, clipValue] (`clip_grad_value_`).
        case value(clipValue: Double)
    }

    public let rule: Rule

    /// Clipping by total norm; `maxNorm` ≥ 0.
    public static func norm(_ maxNorm: Double) throws -> GradientClipping {
        try validate(maxNorm, named: "maxNorm", in: "GradientClipping", atLeast: 0)
        return GradientClipping(rule: .norm(maxNorm: maxNorm))
    }

    /// Clipping by value; `clipValue` ≥ 0.
    public static func value(_ clipValue: Double) throws -> GradientClipping {
        try validate(clipValue, named: "clipValue", in: "GradientClipping", atLeast: 0)
        return GradientClipping(rule: .value(clipValue: clipValue))
    }

    /// Clips the gradients of `parameters` in place (the settings were validated on creation).
    public func apply(to parameters: [Parameter<Float>]) {
        switch rule {
        case .norm(let maxNorm): _ = try? clipGradientNorm(parameters, maxNorm: maxNorm)
        case .value(let clipValue): try? clipGradientValue(parameters, clipValue: clipValue)
        }
    }
}

/// When the trainer changes the learning rate.
public enum LearningRateSchedule {
    /// `scheduler.step()` after every epoch (`StepLR`, `CosineAnnealingLR`).
    case everyEpoch(any LearningRateScheduler)
    /// `scheduler.step(metric:)` after every epoch with the validation loss (the training loss
    /// when there is no validation set).
    case onPlateau(ReduceLROnPlateau<Float>)
}

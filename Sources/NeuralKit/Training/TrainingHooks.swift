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

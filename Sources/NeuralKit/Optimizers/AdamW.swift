/// Adam with decoupled weight decay, exactly as PyTorch's `torch.optim.AdamW`.
///
/// For each parameter `w` with gradient `g`, at step `t`:
///
/// ```
/// w ← w − η·λ·w                            (decoupled decay: shrink w directly)
/// m ← β₁·m + (1 − β₁)·g                    (the gradient carries no λ·w term)
/// v ← β₂·v + (1 − β₂)·g²
/// w ← w − η · m̂ / (√v̂ + ε)                 (Adam's step, bias-corrected as in `Adam`)
/// ```
///
/// Unlike `Adam(weightDecay:)`, the decay does not pass through the adaptive denominator, so
/// every weight shrinks by the same factor `1 − η·λ` per step whatever its gradient history.
///
/// ### References
/// Loshchilov & Hutter, "Decoupled Weight Decay Regularization", ICLR 2019.
public final class AdamW<Scalar: TensorScalar>: Optimizer {
    public var parameterGroups: [ParameterGroup<Scalar>]
    /// η.
    public var learningRate: Double
    /// (β₁, β₂).
    public let betas: (Double, Double)
    /// ε.
    public let epsilon: Double
    /// λ, the decoupled decay rate (PyTorch's default 1e-2).
    public let weightDecay: Double
    public private(set) var stepCount = 0
    /// m, one per parameter, allocated once.
    public private(set) var firstMoments: [Tensor<Scalar>]
    /// v, one per parameter, allocated once.
    public private(set) var secondMoments: [Tensor<Scalar>]

    public convenience init(
        parameters: [Parameter<Scalar>], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
        epsilon: Double = 1e-8, weightDecay: Double = 1e-2
    ) throws {
        try self.init(
            parameterGroups: [ParameterGroup(parameters: parameters)], learningRate: learningRate,
            betas: betas, epsilon: epsilon, weightDecay: weightDecay)
    }

    public init(
        parameterGroups: [ParameterGroup<Scalar>], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
        epsilon: Double = 1e-8, weightDecay: Double = 1e-2
    ) throws {
        try validateAdamSettings(
            parameterGroups, learningRate: learningRate, betas: betas, epsilon: epsilon,
            weightDecay: weightDecay, in: "AdamW")
        self.parameterGroups = parameterGroups
        self.learningRate = learningRate
        self.betas = betas
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        let parameters = parameterGroups.flatMap(\.parameters)
        self.firstMoments = parameters.map { Tensor.zeros(like: $0.value) }
        self.secondMoments = parameters.map { Tensor.zeros(like: $0.value) }
    }

    public func step() {
        stepCount += 1
        let t = stepCount
        forEachParameter { parameter, index, learningRate, weightDecay in
            // Decoupled weight decay: w ← (1 − η·λ)·w, applied to the weights themselves, before
            // and outside the adaptive step.
            if weightDecay != 0 {
                parameter.value.scale(by: Scalar(1 - learningRate * weightDecay))
            }
            // Then Adam's step on the raw gradient, with no L2 term.
            adamUpdate(
                value: &parameter.value, gradient: parameter.gradient,
                firstMoment: &firstMoments[index], secondMoment: &secondMoments[index],
                step: t, learningRate: learningRate, betas: betas, epsilon: epsilon,
                l2WeightDecay: 0)
        }
    }
}

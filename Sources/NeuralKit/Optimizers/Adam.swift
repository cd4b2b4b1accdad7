import RealModule
import Preconditions

/// Adam with coupled L2 weight decay, exactly as PyTorch's `torch.optim.Adam(weight_decay: λ)`
/// (including the order of operations and the bias corrections).
///
/// For each parameter `w` with gradient `g`, at step `t = 1, 2, …`:
///
/// ```
/// g ← g + λ·w                              (L2 term added to the gradient: "coupled")
/// m ← β₁·m + (1 − β₁)·g                    (first moment; PyTorch computes it as lerp(m, g, 1 − β₁))
/// v ← β₂·v + (1 − β₂)·g²                   (second moment)
/// m̂ = m / (1 − β₁ᵗ),   v̂ = v / (1 − β₂ᵗ)   (bias corrections)
/// w ← w − η · m̂ / (√v̂ + ε)
/// ```
///
/// PyTorch evaluates the last line as `w − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)`, and so does
/// this code. Because `λ·w` passes through the adaptive denominator, weights with large gradients
/// are decayed less: see `AdamW` for the decoupled alternative.
///
/// ### References
/// Kingma & Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
public final class Adam<Scalar: TensorScalar>: Optimizer {
    public var parameterGroups: [ParameterGroup<Scalar>]
    /// η.
    public var learningRate: Double
    /// (β₁, β₂), the decay rates of the first and second moment estimates.
    public let betas: (Double, Double)
    /// ε, added to √v̂ so that the step stays finite.
    public let epsilon: Double
    /// λ, the coefficient of the L2 term added to the gradient.
    public let weightDecay: Double
    public private(set) var stepCount = 0
    /// m, one per parameter, allocated once.
    public private(set) var firstMoments: [Tensor<Scalar>]
    /// v, one per parameter, allocated once.
    public private(set) var secondMoments: [Tensor<Scalar>]

    public convenience init(
        parameters: [Parameter<Scalar>], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
        epsilon: Double = 1e-8, weightDecay: Double = 0
    ) throws {
        try self.init(
            parameterGroups: [ParameterGroup(parameters: parameters)], learningRate: learningRate,
            betas: betas, epsilon: epsilon, weightDecay: weightDecay)
    }

    public init(
        parameterGroups: [ParameterGroup<Scalar>], learningRate: Double = 1e-3, betas: (Double, Double) = (0.9, 0.999),
        epsilon: Double = 1e-8, weightDecay: Double = 0
    ) throws {
        try validateAdamSettings(
            parameterGroups, learningRate: learningRate, betas: betas, epsilon: epsilon,
            weightDecay: weightDecay, in: "Adam")
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
            adamUpdate(
                value: &parameter.value, gradient: parameter.gradient,
                firstMoment: &firstMoments[index], secondMoment: &secondMoments[index],
                step: t, learningRate: learningRate, betas: betas, epsilon: epsilon,
                l2WeightDecay: weightDecay)
        }
    }
}

func validateAdamSettings<Scalar>(
    _ groups: [ParameterGroup<Scalar>], learningRate: Double, betas: (Double, Double), epsilon: Double,
    weightDecay: Double, in owner: String
) throws {
    try validateCommonSettings(groups, learningRate: learningRate, weightDecay: weightDecay, in: owner)
    try validate(betas.0, named: "betas.0 (β₁)", in: owner, atLeast: 0, below: 1)
    try validate(betas.1, named: "betas.1 (β₂)", in: owner, atLeast: 0, below: 1)
    try validate(epsilon, named: "epsilon", in: owner, atLeast: 0, lowerIncluded: false)
}

/// Adam's per-element rule (see `Adam`), one pass over `w`, `g`, `m` and `v`, with PyTorch's order
/// of operations. `l2WeightDecay` is Adam's coupled λ; `AdamW` passes 0 and decays `w` itself.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func adamUpdate<Scalar: TensorScalar>(
    value: inout Tensor<Scalar>, gradient: Tensor<Scalar>,
    firstMoment: inout Tensor<Scalar>, secondMoment: inout Tensor<Scalar>,
    step: Int, learningRate: Double, betas: (Double, Double), epsilon: Double, l2WeightDecay: Double
) {
    checkPrecondition(value.shape == gradient.shape, "Adam: parameter \(value.shape) and gradient \(gradient.shape) differ")
    // Scalars computed in Double, as PyTorch computes them in Python floats.
    let biasCorrection1 = 1 - Double.pow(betas.0, Double(step))
    let biasCorrection2 = 1 - Double.pow(betas.1, Double(step))
    let stepSize = learningRate / biasCorrection1
    let biasCorrection2SquareRoot = biasCorrection2.squareRoot()

    let lambda = Scalar(l2WeightDecay)
    let beta2 = Scalar(betas.1)
    let firstMomentWeight = Scalar(1 - betas.0)  // the lerp weight 1 − β₁
    let secondMomentWeight = Scalar(1 - betas.1)
    let negativeStepSize = Scalar(-stepSize)
    let correction2 = Scalar(biasCorrection2SquareRoot)
    let eps = Scalar(epsilon)
    let count = value.count
    let lerpFromStart = abs(firstMomentWeight) < 0.5
    let lerpComplement = 1 - firstMomentWeight

    guard count > 0 else { return }
    // Plain pointers (not the closures' inout buffers) so that the loop vectorises.
    value.withUnsafeMutableBufferPointer { valueBuffer in
        gradient.withUnsafeBufferPointer { gradientBuffer in
            firstMoment.withUnsafeMutableBufferPointer { firstMomentBuffer in
                secondMoment.withUnsafeMutableBufferPointer { secondMomentBuffer in
                    let w = valueBuffer.baseAddress!
                    let gradient = gradientBuffer.baseAddress!
                    let m = firstMomentBuffer.baseAddress!
                    let v = secondMomentBuffer.baseAddress!
                    // One element of the rule; the flags are literals at each call below, so every
                    // loop is compiled without branches inside (and vectorises).
                    @inline(__always)
                    func update(_ k: Int, decay: Bool, lerpFromStart: Bool) {
                        var g = gradient[k]
                        if decay { g += lambda * w[k] }
                        // m ← lerp(m, g, 1 − β₁) = β₁·m + (1 − β₁)·g, evaluated as ATen does.
                        if lerpFromStart {
                            m[k] = m[k] + firstMomentWeight * (g - m[k])
                        } else {
                            m[k] = g - (g - m[k]) * lerpComplement
                        }
                        v[k] = v[k] * beta2 + secondMomentWeight * g * g
                        let denominator = v[k].squareRoot() / correction2 + eps
                        w[k] = w[k] + negativeStepSize * m[k] / denominator
                    }
                    switch (l2WeightDecay != 0, lerpFromStart) {
                    case (false, true): for k in 0..<count { update(k, decay: false, lerpFromStart: true) }
                    case (true, true): for k in 0..<count { update(k, decay: true, lerpFromStart: true) }
                    case (false, false): for k in 0..<count { update(k, decay: false, lerpFromStart: false) }
                    case (true, false): for k in 0..<count { update(k, decay: true, lerpFromStart: false) }
                    }
                }
            }
        }
    }
}

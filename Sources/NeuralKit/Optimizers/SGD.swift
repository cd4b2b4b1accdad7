import Preconditions

/// Stochastic gradient descent with optional momentum, Nesterov momentum and coupled weight decay,
/// exactly as PyTorch's `torch.optim.SGD` (including the order of operations).
///
/// For each parameter `w` with gradient `g`, at step `t`:
///
/// ```
/// g ← g + λ·w                      (weight decay, coupled: the L2 penalty's gradient)
/// if μ ≠ 0:
///     b ← g                        (t = 1)
///     b ← μ·b + (1 − τ)·g          (t > 1)
///     g ← g + μ·b   if Nesterov,   else   g ← b
/// w ← w − η·g
/// ```
///
/// `weightDecay` λ here is the same as adding the penalty `(λ/2)·Σw²` (`L2Penalty`) to the loss.
/// PyTorch's momentum differs from Sutskever et al.: the learning rate multiplies the buffer, not
/// the gradient inside it.
///
/// ### References
/// Sutskever, Martens, Dahl & Hinton, "On the importance of initialization and momentum in deep
/// learning", ICML 2013.
public final class SGD<Scalar: TensorScalar>: Optimizer {
    public var parameterGroups: [ParameterGroup<Scalar>]
    /// η.
    public var learningRate: Double
    /// μ.
    public let momentum: Double
    /// τ.
    public let dampening: Double
    public let nesterov: Bool
    /// λ (coupled).
    public let weightDecay: Double
    public private(set) var stepCount = 0
    /// The momentum buffers `b`, one per parameter, allocated once (empty when μ = 0).
    public private(set) var momentumBuffers: [Tensor<Scalar>]

    public convenience init(
        parameters: [Parameter<Scalar>], learningRate: Double, momentum: Double = 0,
        dampening: Double = 0, nesterov: Bool = false, weightDecay: Double = 0
    ) throws {
        try self.init(
            parameterGroups: [ParameterGroup(parameters: parameters)], learningRate: learningRate,
            momentum: momentum, dampening: dampening, nesterov: nesterov, weightDecay: weightDecay)
    }

    public init(
        parameterGroups: [ParameterGroup<Scalar>], learningRate: Double, momentum: Double = 0,
        dampening: Double = 0, nesterov: Bool = false, weightDecay: Double = 0
    ) throws {
        try validateCommonSettings(parameterGroups, learningRate: learningRate, weightDecay: weightDecay, in: "SGD")
        try validate(momentum, named: "momentum", in: "SGD", atLeast: 0, below: 1)
        try validate(dampening, named: "dampening", in: "SGD", atLeast: 0, below: 1, upperIncluded: true)
        if nesterov {
            // PyTorch's rule: Nesterov momentum needs momentum > 0 and zero dampening.
            try validate(momentum, named: "momentum (with nesterov: true)", in: "SGD", atLeast: 0, lowerIncluded: false, below: 1)
            try validate(dampening, named: "dampening (with nesterov: true)", in: "SGD", atLeast: 0, below: 0, upperIncluded: true)
        }
        self.parameterGroups = parameterGroups
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.nesterov = nesterov
        self.weightDecay = weightDecay
        let parameters = parameterGroups.flatMap(\.parameters)
        self.momentumBuffers = momentum == 0 ? [] : parameters.map { Tensor.zeros(like: $0.value) }
    }

    public func step() {
        stepCount += 1
        let isFirstStep = stepCount == 1
        forEachParameter { parameter, index, learningRate, weightDecay in
            if momentum == 0 {
                sgdUpdate(
                    value: &parameter.value, gradient: parameter.gradient,
                    learningRate: learningRate, weightDecay: weightDecay)
            } else {
                sgdMomentumUpdate(
                    value: &parameter.value, gradient: parameter.gradient, momentumBuffer: &momentumBuffers[index],
                    learningRate: learningRate, weightDecay: weightDecay, momentum: momentum,
                    dampening: dampening, nesterov: nesterov, isFirstStep: isFirstStep)
            }
        }
    }
}

/// Plain SGD's per-element rule: `w ← w − η·(g + λ·w)`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func sgdUpdate<Scalar: TensorScalar>(
    value: inout Tensor<Scalar>, gradient: Tensor<Scalar>, learningRate: Double, weightDecay: Double
) {
    checkPrecondition(value.shape == gradient.shape, "SGD: parameter \(value.shape) and gradient \(gradient.shape) differ")
    let eta = Scalar(learningRate)
    let lambda = Scalar(weightDecay)
    let count = value.count
    guard count > 0 else { return }
    // Plain pointers (not the closures' inout buffers) so that the loops vectorise.
    value.withUnsafeMutableBufferPointer { valueBuffer in
        gradient.withUnsafeBufferPointer { gradientBuffer in
            let w = valueBuffer.baseAddress!
            let gradient = gradientBuffer.baseAddress!
            if weightDecay == 0 {
                for k in 0..<count { w[k] += -eta * gradient[k] }
            } else {
                for k in 0..<count {
                    let g = gradient[k] + lambda * w[k]
                    w[k] += -eta * g
                }
            }
        }
    }
}

/// SGD's per-element rule with momentum (see `SGD`), one pass over `w`, `g` and `b`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func sgdMomentumUpdate<Scalar: TensorScalar>(
    value: inout Tensor<Scalar>, gradient: Tensor<Scalar>, momentumBuffer: inout Tensor<Scalar>,
    learningRate: Double, weightDecay: Double, momentum: Double, dampening: Double,
    nesterov: Bool, isFirstStep: Bool
) {
    checkPrecondition(value.shape == gradient.shape, "SGD: parameter \(value.shape) and gradient \(gradient.shape) differ")
    let eta = Scalar(learningRate)
    let lambda = Scalar(weightDecay)
    let mu = Scalar(momentum)
    let gradientWeight = Scalar(1 - dampening)
    let count = value.count
    guard count > 0 else { return }
    value.withUnsafeMutableBufferPointer { valueBuffer in
        gradient.withUnsafeBufferPointer { gradientBuffer in
            momentumBuffer.withUnsafeMutableBufferPointer { momentumPointer in
                let w = valueBuffer.baseAddress!
                let gradient = gradientBuffer.baseAddress!
                let b = momentumPointer.baseAddress!
                // One element of the rule; the flags are literals at each call below, so every
                // loop is compiled without branches inside (and vectorises).
                @inline(__always)
                func update(_ k: Int, decay: Bool, firstStep: Bool, nesterov: Bool) {
                    var g = gradient[k]
                    if decay { g += lambda * w[k] }
                    if firstStep {
                        b[k] = g
                    } else {
                        b[k] = b[k] * mu + gradientWeight * g
                    }
                    if nesterov {
                        g += mu * b[k]
                    } else {
                        g = b[k]
                    }
                    w[k] += -eta * g
                }
                switch (weightDecay != 0, isFirstStep, nesterov) {
                case (false, false, false): for k in 0..<count { update(k, decay: false, firstStep: false, nesterov: false) }
                case (false, false, true): for k in 0..<count { update(k, decay: false, firstStep: false, nesterov: true) }
                case (true, false, false): for k in 0..<count { update(k, decay: true, firstStep: false, nesterov: false) }
                case (true, false, true): for k in 0..<count { update(k, decay: true, firstStep: false, nesterov: true) }
                case (let decay, true, let nesterov):
                    for k in 0..<count { update(k, decay: decay, firstStep: true, nesterov: nesterov) }
                }
            }
        }
    }
}

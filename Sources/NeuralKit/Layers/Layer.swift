/// Whether a network is learning or being evaluated. Dropout and BatchNorm behave differently in
/// the two phases; each layer reads its own `phase` with an exhaustive `switch`.
public enum LearningPhase: String, Sendable {
    case training
    case evaluation
}

/// What a parameter is, so that optimisers can treat groups differently (e.g. no weight decay on
/// biases and normalisation parameters, as is common practice).
public enum ParameterRole: String, Sendable {
    /// A weight matrix of a `Linear` layer.
    case weight
    /// An additive bias.
    case bias
    /// The scale (γ) or shift (β) of a normalisation layer.
    case normalization
}

/// A trainable tensor and the gradient of the loss with respect to it.
///
/// Layers own their parameters; optimisers hold references to the same objects and update
/// `value` from `gradient`. `backward` *accumulates* into `gradient`; call `zeroGradient()` (or
/// the network's `zeroGradients()`) before each step.
public final class Parameter<Scalar: TensorScalar> {
    public var value: Tensor<Scalar>
    public var gradient: Tensor<Scalar>
    public let role: ParameterRole

    public init(_ value: Tensor<Scalar>, role: ParameterRole) {
        self.value = value
        self.gradient = Tensor.zeros(like: value)
        self.role = role
    }

    public func zeroGradient() {
        gradient.fill(0)
    }
}

/// A non-trainable tensor that is part of a layer's state and of its checkpoint (BatchNorm's
/// running mean and variance). `isInteger` marks counters such as `num_batches_tracked`, which
/// PyTorch stores as int64.
public final class Buffer<Scalar: TensorScalar> {
    public var value: Tensor<Scalar>
    public let isInteger: Bool

    public init(_ value: Tensor<Scalar>, isInteger: Bool = false) {
        self.value = value
        self.isInteger = isInteger
    }
}

/// A differentiable building block with a hand-written backward pass.
///
/// `forward` keeps what `backward` needs (its input, a dropout mask, normalised activations);
/// `backward` takes ∂L/∂output, adds ∂L/∂parameter into each parameter's `gradient`, and returns
/// ∂L/∂input. Calls alternate: one `forward`, then at most one `backward` for it.
///
/// Parameters and buffers are listed explicitly with the names PyTorch's `state_dict` uses
/// (`weight`, `bias`, `running_mean`); containers prefix their children's index (`0.weight`).
public protocol Layer<Scalar>: AnyObject {
    associatedtype Scalar: TensorScalar

    /// Training or evaluation; set for a whole network with `train()` / `eval()`.
    var phase: LearningPhase { get set }

    func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar>

    /// Given ∂L/∂output of the last `forward`, accumulates parameter gradients and returns ∂L/∂input.
    func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar>

    /// Like `backward`, but for a caller that has no use for ∂L/∂input: the first layer of a
    /// network, whose input is data (PyTorch likewise computes no gradient for a tensor that does
    /// not require one). `Linear` then skips its input-gradient matrix product; `Sequential`
    /// passes the call on to its first child. The default calls `backward` and drops the result.
    func accumulateParameterGradients(_ outputGradient: Tensor<Scalar>)

    /// Trainable parameters by state-dict name.
    var namedParameters: [(name: String, parameter: Parameter<Scalar>)] { get }

    /// Buffers (running statistics) by state-dict name.
    var namedBuffers: [(name: String, buffer: Buffer<Scalar>)] { get }

    /// Sets the phase of this layer and of every layer inside it.
    func setPhase(_ phase: LearningPhase)

    /// The layers directly inside this one (a `Sequential`'s children, a residual block's
    /// branch); empty for a leaf layer.
    var children: [any Layer<Scalar>] { get }

    /// Throws if a batch of `batchSize` examples cannot pass through this layer (or any layer
    /// inside it) in its current phase: a `BatchNorm1d` in training mode needs at least 2.
    /// A trainer calls this before `forward`, which would otherwise stop the program.
    func validateBatchSize(_ batchSize: Int) throws
}

extension Layer {
    public func accumulateParameterGradients(_ outputGradient: Tensor<Scalar>) {
        _ = backward(outputGradient)
    }

    public var children: [any Layer<Scalar>] { [] }

    public func validateBatchSize(_ batchSize: Int) throws {
        for child in children { try child.validateBatchSize(batchSize) }
    }

    /// This layer and every layer inside it, parents before children (e.g. to find the dropout
    /// layers of a network for Monte-Carlo dropout).
    public var allLayers: [any Layer<Scalar>] {
        [self as any Layer<Scalar>] + children.flatMap { $0.allLayers }
    }

    public var namedParameters: [(name: String, parameter: Parameter<Scalar>)] { [] }
    public var namedBuffers: [(name: String, buffer: Buffer<Scalar>)] { [] }

    public func setPhase(_ phase: LearningPhase) {
        self.phase = phase
    }

    /// Puts the layer and all its children in training mode.
    public func train() { setPhase(.training) }

    /// Puts the layer and all its children in evaluation mode.
    public func eval() { setPhase(.evaluation) }

    public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        forward(input)
    }

    public var parameters: [Parameter<Scalar>] { namedParameters.map(\.parameter) }

    public func zeroGradients() {
        for parameter in parameters { parameter.zeroGradient() }
    }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
}

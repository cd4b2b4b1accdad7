import Preconditions

/// A chain of layers, `torch.nn.Sequential`: the output of each is the input of the next.
///
/// ```
/// forward:   h₀ = x,   hₖ₊₁ = layerₖ(hₖ),   y = h_K
/// backward:  gₖ = layerₖ.backward(gₖ₊₁) from the last layer to the first,   g_K = ∂L/∂y
/// ```
///
/// Parameter and buffer names are the children's names prefixed with their index, exactly as in
/// PyTorch's `state_dict` (`0.weight`, `1.running_mean`), and `train()` / `eval()` reach every
/// child, however deeply nested.
public final class Sequential<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public private(set) var layers: [any Layer<Scalar>]

    /// Setting the phase sets it on every child too.
    public var phase: LearningPhase = .training {
        didSet {
            for layer in layers { layer.setPhase(phase) }
        }
    }

    public init(_ layers: [any Layer<Scalar>]) {
        self.layers = layers
    }

    public convenience init(_ layers: any Layer<Scalar>...) {
        self.init(layers)
    }

    /// Adds `layer` at the end; it takes the container's phase.
    public func append(_ layer: any Layer<Scalar>) {
        layer.setPhase(phase)
        layers.append(layer)
    }

    public subscript(index: Int) -> any Layer<Scalar> {
        checkPrecondition(
            layers.indices.contains(index),
            "Sequential: index \(index) outside 0..<\(layers.count)")
        return layers[index]
    }

    public var count: Int { layers.count }

    public var children: [any Layer<Scalar>] { layers }

    public var description: String {
        let children = layers.enumerated().map { "  (\($0.offset)): \($0.element)" }
        return "Sequential(\n" + children.joined(separator: "\n") + "\n)"
    }

    public var namedParameters: [(name: String, parameter: Parameter<Scalar>)] {
        layers.enumerated().flatMap { index, layer in
            layer.namedParameters.map { (name: "\(index).\($0.name)", parameter: $0.parameter) }
        }
    }

    public var namedBuffers: [(name: String, buffer: Buffer<Scalar>)] {
        layers.enumerated().flatMap { index, layer in
            layer.namedBuffers.map { (name: "\(index).\($0.name)", buffer: $0.buffer) }
        }
    }

    public func setPhase(_ phase: LearningPhase) {
        self.phase = phase
        // didSet does not run when the value is unchanged; children may still differ.
        for layer in layers { layer.setPhase(phase) }
    }

    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        var activation = input
        for layer in layers {
            activation = layer.forward(activation)
        }
        return activation
    }

    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        var gradient = outputGradient
        for layer in layers.reversed() {
            gradient = layer.backward(gradient)
        }
        return gradient
    }

    /// Backward through every child, asking the first for parameter gradients only.
    public func accumulateParameterGradients(_ outputGradient: Tensor<Scalar>) {
        guard let first = layers.first else { return }
        var gradient = outputGradient
        for layer in layers.dropFirst().reversed() {
            gradient = layer.backward(gradient)
        }
        first.accumulateParameterGradients(gradient)
    }
}

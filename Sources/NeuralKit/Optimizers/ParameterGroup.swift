/// A set of parameters that share optimiser settings, like a PyTorch `param_group`.
///
/// The usual use is to exempt biases and normalisation parameters (γ, β) from weight decay:
/// shrinking a bias towards zero does not simplify the function a network computes, and decaying
/// BatchNorm's γ fights the normalisation. `noDecayOnBiasesAndNormalization(_:)` builds those two
/// groups from each parameter's `role`.
///
/// Hyperparameters are `Double`, as Python floats are in PyTorch; the update kernels convert them
/// to the parameter's scalar type.
public struct ParameterGroup<Scalar: TensorScalar> {
    public var parameters: [Parameter<Scalar>]
    /// λ for this group; `nil` uses the optimiser's `weightDecay`.
    public var weightDecay: Double?
    /// η for this group; `nil` follows the optimiser's `learningRate`.
    public var learningRate: Double?

    public init(parameters: [Parameter<Scalar>], weightDecay: Double? = nil, learningRate: Double? = nil) {
        self.parameters = parameters
        self.weightDecay = weightDecay
        self.learningRate = learningRate
    }

    /// Two groups: the weights (`role == .weight`) with the optimiser's weight decay, and the biases
    /// and normalisation parameters with none. Empty groups are left out.
    public static func noDecayOnBiasesAndNormalization(_ parameters: [Parameter<Scalar>]) -> [ParameterGroup] {
        let weights = parameters.filter { $0.role == .weight }
        let others = parameters.filter { $0.role != .weight }
        var groups: [ParameterGroup] = []
        if !weights.isEmpty { groups.append(ParameterGroup(parameters: weights)) }
        if !others.isEmpty { groups.append(ParameterGroup(parameters: others, weightDecay: 0)) }
        return groups
    }
}

/// Which parameters a penalty or constraint acts on.
///
/// Regularisers act on weights only by default: penalising biases or normalisation parameters
/// does not make the function a network computes any simpler.
public enum ParameterSelection: Sendable {
    /// Only parameters whose `role` is `.weight`.
    case weightsOnly
    /// Every parameter, whatever its role.
    case all

    func includes<Scalar>(_ parameter: Parameter<Scalar>) -> Bool {
        switch self {
        case .weightsOnly: parameter.role == .weight
        case .all: true
        }
    }
}

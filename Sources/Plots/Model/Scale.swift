import Foundation

/// How data values map to positions along an axis.
public enum Scale: Sendable, Hashable {
    /// Position proportional to the value.
    case linear
    /// Position proportional to log₁₀ of the value (λ sweeps, losses, counts); every value drawn
    /// on such an axis must be positive.
    case logarithmic

    /// The value in the coordinate that is linear on screen.
    func transform(_ value: Double) -> Double {
        switch self {
        case .linear: return value
        case .logarithmic: return value > 0 ? log10(value) : -.infinity
        }
    }

    /// The inverse of `transform`.
    func inverse(_ position: Double) -> Double {
        switch self {
        case .linear: return position
        case .logarithmic: return pow(10, position)
        }
    }
}

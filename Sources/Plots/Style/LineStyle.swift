/// How a line is dashed.
public enum Dash: Sendable, Hashable {
    case solid
    case dashed
    case dotted
    case dashDot
    /// Alternating on/off lengths in points.
    case custom([Double])

    /// On/off lengths in points for a line of width `lineWidth` (empty: solid).
    func pattern(lineWidth: Double) -> [Double] {
        let w = max(lineWidth, 0.75)
        switch self {
        case .solid: return []
        case .dashed: return [3.7 * w, 1.6 * w]
        case .dotted: return [1 * w, 1.65 * w]
        case .dashDot: return [6.4 * w, 1.6 * w, 1 * w, 1.6 * w]
        case .custom(let lengths): return lengths
        }
    }
}

/// The symbol drawn at each data point.
public enum Marker: Sendable, Hashable, CaseIterable {
    case none
    case circle
    case square
    case triangle
    case diamond
    /// A diagonal cross (×), drawn as strokes.
    case cross
    /// An upright cross (+), drawn as strokes.
    case plus
}

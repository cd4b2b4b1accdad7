/// Maps data values along one axis to positions in points: `lower` goes to `start`, `upper`
/// to `end`, linearly in the scale's transformed coordinate.
struct AxisMap: Sendable {
    var scale: Scale
    var lower: Double
    var upper: Double
    var start: Double
    var end: Double

    func position(_ value: Double) -> Double {
        let a = scale.transform(lower)
        let b = scale.transform(upper)
        let t = (scale.transform(value) - a) / (b - a)
        return start + t * (end - start)
    }

    /// The data value at a position (inverse of `position`).
    func value(at position: Double) -> Double {
        let a = scale.transform(lower)
        let b = scale.transform(upper)
        let t = (position - start) / (end - start)
        return scale.inverse(a + t * (b - a))
    }

    func contains(_ value: Double) -> Bool {
        let low = min(lower, upper)
        let high = max(lower, upper)
        let tolerance = (high - low) * 1e-9
        return value >= low - tolerance && value <= high + tolerance
    }
}

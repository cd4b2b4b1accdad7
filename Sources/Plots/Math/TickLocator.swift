import Foundation

/// Tick positions and labels along one axis.
struct TickSet: Sendable {
    var major: [Double]
    var labels: [String]
    var minor: [Double]
}

/// Places "nice" ticks: steps of 1, 2, 2.5 or 5 × 10ᵏ on linear axes; powers of ten (with
/// 2× and 5× when the range is short) on logarithmic axes.
///
/// ### References
/// Heckbert, P. (1990), *Nice numbers for graph labels*, Graphics Gems.
enum TickLocator {
    /// The nice step for about `targetCount` intervals over `span`.
    static func niceStep(span: Double, targetCount: Int) -> Double {
        let raw = span / Double(max(1, targetCount))
        let magnitude = pow(10, floor(log10(raw)))
        let residual = raw / magnitude
        let mantissa = [1, 2, 2.5, 5, 10].first { $0 >= residual - 1e-9 } ?? 10
        return mantissa * magnitude
    }

    /// Multiples of `step` inside lower...upper, computed as k·step from integers so that
    /// errors do not accumulate.
    static func multiples(of step: Double, from lower: Double, to upper: Double) -> [Double] {
        let first = Int((lower / step - 1e-9).rounded(.up))
        let last = Int((upper / step + 1e-9).rounded(.down))
        guard first <= last, last - first < 10_000 else { return [] }
        return (first...last).map { Double($0) * step }
    }

    static func linear(lower: Double, upper: Double, targetCount: Int) -> TickSet {
        let step = niceStep(span: upper - lower, targetCount: targetCount)
        let values = multiples(of: step, from: lower, to: upper)
        return TickSet(major: values, labels: NumberFormat.labels(for: values, step: step), minor: [])
    }

    static func logarithmic(lower: Double, upper: Double, targetCount: Int) -> TickSet {
        let lowExponent = log10(lower)
        let highExponent = log10(upper)
        let firstDecade = Int((lowExponent - 1e-9).rounded(.up))
        let lastDecade = Int((highExponent + 1e-9).rounded(.down))
        var minor = [Double]()
        for decade in (Int(floor(lowExponent)))...(Int(ceil(highExponent))) {
            for m in 2...9 {
                let value = Double(m) * pow(10, Double(decade))
                if value >= lower * (1 - 1e-9) && value <= upper * (1 + 1e-9) { minor.append(value) }
            }
        }
        let decadeCount = lastDecade - firstDecade + 1
        if decadeCount >= 3 {
            let stride = max(1, Int((Double(decadeCount) / Double(max(2, targetCount))).rounded(.up)))
            let exponents = Swift.stride(from: firstDecade, through: lastDecade, by: stride).map { $0 }
            return TickSet(
                major: exponents.map { pow(10, Double($0)) }, labels: NumberFormat.logLabels(for: exponents.map { pow(10, Double($0)) }),
                minor: stride == 1 ? minor : exponents.map { pow(10, Double($0)) })
        }
        // Short ranges: label 1, 2 and 5 × 10ᵏ, or every m × 10ᵏ inside a single decade.
        for mantissas in [[1.0, 2, 5], [1.0, 2, 3, 4, 5, 6, 7, 8, 9]] {
            var values = [Double]()
            for decade in (Int(floor(lowExponent)))...(Int(ceil(highExponent))) {
                for m in mantissas {
                    let value = m * pow(10, Double(decade))
                    if value >= lower * (1 - 1e-9) && value <= upper * (1 + 1e-9) { values.append(value) }
                }
            }
            if values.count >= 3 || (mantissas.count > 3 && values.count >= 2) {
                let labels = NumberFormat.logLabels(for: values)
                return TickSet(major: values, labels: labels, minor: minor.filter { !values.contains($0) })
            }
        }
        // Less than one decade with fewer than two round values: evenly spaced labels.
        let linearTicks = linear(lower: lower, upper: upper, targetCount: 3)
        return TickSet(major: linearTicks.major, labels: linearTicks.labels, minor: [])
    }
}

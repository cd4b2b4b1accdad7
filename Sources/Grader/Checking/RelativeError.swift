import Foundation
import NeuralKit

/// CS231n's relative error between two arrays, taken over the whole array:
///
///     rel_error(a, b) = max_i |a_i − b_i| / max(1e-8, max_i (|a_i| + |b_i|))
///
/// Taking the maximum of the denominator over the array (not element by element) keeps entries that
/// are zero up to rounding (a batch-normalised gradient that sums to zero) from looking like 100 %
/// errors. NaN anywhere gives NaN. `floor` raises the 1e-8 floor of the denominator to the scale
/// of related quantities (an input gradient that is tiny next to the parameter gradients).
public func relativeError(_ a: [Double], _ b: [Double], floor: Double = 1e-8) -> Double {
    precondition(a.count == b.count, "relativeError: \(a.count) and \(b.count) values")
    var largestDifference = 0.0
    var largestMagnitude = 0.0
    for (x, y) in zip(a, b) {
        if x.isNaN || y.isNaN { return .nan }
        largestDifference = max(largestDifference, abs(x - y))
        largestMagnitude = max(largestMagnitude, abs(x) + abs(y))
    }
    return largestDifference / max(floor, largestMagnitude)
}

/// Formats numbers for feedback: short, but with enough digits to see a difference.
func formatted(_ value: Double) -> String {
    if value == 0 { return "0" }
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value > 0 ? "+inf" : "-inf" }
    let magnitude = abs(value)
    if magnitude >= 1e-3 && magnitude < 1e5 {
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
    return String(format: "%.4e", value)
}

func formatted(_ values: [Double], limit: Int = 8) -> String {
    let shown = values.prefix(limit).map(formatted).joined(separator: ", ")
    return "[" + shown + (values.count > limit ? ", … (\(values.count) values)" : "") + "]"
}

func formatted(_ tensor: Tensor<Double>, limit: Int = 4) -> String {
    let rows = (0..<min(tensor.rows, limit)).map { i in
        formatted((0..<tensor.columns).map { tensor[i, $0] }, limit: 6)
    }
    let more = tensor.rows > limit ? ", … (\(tensor.rows) rows)" : ""
    return "\(tensor.shape) [" + rows.joined(separator: ", ") + more + "]"
}

/// Where a tensor holds NaN or ±∞, for messages that name the first bad element.
public struct NonFiniteValues: Sendable, Equatable, CustomStringConvertible {
    /// How many elements are NaN or ±∞.
    public var count: Int
    /// The first of them, in row-major order.
    public var firstRow: Int
    public var firstColumn: Int
    /// Its value ("nan", "inf" or "-inf").
    public var firstValue: Double

    /// "NaN at row 5, column 1 (and 2 more non-finite values)".
    public var description: String {
        let kind = firstValue.isNaN ? "NaN" : (firstValue > 0 ? "+∞" : "−∞")
        let more = count > 1 ? " (and \(count - 1) more non-finite value\(count == 2 ? "" : "s"))" : ""
        return "\(kind) at row \(firstRow), column \(firstColumn)\(more)"
    }
}

extension Tensor {
    /// The NaN and ±∞ elements of the tensor, or `nil` when every element is finite.
    public func nonFiniteValues() -> NonFiniteValues? {
        var count = 0
        var first = -1
        withUnsafeBufferPointer { x in
            for i in x.indices where !x[i].isFinite {
                if first < 0 { first = i }
                count += 1
            }
        }
        guard first >= 0 else { return nil }
        let width = Swift.max(columns, 1)
        return NonFiniteValues(
            count: count, firstRow: first / width, firstColumn: first % width,
            firstValue: Double(scalars[first]))
    }
}

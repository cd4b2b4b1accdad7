import Preconditions

/// A measurement repeated over several seeds: its mean, spread and the individual values.
///
/// Every comparison in the lessons runs on several seeds; the prose quotes `mean ± standardDeviation`
/// and how many seeds agree with a claim, never a single lucky run.
public struct SeedSummary: Sendable, Equatable, CustomStringConvertible {
    public let values: [Double]

    public init(_ values: [Double]) {
        checkPrecondition(!values.isEmpty, "SeedSummary: needs at least one value")
        self.values = values
    }

    public var count: Int { values.count }

    /// `x̄ = (1/n) Σ xᵢ`
    public var mean: Double { values.reduce(0, +) / Double(values.count) }

    /// The sample standard deviation `s = √(Σ (xᵢ − x̄)² / (n − 1))` (0 for one value).
    public var standardDeviation: Double {
        guard values.count > 1 else { return 0 }
        let mean = self.mean
        let sumOfSquares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (sumOfSquares / Double(values.count - 1)).squareRoot()
    }

    public var minimum: Double { values.min()! }
    public var maximum: Double { values.max()! }

    public var description: String { "\(mean) ± \(standardDeviation) (n = \(count))" }

    /// Element-wise difference of two paired summaries (same seeds, same order).
    public static func - (lhs: SeedSummary, rhs: SeedSummary) -> SeedSummary {
        checkPrecondition(lhs.count == rhs.count, "SeedSummary: paired difference of \(lhs.count) and \(rhs.count) values")
        return SeedSummary(zip(lhs.values, rhs.values).map { $0 - $1 })
    }

    /// How many of the paired seeds satisfy `claim(a, b)`.
    public static func agreement(_ lhs: SeedSummary, _ rhs: SeedSummary, _ claim: (Double, Double) -> Bool) -> Int {
        zip(lhs.values, rhs.values).filter { claim($0, $1) }.count
    }
}

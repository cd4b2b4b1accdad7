import Preconditions

/// How a claim's verdict follows from its per-run values. Every rule can fail, and none can hold
/// on fewer than three runs: one or two runs cannot tell an effect from seed noise.
///
/// With `n` runs, values `dᵢ`, mean `d̄`, sample standard deviation `s` and standard error
/// `SE = s/√n`:
///
/// | rule | holds | fails | otherwise |
/// |---|---|---|---|
/// | `positive(margin: m)` | `dᵢ > m` on at least ⌈0.8 n⌉ runs and `d̄ − m > SE` | `d̄ ≤ m`, or `dᵢ > m` on fewer than half the runs | mixed |
/// | `negligible(tolerance: t)` | `|dᵢ| < t` on at least ⌈0.8 n⌉ runs and `|d̄| + 2 SE < t` | `|d̄| ≥ t` | mixed |
/// | `everyRun(above: c)` | `dᵢ > c` on every run | `dᵢ > c` on fewer than half the runs | mixed |
///
/// `positive` is for comparisons ("dropout validates better than no dropout": `dᵢ` = the paired
/// difference on run i, oriented so that the claim says it is positive); `negligible` for "barely
/// changes"; `everyRun` for properties that must hold on each run without exception (an
/// evaluation-mode pass is deterministic).
public struct ClaimRule: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case positive, negligible, everyRun
    }

    public let kind: Kind
    /// `m`, `t` or `c` of the table above.
    public let threshold: Double

    /// The fewest runs on which a claim can hold.
    public static let minimumRuns = 3

    /// The paired effect is positive (larger than `margin`) on at least 80 % of the runs and its
    /// mean exceeds `margin` by more than one standard error.
    public static func positive(margin: Double = 0) -> ClaimRule { ClaimRule(kind: .positive, threshold: margin) }

    /// The effect is smaller than `tolerance` in size, with its mean two standard errors inside.
    public static func negligible(tolerance: Double) -> ClaimRule {
        checkPrecondition(tolerance > 0, "ClaimRule.negligible: tolerance \(tolerance) must be positive")
        return ClaimRule(kind: .negligible, threshold: tolerance)
    }

    /// Every run's value exceeds `threshold`.
    public static func everyRun(above threshold: Double) -> ClaimRule { ClaimRule(kind: .everyRun, threshold: threshold) }

    /// The rule in words, as results.json and the ledger print it.
    public var description: String {
        let t = ClaimEvidence.shortNumber(threshold)
        switch kind {
        case .positive:
            return "d > \(t) on ≥ 80 % of runs and mean − \(t) > 1 SE (fails: mean ≤ \(t) or d > \(t) on < half)"
        case .negligible:
            return "|d| < \(t) on ≥ 80 % of runs and |mean| + 2 SE < \(t) (fails: |mean| ≥ \(t))"
        case .everyRun:
            return "d > \(t) on every run (fails: on fewer than half)"
        }
    }

    /// The verdict and evidence for the per-run values `values`.
    public func evaluate(_ values: [Double], measure: String) -> (ClaimVerdict, ClaimEvidence) {
        let n = values.count
        let mean = SampleStatistics.mean(values)
        let standardDeviation = SampleStatistics.standardDeviation(values)
        let standardError = n > 0 ? standardDeviation / Double(n).squareRoot() : 0
        let mostRuns = Int((0.8 * Double(n)).rounded(.up))
        let agreeing: Int
        let verdict: ClaimVerdict
        // NaN values never agree, and a NaN mean makes every comparison below false: not "holds".
        switch kind {
        case .positive:
            agreeing = values.filter { $0 > threshold }.count
            if n >= Self.minimumRuns && agreeing >= mostRuns && mean - threshold > standardError {
                verdict = .holds
            } else if !(mean > threshold) || 2 * agreeing < n {
                verdict = .fails
            } else {
                verdict = .mixed
            }
        case .negligible:
            agreeing = values.filter { abs($0) < threshold }.count
            if n >= Self.minimumRuns && agreeing >= mostRuns && abs(mean) + 2 * standardError < threshold {
                verdict = .holds
            } else if !(abs(mean) < threshold) {
                verdict = .fails
            } else {
                verdict = .mixed
            }
        case .everyRun:
            agreeing = values.filter { $0 > threshold }.count
            if n >= Self.minimumRuns && agreeing == n {
                verdict = .holds
            } else if 2 * agreeing < n {
                verdict = .fails
            } else {
                verdict = .mixed
            }
        }
        let evidence = ClaimEvidence(
            measure: measure, values: values, effect: mean, standardDeviation: standardDeviation,
            standardError: standardError, agreeing: agreeing, runs: n, rule: description)
        return (n == 0 ? .fails : verdict, evidence)
    }
}

/// A claim's verdict in one run.
public enum ClaimVerdict: String, Sendable, Codable, CaseIterable, Comparable {
    case holds, mixed, fails

    public static func < (lhs: ClaimVerdict, rhs: ClaimVerdict) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

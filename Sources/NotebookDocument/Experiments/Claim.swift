import Preconditions

/// A comparative or causal statement an experiment can support, evaluated on this run's results.
///
/// The experiment declares it with the per-run values its rule is applied to; the lesson source
/// binds text to it (`:::{claim} id` with one text per verdict), and the typeset sentence is the
/// one for this run's verdict. `results.json` lists every claim with its verdict, evidence and the
/// seeds of the runs behind it; tests assert on the same objects.
///
/// ```swift
/// let gain = half.validationAccuracy - baseline.validationAccuracy   // paired, one per run
/// context.results.record(claim: Claim(
///     id: "dropout-beats-baseline", measure: "val. accuracy, p = 0.5 minus p = 0, last epoch",
///     rule: .positive(), values: gain.values, seeds: seeds))
/// ```
public struct Claim: Sendable {
    /// Letters, digits and `-`; unique in the lesson.
    public let id: String
    /// What one value is, with its orientation: "validation accuracy, p = 0.5 minus p = 0".
    public let measure: String
    public let rule: ClaimRule
    public let verdict: ClaimVerdict
    public let evidence: ClaimEvidence
    /// The seeds of the training runs behind the values (one or more per value).
    public let seeds: [UInt64]

    public init(id: String, measure: String, rule: ClaimRule, values: [Double], seeds: [UInt64]) {
        checkPrecondition(
            !id.isEmpty && id.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" },
            "Claim: id '\(id)' must be letters, digits and '-'")
        self.id = id
        self.measure = measure
        self.rule = rule
        self.seeds = seeds
        (verdict, evidence) = rule.evaluate(values, measure: measure)
    }
}

/// What a verdict rests on.
public struct ClaimEvidence: Codable, Sendable, Equatable {
    public var measure: String
    /// One value per run (or per seed), in run order.
    public var values: [Double]
    /// The mean of `values`.
    public var effect: Double
    public var standardDeviation: Double
    public var standardError: Double
    /// How many runs satisfy the rule's per-run condition.
    public var agreeing: Int
    public var runs: Int
    /// The rule in words.
    public var rule: String

    /// "+0.092 ± 0.021 SE, 5 of 5 runs".
    public var summary: String {
        "mean \(Self.signed(effect)) (SE \(Self.shortNumber(standardError))), \(agreeing) of \(runs) runs"
    }

    static func signed(_ value: Double) -> String {
        (value > 0 ? "+" : "") + shortNumber(value)
    }

    /// Three significant digits, a real minus sign: `0.0921`, `−12.3`, `4.56 × 10⁻⁵`.
    static func shortNumber(_ value: Double) -> String {
        guard value.isFinite else { return "\(value)" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        let text: String
        if magnitude >= 1e-3 && magnitude < 1e5 {
            // 3 significant digits: decimals = 2 − ⌊log₁₀ |x|⌋ (printf rounds, no binary tail).
            let decimals = max(0, 2 - Int(magnitude.log10Floor))
            text = String(format: "%.\(decimals)f", magnitude)
        } else {
            // m × 10ᵉ with 1 ≤ m < 10, e.g. a rounding residue 2.22 × 10⁻¹⁷.
            let parts = String(format: "%.2e", magnitude).split(separator: "e")
            text = "\(parts[0]) × 10" + superscript(Int(parts[1])!)
        }
        return value < 0 ? "−" + text : text
    }

    private static func superscript(_ exponent: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let body = String(String(abs(exponent)).map { digits[Int(String($0))!] })
        return (exponent < 0 ? "⁻" : "") + body
    }
}

extension Double {
    fileprivate var log10Floor: Double {
        var exponent = 0.0
        var x = self
        while x >= 10 { x /= 10; exponent += 1 }
        while x < 1 { x *= 10; exponent -= 1 }
        return exponent
    }
}

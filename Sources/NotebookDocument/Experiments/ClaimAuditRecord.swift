/// How often a claim held in the course's claims audit (`swift run course --audit --seeds K`, which
/// evaluates every claim at K independent base seeds), as a lesson build reads it back from
/// `output/claims/ledger.json`.
///
/// The audit decides whether a sentence may be stated without qualification: a claim that held on
/// fewer than 80 % of the audited seeds is an open result, so when it holds in this run its `holds:`
/// text is typeset with the audit's count beside it ("… (an open result: it held on 3 of 8
/// independent seeds in the course's claims audit)"), never as a bare conclusion.
public struct ClaimAuditRecord: Sendable, Equatable {
    /// Seeds on which the claim held.
    public var holds: Int
    /// Seeds audited.
    public var seeds: Int
    /// Whether the audit ran in quick mode (a smaller, noisier run than the lessons' full mode).
    public var quick: Bool

    /// The hold rate below which a claim may not be stated unconditionally.
    public static let requiredHoldRate = 0.8

    public init(holds: Int, seeds: Int, quick: Bool = false) {
        self.holds = holds
        self.seeds = seeds
        self.quick = quick
    }

    /// holds / seeds (0 for an empty audit).
    public var holdRate: Double { seeds == 0 ? 0 : Double(holds) / Double(seeds) }

    /// Held on fewer than 80 % of the audited seeds.
    public var isOpen: Bool { holdRate < Self.requiredHoldRate }

    /// "3 of 8 seeds".
    public var count: String { "\(holds) of \(seeds) seed\(seeds == 1 ? "" : "s")" }

    /// The words added to an open claim's `holds:` text.
    public var qualifier: String {
        "an open result: it held on \(holds) of \(seeds) independent seed\(seeds == 1 ? "" : "s") in the course's \(quick ? "quick-mode " : "")claims audit"
    }
}

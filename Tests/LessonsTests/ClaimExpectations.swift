import NotebookDocument
import Testing

/// Expectations every lesson's claims tests share.
enum ClaimExpectations {
    /// Each claim of `ids` in `claims` holds (a missing claim fails too).
    static func expectHolds(_ ids: [String], in claims: [String: Claim], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for id in ids {
            guard let claim = claims[id] else {
                Issue.record("claim \(id) was not recorded", sourceLocation: sourceLocation)
                continue
            }
            #expect(
                claim.verdict == .holds, "\(id): \(claim.evidence.summary) (\(claim.evidence.measure))",
                sourceLocation: sourceLocation)
        }
    }

    /// At least `minimum` claims; each names the seeds of its runs, and its verdict and evidence
    /// are exactly what its rule gives on its recorded values.
    static func expectComplete(_ claims: [Claim], atLeast minimum: Int, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(claims.count >= minimum, sourceLocation: sourceLocation)
        for claim in claims {
            #expect(!claim.seeds.isEmpty, "\(claim.id)", sourceLocation: sourceLocation)
            let (verdict, evidence) = claim.rule.evaluate(claim.evidence.values, measure: claim.measure)
            #expect(verdict == claim.verdict && evidence == claim.evidence, "\(claim.id)", sourceLocation: sourceLocation)
        }
    }
}

import Foundation
import Testing

@testable import NotebookDocument

@Suite struct SeedStreamTests {
    @Test("base seeds 7 and 8 share no run seed, and experiments of one lesson share none either")
    func independentStreams() {
        let seven = SeedStream(base: 7, experiment: "rate-ablation").seeds(50)
        let eight = SeedStream(base: 8, experiment: "rate-ablation").seeds(50)
        let other = SeedStream(base: 7, experiment: "mc-dropout").seeds(50)
        #expect(Set(seven).isDisjoint(with: eight))
        #expect(Set(seven).isDisjoint(with: other))
        #expect(Set(seven).count == 50)
        // Not the old `base + i` scheme.
        #expect(!seven.contains(7) && !seven.contains(8))
        #expect(SeedStream(base: 7, experiment: "rate-ablation").seeds(3) == Array(seven.prefix(3)))
    }

    @Test("the seed stream is a fixed function (a change would silently change every lesson's numbers)")
    func pinned() {
        #expect(SeedStream.mix(0) == 0xe220_a839_7b1d_cdaf)  // SplitMix64's first output from state 0
        #expect(SeedStream.fnv1a("") == 0xcbf2_9ce4_8422_2325)
    }
}

@Suite struct ClaimRuleTests {
    @Test("positive: holds on a consistent effect, mixed on a noisy one, fails on none or a reversed one")
    func positive() {
        let rule = ClaimRule.positive()
        #expect(rule.evaluate([0.05, 0.06, 0.04, 0.07, 0.05], measure: "").0 == .holds)
        #expect(rule.evaluate([0.05, 0.06, -0.04, 0.07, -0.01], measure: "").0 == .mixed)  // 3 of 5 agree
        #expect(rule.evaluate([0.05, -0.06, -0.04, 0.01, -0.05], measure: "").0 == .fails)
        #expect(rule.evaluate([0, 0, 0, 0, 0], measure: "").0 == .fails)
        // 4 of 5 agree, but the mean is within one standard error of zero.
        #expect(rule.evaluate([0.01, 0.01, 0.01, 0.01, -0.2], measure: "").0 == .fails)
        #expect(rule.evaluate([0.01, 0.02, 0.01, 0.01, -0.03], measure: "").0 == .mixed)
    }

    @Test("no rule holds on fewer than three runs or on NaN")
    func tooFewRuns() {
        for rule in [ClaimRule.positive(), .negligible(tolerance: 1), .everyRun(above: 0)] {
            #expect(rule.evaluate([0.5, 0.5], measure: "").0 != .holds)
            #expect(rule.evaluate([0.5], measure: "").0 != .holds)
            #expect(rule.evaluate([], measure: "").0 == .fails)
            #expect(rule.evaluate([.nan, .nan, .nan], measure: "").0 != .holds)
        }
    }

    @Test("negligible: holds when the effect is small and well measured, fails when its mean is too large")
    func negligible() {
        let rule = ClaimRule.negligible(tolerance: 0.01)
        #expect(rule.evaluate([0.001, -0.002, 0.0, 0.001, -0.001], measure: "").0 == .holds)
        #expect(rule.evaluate([0.009, -0.02, 0.015, 0.0, -0.001], measure: "").0 == .mixed)
        #expect(rule.evaluate([0.02, 0.03, 0.02], measure: "").0 == .fails)
    }

    @Test("everyRun: one exception is enough to lose `holds`")
    func everyRun() {
        let rule = ClaimRule.everyRun(above: 0)
        #expect(rule.evaluate([1, 2, 3], measure: "").0 == .holds)
        #expect(rule.evaluate([1, 2, -3], measure: "").0 == .mixed)
        #expect(rule.evaluate([1, -2, -3], measure: "").0 == .fails)
    }

    @Test("evidence: mean, standard error and the runs that agree")
    func evidence() {
        let claim = Claim(id: "x", measure: "a minus b", rule: .positive(), values: [1, 2, 3], seeds: [11, 12, 13])
        #expect(claim.evidence.effect == 2)
        #expect(abs(claim.evidence.standardError - 1 / 3.0.squareRoot()) < 1e-12)
        #expect(claim.evidence.agreeing == 3 && claim.evidence.runs == 3)
        #expect(claim.seeds == [11, 12, 13])
    }
}

@Suite struct ClaimDirectiveTests {
    static func results(verdictValues: [Double]) -> ResultsStore {
        let results = sampleResults()
        results.record(
            claim: Claim(id: "a-beats-b", measure: "a minus b", rule: .positive(), values: verdictValues, seeds: [1, 2, 3]))
        return results
    }

    static func assemble(
        _ source: String, values: [Double], audit: [String: ClaimAuditRecord] = [:]
    ) throws -> LessonAssembler.Output {
        var context = LessonAssembler.Context(
            file: "lessons/test.md", results: results(verdictValues: values), snippets: try snippetsForTests(), seed: 7,
            quick: false)
        context.auditRecords = audit
        return try LessonAssembler(context: context).assemble(source)
    }

    static let source = """
        Compared with b,
        :::{claim} a-beats-b
        holds: a won on {value}`a-beats-b.agreeing:int` of {value}`a-beats-b.runs:int` runs.
        mixed: a won on some runs.
        fails: a did not win.
        :::
        That is all.
        """

    @Test("the typeset sentence is the one for this run's verdict, inside its paragraph")
    func chosenText() throws {
        let holds = try Self.assemble(Self.source, values: [0.1, 0.2, 0.15])
        #expect(holds.blocks.count == 1)
        #expect(firstParagraph(holds.blocks)?.plainText == "Compared with b, a won on 3 of 3 runs. That is all.")
        #expect(holds.claimStatements["a-beats-b"] == "Compared with b, a won on 3 of 3 runs.")
        let fails = try Self.assemble(Self.source, values: [-0.1, -0.2, 0.05])
        #expect(firstParagraph(fails.blocks)?.plainText == "Compared with b, a did not win. That is all.")
    }

    @Test("a claim that held on fewer than 80 % of the audit's seeds is typeset as an open result where it holds")
    func openClaims() throws {
        let holding: [Double] = [0.1, 0.2, 0.15]
        let open = try Self.assemble(Self.source, values: holding, audit: ["a-beats-b": ClaimAuditRecord(holds: 5, seeds: 8)])
        #expect(
            firstParagraph(open.blocks)?.plainText
                == "Compared with b, a won on 3 of 3 runs (an open result: it held on 5 of 8 independent seeds in the course's claims audit). That is all.")
        #expect(open.claimStatements["a-beats-b"]?.contains("held on 5 of 8 independent seeds") == true)
        // 7 of 8 is 87.5 %: stated as it is.
        let established = try Self.assemble(
            Self.source, values: holding, audit: ["a-beats-b": ClaimAuditRecord(holds: 7, seeds: 8)])
        #expect(firstParagraph(established.blocks)?.plainText == "Compared with b, a won on 3 of 3 runs. That is all.")
        // The mixed and fails texts say what the run found; the audit adds nothing to them.
        let mixed = try Self.assemble(
            Self.source, values: [0.1, -0.2, 0.15], audit: ["a-beats-b": ClaimAuditRecord(holds: 1, seeds: 8)])
        #expect(firstParagraph(mixed.blocks)?.plainText == "Compared with b, a won on some runs. That is all.")
        // A text without a closing full stop gets the qualifier at its end, keeping the space after it.
        let inline = "B lost\n:::{claim} a-beats-b\nholds: to a \nmixed: to a sometimes\nfails: to nobody\n:::\non the whole.\n"
        let qualified = try Self.assemble(inline, values: holding, audit: ["a-beats-b": ClaimAuditRecord(holds: 0, seeds: 8)])
        #expect(
            firstParagraph(qualified.blocks)?.plainText
                == "B lost to a (an open result: it held on 0 of 8 independent seeds in the course's claims audit) on the whole.")
        // A text in parentheses takes the qualifier inside them.
        let bracketed = "It peaked\n:::{claim} a-beats-b\nholds: (earlier on 3 runs).\nmixed: (sometimes).\nfails: (never).\n:::\n"
        let inside = try Self.assemble(bracketed, values: holding, audit: ["a-beats-b": ClaimAuditRecord(holds: 2, seeds: 8)])
        #expect(
            firstParagraph(inside.blocks)?.plainText
                == "It peaked (earlier on 3 runs; an open result: it held on 2 of 8 independent seeds in the course's claims audit).")
    }

    @Test("an unknown claim id fails with file:line and the nearest id")
    func unknownClaim() throws {
        let source = "Text.\n\n:::{claim} a-beat-b\nholds: x\nmixed: y\nfails: z\n:::\n"
        do {
            _ = try Self.assemble(source, values: [1, 1, 1])
            Issue.record("an unknown claim was accepted")
        } catch let errors as LessonSourceErrors {
            let message = "\(errors)"
            #expect(message.contains("lessons/test.md:3"))
            #expect(message.contains("unknown claim `a-beat-b`"))
            #expect(message.contains("did you mean `a-beats-b`"))
        }
    }

    @Test("every verdict needs a text, and a mistake in a text not chosen still fails")
    func everyVerdict() throws {
        let missing = ":::{claim} a-beats-b\nholds: x\n:::\n"
        #expect(throws: LessonSourceErrors.self) { try Self.assemble(missing, values: [1, 1, 1]) }
        let typo = ":::{claim} a-beats-b\nholds: x\nmixed: y\nfails: {value}`no-such-value`\n:::\n"
        #expect(throws: LessonSourceErrors.self) { try Self.assemble(typo, values: [1, 1, 1]) }
        let otherwise = ":::{claim} a-beats-b\nholds: x\notherwise: not shown\n:::\n"
        #expect(firstParagraph(try Self.assemble(otherwise, values: [-1, -1, -1]).blocks)?.plainText == "not shown")
    }

    @Test("lines after a claim keep their numbers in error messages")
    func lineNumbers() throws {
        let source = "A\n:::{claim} a-beats-b\nholds: x\nmixed: y\nfails: z\n:::\nB\n\n{value}`nope`\n"
        do {
            _ = try Self.assemble(source, values: [1, 1, 1])
            Issue.record("an unknown value was accepted")
        } catch let errors as LessonSourceErrors {
            #expect("\(errors)".contains("lessons/test.md:9"))
        }
    }

    @Test("a section whose experiment did not run keeps its heading and gets a note; references into it become a mark")
    func omittedSection() throws {
        var context = LessonAssembler.Context(
            file: "lessons/test.md", results: sampleResults(), snippets: try snippetsForTests(), seed: 7, quick: false)
        context.omittedSections = ["sec-b": ["b-runs"]]
        context.rerunCommand = "swift run lesson-test"
        let source = """
            # T

            (sec-a)=
            ## A

            See {numref}`fig-gone` and {numref}`sec-b`.

            (sec-b)=
            ## B

            {value}`not-recorded-because-b-did-not-run`

            :::{figure} not-there-either
            :label: fig-gone
            :::

            ## C

            Still here.
            """
        let output = try LessonAssembler(context: context).assemble(source)
        let text = output.blocks.map { block -> String in
            switch block {
            case .paragraph(let inlines): return inlines.plainText
            case .heading(let heading): return "# " + heading.content.plainText
            case .callout(let callout): return "note: " + (callout.blocks.first.map { if case .paragraph(let p) = $0 { return p.plainText } else { return "" } } ?? "")
            default: return "?"
            }
        }
        #expect(text.count == 6)
        #expect(text[1] == "See (not in this build) and sec-b.")
        #expect(text[2] == "# B")
        #expect(text[3].hasPrefix("note: This section shows the results of experiment b-runs"))
        #expect(text[3].contains("swift run lesson-test --only b-runs"))
        #expect(text[5] == "Still here.")
    }
}


@Suite struct ClaimEvidenceFormatTests {
    @Test("evidence numbers have three significant digits and no binary tail, however small or large")
    func shortNumbers() {
        #expect(ClaimEvidence.shortNumber(0.092_13) == "0.0921")
        #expect(ClaimEvidence.shortNumber(-12.345) == "−12.3")
        #expect(ClaimEvidence.shortNumber(0.000_734_93) == "7.35 × 10⁻⁴")
        #expect(ClaimEvidence.shortNumber(0.006_666_666_666_666_598) == "0.00667")
        #expect(ClaimEvidence.shortNumber(2.220_446e-17) == "2.22 × 10⁻¹⁷")
        #expect(ClaimEvidence.shortNumber(123_456) == "1.23 × 10⁵")
        #expect(ClaimEvidence.shortNumber(0) == "0")
        #expect(ClaimEvidence.signed(0.5) == "+0.500")
    }
}

import Foundation
import NotebookDocument
import NotebookPDF
import Preconditions

/// `swift run course --audit --seeds K`: every lesson's experiments over K independent base seeds,
/// and how often each claim held. Writes `output/claims/ledger.json` and `ledger.pdf`; the course
/// PDF includes the ledger as an appendix when `ledger.json` exists.
///
/// A claim that holds on fewer than 80 % of the seeds may not be stated unconditionally: lesson
/// builds read the ledger back (`records(of:in:)`) and typeset such a claim, where it holds, as an
/// open result with the audit's count (`ClaimAuditRecord`).
public struct ClaimsAudit {
    /// One claim's record over the audited seeds.
    public struct Entry: Codable, Sendable, Equatable {
        public var lesson: String
        public var claim: String
        public var measure: String
        public var rule: String
        /// The verdict for each base seed, in `Ledger.seeds` order.
        public var verdicts: [ClaimVerdict]
        /// The effect (mean of the per-run values) for each base seed.
        public var effects: [Double]
        public var holds: Int { verdicts.filter { $0 == .holds }.count }
        public var mixed: Int { verdicts.filter { $0 == .mixed }.count }
        public var fails: Int { verdicts.filter { $0 == .fails }.count }
        /// The share of seeds on which the claim held.
        public var holdRate: Double { verdicts.isEmpty ? 0 : Double(holds) / Double(verdicts.count) }
    }

    /// `output/claims/ledger.json`.
    public struct Ledger: Codable, Sendable {
        public var seeds: [UInt64]
        public var quick: Bool
        public var jobs: Int
        /// Wall time of the whole audit, seconds.
        public var seconds: Double
        public var commit: String
        public var claims: [Entry]
        /// Lessons whose experiments declare no claims yet.
        public var lessonsWithoutClaims: [String]
    }

    /// The hold rate below which a claim may not be stated unconditionally.
    public static let requiredHoldRate = ClaimAuditRecord.requiredHoldRate

    public var options: LessonOptions
    public var packageRoot: URL
    public var reporter: LessonReporter

    public init(options: LessonOptions, packageRoot: URL = PackageRoot.locate(), reporter: LessonReporter) {
        self.options = options
        self.packageRoot = packageRoot
        self.reporter = reporter
    }

    /// Runs every lesson's experiments at base seeds `first, first + 1, …` (`count` of them).
    public func run(_ lessons: [LessonDefinition], seeds count: Int) throws -> Ledger {
        checkPrecondition(count >= 1, "ClaimsAudit: needs at least one seed, got \(count)")
        let started = ContinuousClock.now
        let seeds = (0..<UInt64(count)).map { options.seed &+ $0 }
        // Every (seed, lesson) pair is an independent build; with --jobs above 1 several run at
        // once under one budget of --jobs busy threads, and the ledger is gathered in the fixed
        // order below, so it is the same for every --jobs.
        let pairs = seeds.flatMap { seed in lessons.map { (seed: seed, lesson: $0) } }
        let jobs = min(options.concurrentRuns, pairs.count)
        let runs = try ConcurrentLessons.map(pairs.count, jobs: jobs, reporter: reporter) { index, own in
            let (seed, lesson) = pairs[index]
            var seedOptions = options
            seedOptions.seed = seed
            own.section("Audit: lesson \(lesson.name), base seed \(seed)")
            let builder = LessonBuilder(options: seedOptions, packageRoot: packageRoot, reporter: own)
            return try builder.runExperiments(lesson).results.orderedClaims
        }
        var entries: [String: Entry] = [:]
        var order: [String] = []
        var withoutClaims: Set<String> = []
        for (pair, claims) in zip(pairs, runs) {
            let lesson = pair.lesson
            if claims.isEmpty { withoutClaims.insert(lesson.name) }
            for claim in claims {
                let key = lesson.name + "/" + claim.id
                if entries[key] == nil {
                    order.append(key)
                    entries[key] = Entry(
                        lesson: lesson.name, claim: claim.id, measure: claim.measure, rule: claim.rule.description,
                        verdicts: [], effects: [])
                }
                entries[key]!.verdicts.append(claim.verdict)
                entries[key]!.effects.append(claim.evidence.effect)
            }
        }
        let elapsed = ContinuousClock.now - started
        let provenance = Provenance.current(seed: options.seed, quick: options.quick, packageRoot: packageRoot)
        return Ledger(
            seeds: seeds, quick: options.quick, jobs: options.concurrentRuns,
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            commit: provenance.commit, claims: order.map { entries[$0]! }, lessonsWithoutClaims: withoutClaims.sorted())
    }

    /// Writes `ledger.json` and `ledger.pdf` into `<output>/claims/`; returns their URLs.
    public func write(_ ledger: Ledger, typesetter: PDFTypesetter = PDFTypesetter()) throws -> [URL] {
        let folder = options.outputFolder(packageRoot: packageRoot).appendingPathComponent("claims")
        let json = folder.appendingPathComponent("ledger.json")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        try AtomicFile.write(try encoder.encode(ledger), to: json)
        let pdf = folder.appendingPathComponent("ledger.pdf")
        let document = Document(
            kind: .lesson, title: "Claims ledger", chapters: [Self.chapter(ledger, title: "Claims ledger")],
            metadata: DocumentMetadata(
                seed: ledger.seeds.first ?? 0, toolchain: "", commit: ledger.commit, runningTitle: "Claims ledger"))
        _ = try typesetter.write(document, to: pdf)
        return [json, pdf]
    }

    /// Reads a ledger written earlier, or nil.
    public static func read(from folder: URL) -> Ledger? {
        let url = folder.appendingPathComponent("claims/ledger.json")
        guard let data = try? Data(contentsOf: url) else { return nil }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try? decoder.decode(Ledger.self, from: data)
    }

    /// The audit records of `lesson`'s claims in the ledger under `folder` (empty without one).
    public static func records(of lesson: String, in folder: URL) -> [String: ClaimAuditRecord] {
        guard let ledger = read(from: folder) else { return [:] }
        var records: [String: ClaimAuditRecord] = [:]
        for entry in ledger.claims where entry.lesson == lesson {
            records[entry.claim] = ClaimAuditRecord(holds: entry.holds, seeds: entry.verdicts.count, quick: ledger.quick)
        }
        return records
    }

    /// The ledger as a chapter: a table of claim, lesson, verdict counts and hold rate.
    public static func chapter(_ ledger: Ledger, title: String) -> Chapter {
        let seeds = ledger.seeds.map(String.init).joined(separator: ", ")
        let weak = ledger.claims.filter { $0.holdRate < requiredHoldRate }
        let dirty = ledger.commit.hasSuffix("-dirty") ? " with uncommitted changes" : ""
        let commit = ledger.commit.isEmpty ? "" : " with the code of commit \(ledger.commit.prefix(7))\(dirty)"
        var intro = "Every claim of the course's lessons, evaluated in \(ledger.quick ? "quick" : "full")-mode runs at \(ledger.seeds.count) independent base seeds (\(seeds))\(commit); each base seed gives every training run its own seed, so no run is shared between seeds. A claim that held on fewer than \(Int(requiredHoldRate * 100)) % of the seeds is not stated unconditionally in any lesson."
        intro += " \(ledger.claims.count) claims; \(weak.count) below \(Int(requiredHoldRate * 100)) %."
        if !ledger.lessonsWithoutClaims.isEmpty {
            intro += " Lessons without declared claims yet: \(ledger.lessonsWithoutClaims.joined(separator: ", "))."
        }
        let rows: [[[Inline]]] = ledger.claims.map { entry in
            [
                [.code(entry.claim)], [.text(entry.lesson)], [.text("\(entry.holds)")], [.text("\(entry.mixed)")],
                [.text("\(entry.fails)")], [.text("\(Int((entry.holdRate * 100).rounded())) %")],
            ]
        }
        return Chapter(
            title: title, label: "claims-ledger",
            blocks: [
                .paragraph([.text(intro)]),
                .table(
                    TableBlock(
                        header: ["claim", "lesson", "holds", "mixed", "fails", "hold rate"].map { [.text($0)] },
                        rows: rows, alignments: [.left, .left, .right, .right, .right, .right],
                        caption: [.text("Claims ledger: verdict counts over \(ledger.seeds.count) base seeds (audit wall time \(Int(ledger.seconds.rounded())) s, \(ledger.jobs) concurrent runs).")],
                        label: "tab-claims-ledger")),
            ])
    }
}

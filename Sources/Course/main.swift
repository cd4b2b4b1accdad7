import ArgumentParser
import Foundation
import Lessons
import NeuralKit
import Notebook

/// `swift run course`: builds every written lesson (its experiments, its PDF, figures and
/// results.json) and the whole course into `output/course.pdf`.
struct CourseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "course",
        abstract: "Build every lesson found in lessons/ and the course PDF (output/course.pdf).")

    @OptionGroup var options: LessonOptions

    @Option(help: "Build only these lessons (by name, repeatable); default: all.")
    var lesson: [String] = []

    @Flag(help: "Audit the claims: run every lesson's experiments over --seeds base seeds (from --seed on) and write output/claims/ledger.json and ledger.pdf; the next course build includes the ledger.")
    var audit = false

    @Option(
        parsing: .unconditional,
        help: "How many independent base seeds the audit runs (with --audit; 8 or more for the committed ledger).")
    var seeds: Int?

    func validate() throws {
        if let seeds, seeds < 1 {
            throw ValidationError(
                "--seeds \(seeds): the audit needs at least 1 base seed; use --audit --seeds 8 (or more) for a ledger worth committing")
        }
        if seeds != nil && !audit {
            throw ValidationError("--seeds \(seeds!) only applies to the claims audit; add --audit, e.g. swift run course --audit --seeds 8")
        }
        if options.list && audit {
            throw ValidationError("--list prints the lessons' experiments and exits; leave out --audit, or --list to run the audit")
        }
        if !options.only.isEmpty || !options.overrides.isEmpty {
            throw ValidationError(
                "--only and --set choose experiments of one lesson; use them with that lesson's command, e.g. swift run lesson-dropout --only rate-ablation")
        }
    }

    func run() throws {
        let catalog = LessonCatalog.all
        let unknown = lesson.filter { name in !catalog.contains { $0.name == name } }
        guard unknown.isEmpty else {
            let known = catalog.map(\.name).joined(separator: ", ")
            throw ValidationError("unknown lesson \(unknown.joined(separator: ", ")); the lessons are: \(known.isEmpty ? "none yet" : known)")
        }
        let chosen = lesson.isEmpty ? catalog : catalog.filter { lesson.contains($0.name) }
        let reporter = LessonReporter()
        if options.list {
            // Each lesson's experiments and settings, as `swift run lesson-<name> --list` prints them.
            let builder = LessonBuilder(options: options, reporter: reporter)
            let listings = try chosen.map { lesson in
                "lesson-\(lesson.name): \(lesson.title)\n" + (try builder.listing(lesson))
            }
            print(listings.joined(separator: "\n"), terminator: "")
            print("\nRun one experiment with other settings from its lesson's command, e.g. swift run lesson-dropout --only rate-ablation --set rate-ablation.epochs=100")
            return
        }
        if audit {
            let auditor = ClaimsAudit(options: options, reporter: reporter)
            let ledger = try auditor.run(chosen, seeds: seeds ?? 8)
            let files = try auditor.write(ledger)
            let weak = ledger.claims.filter { $0.holdRate < ClaimsAudit.requiredHoldRate }
            reporter.summarize("\(ledger.claims.count) claims over \(ledger.seeds.count) seeds; \(weak.count) held on fewer than 80 %")
            for entry in weak { reporter.summarize("  \(entry.lesson)/\(entry.claim): \(entry.holds) of \(ledger.seeds.count)") }
            reporter.finish(wrote: files.map(\.path))
            return
        }
        let course = try CourseBuilder(options: options, reporter: reporter).build(chosen)
        var wrote = options.editions.contains(.pdf) ? course.lessons.map { $0.pdf.path } + [course.pdf.path] : []
        if let landing = course.sitePages.first { wrote.append(landing.path + " (\(course.sitePages.count) pages)") }
        reporter.finish(wrote: wrote)
        if !course.skipped.isEmpty {
            print("  (not written yet: \(course.skipped.joined(separator: ", ")))")
        }
    }
}

BLAS.relaunchWithFastKernelsIfNeeded()
CourseCommand.main()

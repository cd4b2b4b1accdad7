import ArgumentParser
import Foundation
import NotebookDocument

/// The command-line options every lesson executable (and `swift run course`) shares:
///
///     swift run lesson-dropout --seed 3 --quick --output /tmp/out --format png --format svg
///
/// Use it in a command with `@OptionGroup var options: LessonOptions`.
public struct LessonOptions: ParsableArguments, Sendable {
    // `.unconditional`: `--seed -1` reads -1 as the value (not as a flag), so the message can say
    // what is wrong with it.
    @Option(
        parsing: .unconditional, help: "The random seed of every experiment; the same seed gives the same numbers.",
        transform: LessonOptions.parseSeed)
    public var seed: UInt64 = LessonOptions.defaultSeed

    @Flag(help: "Small sizes that run in seconds (for tests); the text says the numbers come from a quick run.")
    public var quick: Bool = false

    @Option(help: "The output folder (default: output/ in the package root).")
    public var output: String?

    @Option(
        name: .customLong("format"),
        help: "A file format for the figures; repeat for several.")
    public var formats: [FigureFormat] = [.png, .pdf]

    @Option(
        name: .customLong("edition"),
        help: "An edition to write: pdf (output/<lesson>/<lesson>.pdf) or html (output/<lesson>/index.html; the course: output/site/); repeat for both (the default).")
    public var editions: [Edition] = [.pdf, .html]

    @Option(
        parsing: .unconditional,
        help: "How many training runs (in the course: lessons) go at once (default: one per core; 1 runs them one after the other). Results are identical for every N.")
    public var jobs: Int?

    @Flag(help: "List the lesson's experiments and their settings (values, types, ranges), and exit.")
    public var list: Bool = false

    @Option(
        name: .customLong("only"),
        help: "Run only this experiment (repeatable; see --list); sections of the others are left out with a note.")
    public var only: [String] = []

    @Option(
        name: .customLong("set"),
        help: "Override a setting: --set rate-ablation.epochs=100 (repeatable; see --list).")
    public var overrides: [String] = []

    /// The number of concurrent training runs: `--jobs`, or `ParallelRuns.defaultJobs`.
    public var concurrentRuns: Int { jobs ?? ParallelRuns.defaultJobs }

    /// `--set experiment.setting=value`, split.
    public var settingOverrides: [(experiment: String, setting: String, value: String)] {
        overrides.compactMap(Self.splitOverride)
    }

    static func splitOverride(_ text: String) -> (experiment: String, setting: String, value: String)? {
        guard let equals = text.firstIndex(of: "=") else { return nil }
        let key = text[..<equals]
        guard let dot = key.firstIndex(of: ".") else { return nil }
        let experiment = String(key[..<dot]).trimmingCharacters(in: .whitespaces)
        let setting = String(key[key.index(after: dot)...]).trimmingCharacters(in: .whitespaces)
        guard !experiment.isEmpty, !setting.isEmpty else { return nil }
        return (experiment, setting, String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces))
    }

    /// `--seed`'s value: a whole number from 0 to 2⁶⁴ − 1.
    static func parseSeed(_ text: String) throws -> UInt64 {
        guard let seed = UInt64(text) else {
            throw ValidationError("the seed must be a non-negative integer (0 to \(UInt64.max)), got \(text)")
        }
        return seed
    }

    /// The seed used when `--seed` is not given.
    public static let defaultSeed: UInt64 = 7

    public init() {}

    /// Options for code (tests, the course builder), without parsing a command line.
    public init(
        seed: UInt64 = LessonOptions.defaultSeed, quick: Bool = false, output: String? = nil,
        formats: [FigureFormat] = [.png, .pdf], editions: [Edition] = [.pdf, .html], jobs: Int? = nil,
        only: [String] = [], overrides: [String] = []
    ) {
        self.seed = seed
        self.quick = quick
        self.output = output
        self.formats = formats
        self.editions = editions
        self.jobs = jobs
        self.only = only
        self.overrides = overrides
    }

    public mutating func validate() throws {
        if formats.isEmpty {
            throw ValidationError("--format needs at least one of png, pdf, svg")
        }
        if editions.isEmpty {
            throw ValidationError("--edition needs at least one of pdf, html")
        }
        if let jobs, jobs < 1 {
            throw ValidationError(
                "--jobs \(jobs): the number of concurrent training runs must be at least 1; use --jobs 1 to run them one after the other, or leave it out for one per core")
        }
        for text in overrides where Self.splitOverride(text) == nil {
            throw ValidationError(
                "--set \(text): write --set <experiment>.<setting>=<value>, e.g. --set rate-ablation.epochs=100 (--list shows the names)")
        }
    }

    /// The output folder: `--output` (relative to the current directory) or `<root>/output`.
    public func outputFolder(packageRoot: URL) -> URL {
        guard let output else { return packageRoot.appendingPathComponent("output") }
        return URL(fileURLWithPath: output, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
            .standardizedFileURL
    }
}

extension FigureFormat: ExpressibleByArgument {}

/// An edition of a lesson or of the course (`--edition`).
public enum Edition: String, CaseIterable, Sendable, ExpressibleByArgument {
    /// The typeset PDF.
    case pdf
    /// The HTML pages (`index.html`; the course: a site in `output/site/`).
    case html
}

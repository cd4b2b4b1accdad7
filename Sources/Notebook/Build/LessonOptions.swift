import ArgumentParser
import Foundation
import NotebookDocument

/// The command-line options every lesson executable (and `swift run course`) shares:
///
///     swift run lesson-dropout --seed 3 --quick --output /tmp/out --format png --format svg
///
/// Use it in a command with `@OptionGroup var options: LessonOptions`.
public struct LessonOptions: ParsableArguments, Sendable {
    @Option(help: "The random seed of every experiment; the same seed gives the same numbers.")
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

    /// The seed used when `--seed` is not given.
    public static let defaultSeed: UInt64 = 7

    public init() {}

    /// Options for code (tests, the course builder), without parsing a command line.
    public init(
        seed: UInt64 = LessonOptions.defaultSeed, quick: Bool = false, output: String? = nil,
        formats: [FigureFormat] = [.png, .pdf], editions: [Edition] = [.pdf, .html]
    ) {
        self.seed = seed
        self.quick = quick
        self.output = output
        self.formats = formats
        self.editions = editions
    }

    public mutating func validate() throws {
        if formats.isEmpty {
            throw ValidationError("--format needs at least one of png, pdf, svg")
        }
        if editions.isEmpty {
            throw ValidationError("--edition needs at least one of pdf, html")
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

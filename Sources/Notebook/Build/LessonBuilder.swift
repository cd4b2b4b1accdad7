import Foundation
import NotebookDocument
import NotebookHTML
import NotebookPDF
import Playground

/// Builds one lesson end to end: runs its experiments, reads its Markdown source, resolves every
/// directive and role against the run's results, writes the figures and `results.json`, and
/// typesets `output/<lesson>/<lesson>.pdf`.
///
/// ```swift
/// let builder = LessonBuilder(options: options)
/// try builder.build(dropoutLesson)   // output/dropout/dropout.pdf, figures/, results.json
/// ```
/// A mistake in the source (unknown result, figure, snippet, label, directive) fails the build
/// with `file:line` and the name (`LessonSourceErrors`); `results.json` is still written, so the
/// names that do exist can be looked up.
public struct LessonBuilder {
    /// The folder with `Package.swift`, `lessons/` and `Sources/`.
    public var packageRoot: URL
    /// Where `<lesson>/` folders go (and `course.pdf`).
    public var outputFolder: URL
    public var options: LessonOptions
    public var reporter: LessonReporter
    /// The typesetter's settings.
    public var typesetter: PDFTypesetter
    /// The HTML edition's settings.
    public var htmlEdition = HTMLEdition()

    public init(
        options: LessonOptions = LessonOptions(), packageRoot: URL = PackageRoot.locate(),
        reporter: LessonReporter = LessonReporter(), typesetter: PDFTypesetter = PDFTypesetter()
    ) {
        self.packageRoot = packageRoot
        self.outputFolder = options.outputFolder(packageRoot: packageRoot)
        self.options = options
        self.reporter = reporter
        self.typesetter = typesetter
    }

    /// What building a lesson produced.
    public struct BuiltLesson {
        public var definition: LessonDefinition
        /// The lesson as a chapter, ready to be gathered into a course.
        public var chapter: Chapter
        public var results: ResultsStore
        public var provenance: Provenance
        /// `output/<lesson>/<lesson>.pdf`.
        public var pdf: URL
        /// `output/<lesson>/results.json`.
        public var resultsFile: URL
        /// Every figure file written.
        public var figureFiles: [URL]
        /// The number of pages of the lesson's PDF (0 when the PDF edition was not asked for).
        public var pageCount: Int
        /// `output/<lesson>/index.html`, when the HTML edition was asked for.
        public var html: URL?
    }

    /// The lesson's Markdown source file.
    public func sourceURL(of lesson: LessonDefinition) -> URL {
        packageRoot.appendingPathComponent(lesson.sourcePath)
    }

    /// Whether the lesson's source exists (lessons not written yet are skipped by the course).
    public func sourceExists(for lesson: LessonDefinition) -> Bool {
        FileManager.default.fileExists(atPath: sourceURL(of: lesson).path)
    }

    /// Builds `lesson` into its folder and returns what it wrote.
    ///
    /// The run writes into a staging folder beside `output/<lesson>/` and replaces the folder
    /// whole at the end (`StagedOutputFolder`): a run that fails or is interrupted leaves the old
    /// complete output. Files in the folder that this tool did not write are kept.
    @discardableResult
    public func build(_ lesson: LessonDefinition, snippets: SnippetLibrary? = nil) throws -> BuiltLesson {
        try run(lesson, snippets: snippets, typesets: true)
    }

    /// Everything but the PDF: runs the experiments, writes figures and `results.json` (replacing
    /// the lesson's folder whole, as `build` does), and assembles the chapter.
    public func prepare(_ lesson: LessonDefinition, snippets: SnippetLibrary? = nil) throws -> BuiltLesson {
        try run(lesson, snippets: snippets, typesets: false)
    }

    private func run(_ lesson: LessonDefinition, snippets: SnippetLibrary?, typesets: Bool) throws -> BuiltLesson {
        let text = try readSource(of: lesson)
        // Before any training: a bad --output fails now, not after minutes of work.
        try OutputFolderCheck.check(outputFolder)
        let destination = outputFolder.appendingPathComponent(lesson.name)
        let staged = try StagedOutputFolder(destination: destination, lesson: lesson.name)
        do {
            var built = try runExperiments(lesson, text: text, snippets: snippets, writingInto: staged.staging)
            if typesets {
                let document = Document(
                    kind: .lesson, title: built.chapter.title, subtitle: lesson.subtitle, chapters: [built.chapter],
                    metadata: Self.metadata(built.provenance, runningTitle: built.chapter.title))
                if options.editions.contains(.pdf) {
                    built.pageCount = try typesetter.write(
                        document, to: staged.staging.appendingPathComponent(built.pdf.lastPathComponent))
                }
                if options.editions.contains(.html) {
                    let page = try htmlEdition.writeLesson(document, into: staged.staging)
                    built.html = destination.appendingPathComponent(page.lastPathComponent)
                }
            }
            try staged.commit()
            return built
        } catch let error as LessonSourceErrors where !FileManager.default.fileExists(atPath: destination.path) {
            // A first run with mistakes in its source: keep its results.json (nothing older to
            // keep), so the names that do exist can be looked up.
            try? staged.commit()
            throw error
        } catch {
            staged.discard()
            throw error
        }
    }

    /// Runs the experiments, writes figures and `results.json` into `staging`, and assembles
    /// the chapter; the returned file locations are the final ones, in `output/<lesson>/`.
    private func runExperiments(
        _ lesson: LessonDefinition, text: String, snippets: SnippetLibrary?, writingInto staging: URL
    ) throws -> BuiltLesson {
        let folder = outputFolder.appendingPathComponent(lesson.name)
        let provenance = Provenance.current(seed: options.seed, quick: options.quick, packageRoot: packageRoot)
        BLASThreads.pinForReproducibility()

        // 1. The experiments (a misspelt --only or --set fails before any training).
        let plan = try plan(for: lesson)
        let partial = plan.skipped.isEmpty ? "" : ", only \(plan.selected.map(\.id).joined(separator: ", "))"
        reporter.section(
            "Lesson \(lesson.name): \(lesson.title) (seed \(options.seed)\(options.quick ? ", quick" : "")\(partial))")
        let results = ResultsStore(lesson: lesson.name)
        if lesson.plan.isEmpty {
            let context = ExperimentContext(
                lesson: lesson.name, quick: options.quick, seed: options.seed, results: results, reporter: reporter,
                jobs: options.concurrentRuns)
            do {
                try lesson.experiments(context)
            } catch {
                throw LessonBuildError.experimentsFailed(lesson: lesson.name, underlying: "\(error)")
            }
        } else {
            try run(plan, of: lesson, into: results)
        }

        // 2. The text, resolved against the results.
        let library = try snippets ?? SnippetLibrary.scan(packageRoot: packageRoot)
        var assemblerContext = LessonAssembler.Context(
            file: lesson.sourcePath, results: results, snippets: library, seed: options.seed, quick: options.quick,
            exerciseSheets: exerciseSheets())
        assemblerContext.omittedSections = plan.omittedSections
        assemblerContext.rerunCommand = "swift run lesson-\(lesson.name)"
        assemblerContext.playgroundLinks = Preset.links(forLesson: lesson.name)
        assemblerContext.bibliography = try bibliography()
        assemblerContext.auditRecords = ClaimsAudit.records(of: lesson.name, in: outputFolder)
        let assembler = LessonAssembler(context: assemblerContext)
        let resultsURL = folder.appendingPathComponent("results.json")
        let experimentEntries = experimentEntries(plan, of: lesson, results: results)
        let stagedResultsURL = staging.appendingPathComponent("results.json")
        let assembled: LessonAssembler.Output
        do {
            assembled = try assembler.assemble(text)
        } catch {
            try? ResultsFile(
                store: results, provenance: provenance, figureFiles: [:], usedByText: [],
                experiments: experimentEntries
            ).write(to: stagedResultsURL)
            throw error
        }

        // 3. Figures and results.json.
        let figureFiles = try FigureExporter.write(results, formats: options.formats, into: staging)
        try ResultsFile(
            store: results, provenance: provenance, figureFiles: figureFiles, usedByText: assembled.usedResults,
            statements: assembled.claimStatements, experiments: experimentEntries
        ).write(to: stagedResultsURL)

        var colophon: [DocumentMetadata.Field] = [
            .init("Seed", "\(options.seed)\(options.quick ? " (quick run)" : "")"),
            .init("Results", displayPath(resultsURL)),
        ]
        let overrides = plan.sheets.keys.sorted().flatMap { id in
            plan.sheets[id]!.overrides.map { "\(id).\($0.name) = \($0.value)" }
        }
        if !overrides.isEmpty { colophon.append(.init("Settings changed", overrides.joined(separator: "; "))) }
        if !plan.skipped.isEmpty {
            colophon.append(.init("Experiments run", plan.selected.map(\.id).joined(separator: ", ") + " (--only)"))
        }
        let chapter = Chapter(
            title: assembled.title ?? lesson.title, label: lesson.name, subtitle: lesson.subtitle,
            blocks: assembled.blocks + Self.claimsSection(
                results.orderedClaims, statements: assembled.claimStatements, audit: assemblerContext.auditRecords)
                + ReferenceList.section(assembled.references),
            colophon: colophon)
        return BuiltLesson(
            definition: lesson, chapter: chapter, results: results, provenance: provenance,
            pdf: folder.appendingPathComponent("\(lesson.name).pdf"), resultsFile: resultsURL,
            figureFiles: figureFiles.values.flatMap { $0 }.sorted().map { folder.appendingPathComponent($0) },
            pageCount: 0, html: nil)
    }

    /// The lesson's Markdown source as text. Throws `LessonBuildError` naming the file: missing,
    /// unreadable, not UTF-8 (with the line and byte of the first bad byte), or empty.
    func readSource(of lesson: LessonDefinition) throws -> String {
        let url = sourceURL(of: lesson)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw LessonBuildError.missingSource(lesson: lesson.name, path: lesson.sourcePath)
        }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: url))
        } catch {
            throw LessonBuildError.unreadableSource(
                lesson: lesson.name, path: lesson.sourcePath, reason: (error as NSError).localizedDescription)
        }
        if let offset = Self.firstInvalidUTF8Byte(in: bytes) {
            let line = bytes[..<offset].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
            throw LessonBuildError.invalidUTF8(
                lesson: lesson.name, path: lesson.sourcePath, line: line, byteOffset: offset, byte: bytes[offset])
        }
        let text = String(decoding: bytes, as: UTF8.self)
        if text.allSatisfy(\.isWhitespace) {
            throw LessonBuildError.emptySource(lesson: lesson.name, path: lesson.sourcePath)
        }
        return text
    }

    /// The offset of the first byte that is not part of a valid UTF-8 sequence, or `nil`.
    static func firstInvalidUTF8Byte(in bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    /// The file names in `lessons/exercises/` (empty if the folder does not exist).
    /// The course's references (`lessons/references.json`), or `nil` when the package has no such
    /// file; a malformed file stops the build with the entry and the fix.
    func bibliography() throws -> Bibliography? {
        let url = packageRoot.appendingPathComponent(Bibliography.path)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        return try Bibliography.read(from: url)
    }

    func exerciseSheets() -> [String] {
        let folder = packageRoot.appendingPathComponent("lessons/exercises")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".md") }.sorted()
    }

    /// `url` relative to the package root when it is inside it (`output/dropout/results.json`).
    func displayPath(_ url: URL) -> String {
        let root = packageRoot.standardizedFileURL.path + "/"
        let path = url.standardizedFileURL.path
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }

    /// The colophon and footer facts of a run.
    static func metadata(_ provenance: Provenance, runningTitle: String?) -> DocumentMetadata {
        var extra: [DocumentMetadata.Field] = []
        if provenance.quick { extra.append(.init("Mode", "quick run (--quick): small sizes, numbers are rough")) }
        return DocumentMetadata(
            seed: provenance.seed, toolchain: provenance.toolchain, commit: provenance.commit,
            runningTitle: runningTitle, extraFields: extra)
    }
}

/// Why a lesson could not be built (besides mistakes in its source, `LessonSourceErrors`).
public enum LessonBuildError: Error, CustomStringConvertible {
    case missingSource(lesson: String, path: String)
    case unreadableSource(lesson: String, path: String, reason: String)
    case invalidUTF8(lesson: String, path: String, line: Int, byteOffset: Int, byte: UInt8)
    case emptySource(lesson: String, path: String)
    case experimentsFailed(lesson: String, underlying: String)
    case lessonsFailed([String])
    case noLessons
    /// A `--only` or `--set` that names no experiment or setting, or a value out of range.
    case badSelection(String)

    public var description: String {
        switch self {
        case .missingSource(let lesson, let path):
            return "lesson '\(lesson)': its source \(path) does not exist; write it or fix `sourcePath`"
        case .unreadableSource(let lesson, let path, let reason):
            return "lesson '\(lesson)': its source \(path) cannot be read (\(reason)); check its permissions"
        case .invalidUTF8(let lesson, let path, let line, let offset, let byte):
            let hex = "0x" + String(byte, radix: 16, uppercase: true)
            return "\(path):\(line): lesson '\(lesson)': the file is not valid UTF-8 (byte \(offset) of the file, \(hex), "
                + "is not part of a UTF-8 character); save it as UTF-8"
        case .emptySource(let lesson, let path):
            return "lesson '\(lesson)': its source \(path) is empty; write the lesson there (a `# Title` line, then its text)"
        case .experimentsFailed(let lesson, let underlying):
            return "lesson '\(lesson)': the experiments failed: \(underlying)"
        case .lessonsFailed(let messages):
            return "\(messages.count) lesson\(messages.count == 1 ? "" : "s") failed to build:\n" + messages.joined(separator: "\n")
        case .badSelection(let message):
            return message
        case .noLessons:
            return "no lesson has a source in lessons/ (or none is registered in LessonCatalog.all); write lessons/<name>.md and register its LessonDefinition"
        }
    }
}

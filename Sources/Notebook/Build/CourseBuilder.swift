import Foundation
import NotebookDocument
import NotebookHTML
import NotebookPDF

/// Builds the course: every lesson whose source exists in `lessons/` (lessons not written yet are
/// absent), each into its own PDF, and all of them into `output/course.pdf` with a title page, a
/// table of contents, numbered chapters, figure and table numbers that carry the chapter, and an
/// index of exercises (the typesetter draws the front and back matter).
public struct CourseBuilder {
    public var lessonBuilder: LessonBuilder
    /// The course title on the title page.
    public var title: String
    public var subtitle: String?

    public init(
        options: LessonOptions = LessonOptions(), packageRoot: URL = PackageRoot.locate(),
        reporter: LessonReporter = LessonReporter(), title: String = "Regularize",
        subtitle: String? = "Regularization in deep learning, by experiment"
    ) {
        self.lessonBuilder = LessonBuilder(options: options, packageRoot: packageRoot, reporter: reporter)
        self.title = title
        self.subtitle = subtitle
    }

    /// What the course build wrote.
    public struct BuiltCourse {
        public var lessons: [LessonBuilder.BuiltLesson]
        /// Lessons skipped because their source does not exist yet.
        public var skipped: [String]
        /// `output/course.pdf`.
        public var pdf: URL
        public var pageCount: Int
        /// The pages of `output/site/` (the landing page first), when the HTML edition was asked for.
        public var sitePages: [URL]
    }

    /// Builds every lesson of `lessons` that has a source, then the course PDF. If a lesson fails,
    /// the others are still built, and the error lists every failure; no course PDF is written.
    @discardableResult
    public func build(_ lessons: [LessonDefinition]) throws -> BuiltCourse {
        let reporter = lessonBuilder.reporter
        try OutputFolderCheck.check(lessonBuilder.outputFolder)
        let snippets = try SnippetLibrary.scan(packageRoot: lessonBuilder.packageRoot)
        var built: [LessonBuilder.BuiltLesson] = []
        var skipped: [String] = []
        var failures: [String] = []
        let present = lessons.filter { lesson in
            guard lessonBuilder.sourceExists(for: lesson) else {
                skipped.append(lesson.name)
                reporter.note("skipping lesson '\(lesson.name)': \(lesson.sourcePath) is not written yet")
                return false
            }
            return true
        }
        for outcome in try buildLessons(present, snippets: snippets) {
            switch outcome {
            case .success(let lesson): built.append(lesson)
            case .failure(let error): failures.append("\(error)")
            }
        }
        if !failures.isEmpty { throw LessonBuildError.lessonsFailed(failures) }
        guard !built.isEmpty else {
            throw LessonBuildError.noLessons
        }
        let provenance = built[0].provenance
        var chapters = built.map(\.chapter)
        if let references = Chapter.referencesAppendix(of: chapters) { chapters.append(references) }
        // The claims ledger of the last audit (`swift run course --audit --seeds K`), as an appendix.
        if let ledger = ClaimsAudit.read(from: lessonBuilder.outputFolder) {
            chapters.append(ClaimsAudit.chapter(ledger, title: "Appendix: claims ledger"))
        }
        let document = Document(
            kind: .course, title: title, subtitle: subtitle, chapters: chapters,
            metadata: LessonBuilder.metadata(provenance, runningTitle: title))
        let pdf = lessonBuilder.outputFolder.appendingPathComponent("course.pdf")
        let (pages, site) = try writeEditions(document, pdf: pdf)
        return BuiltCourse(lessons: built, skipped: skipped, pdf: pdf, pageCount: pages, sitePages: site)
    }
}

extension CourseBuilder {
    /// One edition of the course document: the PDF's page count or the site's pages.
    private enum WrittenEdition {
        case pdf(pages: Int)
        case site(pages: [URL])
    }

    /// Writes the course PDF and the site, side by side with `--jobs` above 1: they are two
    /// renderings of one finished document and share nothing they write. Returns the PDF's page
    /// count (0 without the PDF edition) and the site's pages (none without the HTML edition).
    func writeEditions(_ document: Document, pdf: URL) throws -> (pages: Int, site: [URL]) {
        let editions = lessonBuilder.options.editions
        var work: [() throws -> WrittenEdition] = []
        if editions.contains(.pdf) { work.append { .pdf(pages: try lessonBuilder.typesetter.write(document, to: pdf)) } }
        if editions.contains(.html) { work.append { .site(pages: try writeSite(document)) } }
        let written = try ParallelRuns.map(work.count, jobs: lessonBuilder.options.concurrentRuns) { try work[$0]() }
        var pages = 0
        var site: [URL] = []
        for edition in written {
            switch edition {
            case .pdf(let count): pages = count
            case .site(let urls): site = urls
            }
        }
        return (pages, site)
    }
}

extension CourseBuilder {
    /// Writes `output/site/` as the lessons' folders are written: into a staging folder that
    /// replaces the old site whole at the end, so an interrupted build leaves the old complete site
    /// (and files in it that this tool did not write are kept). Returns the final page locations.
    func writeSite(_ document: Document) throws -> [URL] {
        let destination = lessonBuilder.outputFolder.appendingPathComponent("site")
        let staged = try StagedOutputFolder(destination: destination, lesson: StagedOutputFolder.siteName)
        do {
            let pages = try lessonBuilder.htmlEdition.writeSite(document, into: staged.staging)
            try staged.commit()
            let stagingPath = staged.staging.standardizedFileURL.path
            return pages.map { page in
                destination.appendingPathComponent(String(page.standardizedFileURL.path.dropFirst(stagingPath.count + 1)))
            }
        } catch {
            staged.discard()
            throw error
        }
    }

    /// Builds `lessons` (each lesson's PDF, figures and results.json; their web pages are the
    /// site's), in order or (with `--jobs` above 1) several at once under one budget of `--jobs`
    /// busy threads (`ConcurrentLessons`); returns each lesson's outcome in the order given.
    func buildLessons(
        _ lessons: [LessonDefinition], snippets: SnippetLibrary
    ) throws -> [Result<LessonBuilder.BuiltLesson, any Error>] {
        let reporter = lessonBuilder.reporter
        // The course's web edition is output/site/, with every lesson as a page; the lessons'
        // own single-page editions (output/<lesson>/index.html, from swift run lesson-<name>) would
        // repeat every figure a second time.
        var lessonBuilder = lessonBuilder
        lessonBuilder.options.editions.removeAll { $0 == .html }
        let jobs = min(lessonBuilder.options.concurrentRuns, lessons.count)
        guard jobs > 1 else {
            return lessons.map { lesson in
                let outcome = Result { try lessonBuilder.build(lesson, snippets: snippets) }
                if case .failure(let error) = outcome { reporter.note("lesson '\(lesson.name)' failed:\n\(error)") }
                return outcome
            }
        }
        reporter.section(
            "Building \(lessons.count) lessons, \(jobs) at a time (each lesson's narrative appears when it ends)")
        return try ConcurrentLessons.map(lessons.count, jobs: jobs, reporter: reporter) { index, own in
            var builder = lessonBuilder
            builder.reporter = own
            let outcome = Result { try builder.build(lessons[index], snippets: snippets) }
            if case .failure(let error) = outcome { own.note("lesson '\(lessons[index].name)' failed:\n\(error)") }
            return outcome
        }
    }
}

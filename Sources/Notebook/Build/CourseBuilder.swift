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
        for lesson in lessons {
            guard lessonBuilder.sourceExists(for: lesson) else {
                skipped.append(lesson.name)
                reporter.note("skipping lesson '\(lesson.name)': \(lesson.sourcePath) is not written yet")
                continue
            }
            do {
                built.append(try lessonBuilder.build(lesson, snippets: snippets))
            } catch {
                failures.append("\(error)")
                reporter.note("lesson '\(lesson.name)' failed:\n\(error)")
            }
        }
        if !failures.isEmpty { throw LessonBuildError.lessonsFailed(failures) }
        guard !built.isEmpty else {
            throw LessonBuildError.noLessons
        }
        let provenance = built[0].provenance
        var chapters = built.map(\.chapter)
        // The claims ledger of the last audit (`swift run course --audit --seeds K`), as an appendix.
        if let ledger = ClaimsAudit.read(from: lessonBuilder.outputFolder) {
            chapters.append(ClaimsAudit.chapter(ledger, title: "Appendix: claims ledger"))
        }
        let document = Document(
            kind: .course, title: title, subtitle: subtitle, chapters: chapters,
            metadata: LessonBuilder.metadata(provenance, runningTitle: title))
        let pdf = lessonBuilder.outputFolder.appendingPathComponent("course.pdf")
        let editions = lessonBuilder.options.editions
        let pages = editions.contains(.pdf) ? try lessonBuilder.typesetter.write(document, to: pdf) : 0
        let site = editions.contains(.html)
            ? try lessonBuilder.htmlEdition.writeSite(
                document, into: lessonBuilder.outputFolder.appendingPathComponent("site"))
            : []
        return BuiltCourse(lessons: built, skipped: skipped, pdf: pdf, pageCount: pages, sitePages: site)
    }
}

/// A typeset-ready lesson or course: the document model shared by the notebook front end (which
/// builds it from a lesson's Markdown and the results of a run) and the PDF typesetter (which lays
/// it out on A4 pages).
///
/// The model is plain values. Everything the typesetter must decide is left to it:
/// - **Numbering.** Sections, figures, tables, listings, labelled equations and exercises are
///   numbered by the typesetter in reading order (see ``DocumentNumbering``). In a lesson the
///   numbers are `1, 2, …`; in a course they carry the chapter: `3.1, 3.2, …`. So the front end
///   never writes "Figure 3" itself: it writes ``Inline/reference(_:)`` and the typesetter
///   prints the number and makes it a clickable link.
/// - **Labels** are scoped to their chapter: a reference is looked up in its own chapter first,
///   then in the whole document (where it must be unique). So lessons keep their short labels
///   (`fig-ablation`) when they are gathered into a course.
///
/// A lesson PDF is a document of kind ``Kind/lesson`` with one chapter; the course PDF is a
/// document of kind ``Kind/course`` with one chapter per lesson, which adds a title page, a table
/// of contents with page numbers and an index of exercises.
public struct Document: Sendable {
    /// What the document is, which decides its front matter.
    public enum Kind: Sendable, Equatable {
        /// One lesson: a title block on the first page, then the text.
        case lesson
        /// Several lessons: a title page, a table of contents, one chapter per lesson starting on
        /// a new page, and an index of exercises at the end.
        case course
    }

    public var kind: Kind
    /// The title of the lesson or course, plain text (also the PDF's title metadata).
    public var title: String
    /// An optional line under the title.
    public var subtitle: String?
    /// Author names, printed under the title.
    public var authors: [String]
    /// The chapters: exactly one for a lesson, one per lesson for a course.
    public var chapters: [Chapter]
    /// How the document was made: seed, toolchain, commit, date; printed in the colophon.
    public var metadata: DocumentMetadata

    public init(
        kind: Kind = .lesson, title: String, subtitle: String? = nil, authors: [String] = [],
        chapters: [Chapter], metadata: DocumentMetadata = DocumentMetadata()
    ) {
        self.kind = kind
        self.title = title
        self.subtitle = subtitle
        self.authors = authors
        self.chapters = chapters
        self.metadata = metadata
    }
}

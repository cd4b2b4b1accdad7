/// One lesson of a document: a titled sequence of blocks.
///
/// In a course each chapter starts on a new page and gets a chapter number; its sections are
/// numbered `3.1, 3.2, …`. The chapter title appears in the running header of its pages, in the
/// PDF bookmarks and in the table of contents.
public struct Chapter: Sendable {
    /// The chapter's title, plain text.
    public var title: String
    /// A label other chapters can refer to with ``Inline/reference(_:)`` (printed "Chapter 3").
    public var label: String?
    /// An optional line under the chapter title (e.g. a one-sentence summary of the lesson).
    public var subtitle: String?
    /// The content, in reading order.
    public var blocks: [Block]
    /// Chapter-specific colophon lines (e.g. the seed of this lesson's run inside a course), printed
    /// in small type at the end of the chapter.
    public var colophon: [DocumentMetadata.Field]

    public init(
        title: String, label: String? = nil, subtitle: String? = nil, blocks: [Block],
        colophon: [DocumentMetadata.Field] = []
    ) {
        self.title = title
        self.label = label
        self.subtitle = subtitle
        self.blocks = blocks
        self.colophon = colophon
    }
}

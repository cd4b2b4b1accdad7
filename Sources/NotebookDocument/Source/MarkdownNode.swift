/// One node of the Markdown tree that cmark-gfm parsed, copied into Swift values so the rest of the
/// front end never touches C pointers.
struct MarkdownNode {
    enum Kind: Equatable {
        case document, paragraph, heading(level: Int), codeBlock(info: String), htmlBlock
        case blockQuote, list(ordered: Bool, start: Int), item, thematicBreak
        case table(alignments: [Character]), tableRow(isHeader: Bool), tableCell
        case text, softBreak, lineBreak, code, emphasis, strong, link(url: String)
        case image(url: String), htmlInline, strikethrough, other(String)
    }

    var kind: Kind
    /// The text of text, code, code-block and HTML nodes.
    var literal: String
    /// The source line where the node starts (1-based, relative to the parsed text).
    var line: Int
    var children: [MarkdownNode]
}

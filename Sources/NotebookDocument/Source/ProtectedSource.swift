/// A lesson source ready for cmark-gfm: every math span, role and directive replaced by a
/// placeholder token that Markdown leaves alone, on the same line as the original, so that
/// cmark's line numbers are the source's line numbers.
///
/// cmark-gfm would otherwise read `$a*b*c$` as emphasis and eat the backslashes of `\alpha`.
struct ProtectedSource {
    /// What a placeholder stands for.
    enum Content: Equatable {
        case inlineMath(String)
        case displayMath(String, label: String?)
        case role(name: String, content: String)
        case directive(Directive)
    }

    struct Placeholder: Equatable {
        var content: Content
        var location: SourceLocation
    }

    /// A `(label)=` line: the label of the next heading.
    struct HeadingLabel: Equatable {
        var label: String
        var location: SourceLocation
    }

    /// The Markdown with placeholders, line for line like the source.
    var markdown: String
    var placeholders: [Placeholder]
    var headingLabels: [HeadingLabel]

    /// Marks an inline placeholder: U+E000, the index, U+E001.
    static let inlineStart: Character = "\u{E000}"
    /// Marks a block placeholder: U+E002, the index, U+E001.
    static let blockStart: Character = "\u{E002}"
    static let end: Character = "\u{E001}"

    static func inlineToken(_ index: Int) -> String { "\(inlineStart)\(index)\(end)" }
    static func blockToken(_ index: Int) -> String { "\(blockStart)\(index)\(end)" }
}

/// A piece of running text inside a paragraph, heading, caption or table cell.
///
/// Text is plain Unicode (every renderer escapes it); math is a parsed ``MathFormula`` that each
/// renderer sets in its own way.
public enum Inline: Sendable, Equatable {
    /// Plain text. Soft line breaks of the source should arrive as a single space.
    case text(String)
    /// Italic text.
    case emphasis([Inline])
    /// Bold text.
    case strong([Inline])
    /// Inline code, set in the monospace font.
    case code(String)
    /// Inline math: a formula of the lesson's TeX subset, e.g. `E[y] = a` or `w_{ij}`.
    case math(MathFormula)
    /// A link to a web address, shown as `content`.
    case link(url: String, content: [Inline])
    /// A link to a labelled place in this document, shown as `content`.
    case internalLink(label: String, content: [Inline])
    /// A cross-reference to a labelled figure, table, listing, equation, section, exercise or
    /// chapter, printed as "Figure 3", "Table 2.1", "Equation (4)", "Section 1.2", "Listing 1",
    /// "Exercise 2", "Chapter 3" and linked to its target.
    case reference(_ label: String)
    /// Like ``reference(_:)`` but prints only the number ("3", "2.1", "(4)"), for prose such as
    /// "Figures 3 and 4".
    case referenceNumber(_ label: String)
    /// A forced line break.
    case lineBreak
}

extension Inline {
    /// The text without formatting: for bookmarks, the table of contents and error messages.
    /// Math keeps its characters but loses its layout.
    public var plainText: String {
        switch self {
        case .text(let string), .code(let string): return string
        case .emphasis(let content), .strong(let content), .link(_, let content),
             .internalLink(_, let content):
            return content.plainText
        case .math(let formula): return formula.plainText
        case .reference(let label), .referenceNumber(let label): return label
        case .lineBreak: return " "
        }
    }
}

extension Array where Element == Inline {
    /// The concatenated ``Inline/plainText`` of the elements.
    public var plainText: String { map(\.plainText).joined() }
}

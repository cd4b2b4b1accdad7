import NotebookDocument

/// Light syntax colouring for Swift listings, as Pango markup: the pieces of ``SwiftTokenizer``
/// (keywords, types, strings, comments, numbers and attributes) in the colours of Xcode's light
/// theme (muted for print).
enum SwiftSyntaxHighlighter {
    static let keywordColor = "#9b2393"
    static let typeColor = "#0b4f79"
    static let stringColor = "#c41a16"
    static let commentColor = "#5d6c79"
    static let numberColor = "#1c00cf"
    static let attributeColor = "#815f03"

    static func color(of kind: SwiftTokenizer.Kind) -> String? {
        switch kind {
        case .plain: return nil
        case .keyword, .directive: return keywordColor
        case .type: return typeColor
        case .string: return stringColor
        case .comment: return commentColor
        case .number: return numberColor
        case .attribute: return attributeColor
        }
    }

    /// The markup of `source`, every character escaped and coloured.
    static func markup(for source: String) -> String {
        var output = ""
        for token in SwiftTokenizer.tokens(source) {
            let escaped = escapeMarkup(token.text)
            guard let color = color(of: token.kind) else { output += escaped; continue }
            let style = token.kind == .comment ? " font_style=\"italic\"" : ""
            output += "<span foreground=\"\(color)\"\(style)>\(escaped)</span>"
        }
        return output
    }
}

/// Escaping of untrusted text for HTML. A lesson's text, captions, code and values are untrusted
/// input: every character that could open markup is written as a character reference, so no
/// lesson can inject an element, an attribute or a script into a page.
public enum HTMLEscaping {
    /// `text` for an element's content: `&`, `<`, `>` escaped (quotes too, so the same text is
    /// safe in attributes).
    public static func text(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            case "\u{0}": escaped += "\u{FFFD}"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return escaped
    }

    /// `value` for a double-quoted attribute value (the same escaping as ``text(_:)``).
    public static func attribute(_ value: String) -> String { text(value) }
}

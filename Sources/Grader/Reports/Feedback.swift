/// Student-controlled text (error messages, thrown errors, file names) on its way into a report:
/// capped in length, and escaped for the format it lands in. Feedback is data, never markup.
public enum Feedback {
    /// At most `limit` characters, with a note when cut.
    public static func cap(_ text: String, _ limit: Int = 2000) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + " … (cut: \(text.count) characters)"
    }

    /// Text that Markdown shows literally: every punctuation character that could start markup is
    /// backslash-escaped, `<` and `&` become entities, control characters are dropped. Line breaks
    /// stay line breaks (each line is escaped on its own).
    public static func markdown(_ text: String) -> String {
        var result = ""
        for character in cap(text) {
            switch character {
            case "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "-", ".", "!", "|", "~", ">", "\"", "'", "=", ":", "$":
                result += "\\" + String(character)
            case "<": result += "&lt;"
            case "&": result += "&amp;"
            case "\n": result += "  \n"
            case "\r", "\t": result += " "
            default:
                if character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) { result.append(character) }
            }
        }
        return result
    }

    /// Text for an HTML element or attribute.
    public static func html(_ text: String) -> String {
        var result = ""
        for character in cap(text) {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default:
                if character == "\n" || character.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7f }) {
                    result.append(character)
                }
            }
        }
        return result
    }

    /// Text for XML content or attributes, with characters XML 1.0 forbids removed.
    public static func xml(_ text: String) -> String {
        var result = ""
        for scalar in cap(text).unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default:
                let v = scalar.value
                if v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000 {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}

extension Feedback {
    /// A fenced code block that shows `text` literally: the fence is longer than any run of
    /// backticks inside, so the text cannot close it (CommonMark), and control characters are
    /// dropped. Each line is prefixed with `indent`.
    public static func codeBlock(_ text: String, indent: String = "") -> [String] {
        let cleaned = String(cap(text).unicodeScalars.filter { $0 == "\n" || $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7f) })
        var longest = 0
        var run = 0
        for character in cleaned {
            run = character == "`" ? run + 1 : 0
            longest = max(longest, run)
        }
        let fence = String(repeating: "`", count: max(3, longest + 1))
        return [indent + fence + "text"]
            + cleaned.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }
            + [indent + fence]
    }
}

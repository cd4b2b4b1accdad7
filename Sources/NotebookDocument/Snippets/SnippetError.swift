/// A snippet marker in the Swift sources, or a snippet a lesson asks for, that is wrong.
public enum SnippetError: Error, Equatable, CustomStringConvertible {
    /// `// snippet: name` without a matching `// end-snippet`.
    case unterminated(name: String, file: String, line: Int)
    /// `// end-snippet` with no open snippet, or naming another one.
    case unexpectedEnd(file: String, line: Int, detail: String)
    /// Two snippets with one name.
    case duplicate(name: String, first: String, second: String)
    /// `// snippet:` without a name, or with characters other than letters, digits, `-`, `_`, `.`.
    case invalidName(String, file: String, line: Int)
    /// A name no source file defines.
    case unknown(name: String, suggestions: [String])

    public var description: String {
        switch self {
        case .unterminated(let name, let file, let line):
            return "\(file):\(line): snippet '\(name)' is never closed; add a line `// end-snippet` after its last line"
        case .unexpectedEnd(let file, let line, let detail):
            return "\(file):\(line): \(detail)"
        case .duplicate(let name, let first, let second):
            return "\(second): snippet '\(name)' is already defined at \(first); rename one of them"
        case .invalidName(let name, let file, let line):
            return "\(file):\(line): snippet name '\(name)' must be letters, digits, '-', '_' or '.', e.g. `// snippet: dropout-forward`"
        case .unknown(let name, let suggestions):
            let hint = suggestions.isEmpty
                ? "" : " (did you mean " + suggestions.map { "`\($0)`" }.joined(separator: " or ") + "?)"
            return "unknown snippet '\(name)'\(hint); mark the code in Sources/ with `// snippet: \(name)` … `// end-snippet`"
        }
    }
}

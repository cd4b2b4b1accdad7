import Foundation

/// Every snippet marked in the package's Swift sources, found by scanning `Sources/**/*.swift`.
///
/// Markers are whole lines (leading whitespace allowed): `// snippet: NAME` opens a snippet and
/// `// end-snippet` (or `// end-snippet: NAME`) closes the innermost open one. Snippets may nest;
/// marker lines never appear in a listing.
public struct SnippetLibrary: Sendable {
    public private(set) var snippets: [String: Snippet] = [:]

    public init(snippets: [Snippet] = []) {
        for snippet in snippets { self.snippets[snippet.name] = snippet }
    }

    /// Scans every `.swift` file under `root/Sources` (sorted, so errors are deterministic).
    public static func scan(packageRoot root: URL) throws -> SnippetLibrary {
        let sources = root.appendingPathComponent("Sources")
        var library = SnippetLibrary()
        guard
            let enumerator = FileManager.default.enumerator(
                at: sources, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])
        else { return library }
        var files: [URL] = []
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            files.append(url)
        }
        let rootPath = root.standardizedFileURL.path
        for url in files.sorted(by: { $0.path < $1.path }) {
            let text = try String(contentsOf: url, encoding: .utf8)
            var relative = url.standardizedFileURL.path
            if relative.hasPrefix(rootPath + "/") { relative.removeFirst(rootPath.count + 1) }
            try library.add(contentsOf: text, file: relative)
        }
        return library
    }

    /// Adds the snippets marked in `text` (the contents of `file`).
    public mutating func add(contentsOf text: String, file: String) throws {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var open: [(name: String, line: Int, body: [(Int, String)])] = []
        for (index, line) in lines.enumerated() {
            let lineNumber = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let name = Self.markerArgument(trimmed, marker: "snippet") {
                guard Self.isValidName(name) else {
                    throw SnippetError.invalidName(name, file: file, line: lineNumber)
                }
                open.append((name, lineNumber, []))
                continue
            }
            if let closing = Self.endMarker(trimmed) {
                guard let innermost = open.popLast() else {
                    throw SnippetError.unexpectedEnd(
                        file: file, line: lineNumber,
                        detail: "`// end-snippet` without an open snippet; add `// snippet: NAME` before it or remove it")
                }
                if let closing, !closing.isEmpty, closing != innermost.name {
                    throw SnippetError.unexpectedEnd(
                        file: file, line: lineNumber,
                        detail: "`// end-snippet: \(closing)` closes snippet '\(innermost.name)' (opened at line \(innermost.line)); close the inner snippet first")
                }
                try insert(Self.makeSnippet(innermost.name, innermost.body, file: file, markerLine: innermost.line))
                continue
            }
            for position in open.indices {
                open[position].body.append((lineNumber, line))
            }
        }
        if let unclosed = open.last {
            throw SnippetError.unterminated(name: unclosed.name, file: file, line: unclosed.line)
        }
    }

    /// The snippet called `name`, or `SnippetError.unknown` with near names.
    public func snippet(named name: String) throws -> Snippet {
        if let snippet = snippets[name] { return snippet }
        throw SnippetError.unknown(name: name, suggestions: NameSuggestions.near(name, in: snippets.keys))
    }

    private mutating func insert(_ snippet: Snippet) throws {
        if let existing = snippets[snippet.name] {
            throw SnippetError.duplicate(
                name: snippet.name, first: "\(existing.file):\(existing.firstLine)",
                second: "\(snippet.file):\(snippet.firstLine)")
        }
        snippets[snippet.name] = snippet
    }

    // MARK: - Markers

    /// `NAME` for a line `// snippet: NAME` (also `//snippet:`), nil otherwise.
    private static func markerArgument(_ line: String, marker: String) -> String? {
        guard line.hasPrefix("//"), !line.hasPrefix("///") else { return nil }
        let rest = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
        guard rest.hasPrefix(marker + ":") else { return nil }
        return rest.dropFirst(marker.count + 1).trimmingCharacters(in: .whitespaces)
    }

    /// `""` for `// end-snippet`, `NAME` for `// end-snippet: NAME`, nil for any other line.
    private static func endMarker(_ line: String) -> String?? {
        guard line.hasPrefix("//"), !line.hasPrefix("///") else { return nil }
        let rest = line.dropFirst(2).trimmingCharacters(in: .whitespaces)
        if rest == "end-snippet" { return .some(nil) }
        if let name = markerArgument(line, marker: "end-snippet") { return .some(name) }
        return nil
    }

    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
    }

    private static func makeSnippet(_ name: String, _ body: [(Int, String)], file: String, markerLine: Int) -> Snippet {
        var lines = body.map { (number: $0.0, text: $0.1.replacingOccurrences(of: "\t", with: "    ")) }
        while let first = lines.first, first.text.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeFirst() }
        while let last = lines.last, last.text.trimmingCharacters(in: .whitespaces).isEmpty { lines.removeLast() }
        let indent = lines
            .filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.text.prefix(while: { $0 == " " }).count }
            .min() ?? 0
        let code = lines.map { line -> String in
            let text = line.text.trimmingCharacters(in: .whitespaces).isEmpty ? "" : String(line.text.dropFirst(indent))
            return text.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
        return Snippet(
            name: name, code: code, file: file, firstLine: lines.first?.number ?? markerLine + 1,
            lastLine: lines.last?.number ?? markerLine)
    }
}

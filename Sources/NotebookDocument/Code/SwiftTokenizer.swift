/// Splits Swift source into coloured pieces for listings: keywords, types, strings, comments,
/// numbers, attributes and compiler directives; both editions colour the same pieces (the PDF as
/// Pango spans, the web page as `<span class>`).
///
/// A small hand-written scanner, not a parser: it only has to colour real, compiling code. A
/// comment or string that spans lines is split at each line break, so that no coloured piece
/// crosses one.
public enum SwiftTokenizer {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case plain, keyword, type, string, comment, number, attribute, directive
    }

    public struct Token: Sendable, Equatable {
        public var kind: Kind
        /// The source text; `"\n"` alone for a line break inside a multi-line comment or string.
        public var text: String
    }

    public static let keywords: Set<String> = [
        "actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch", "class",
        "continue", "convenience", "default", "defer", "deinit", "didSet", "do", "else", "enum",
        "extension", "fallthrough", "false", "fileprivate", "final", "for", "func", "get", "guard",
        "if", "import", "in", "indirect", "init", "inout", "internal", "is", "lazy", "let",
        "mutating", "nil", "nonisolated", "nonmutating", "open", "operator", "override", "private",
        "protocol", "public", "repeat", "required", "rethrows", "return", "self", "Self", "set",
        "some", "static", "struct", "subscript", "super", "switch", "throw", "throws", "true", "try",
        "typealias", "unowned", "var", "weak", "where", "while", "willSet",
    ]

    /// The tokens of `source`; concatenating their texts gives `source` back.
    public static func tokens(_ source: String) -> [Token] {
        let characters = Array(source.unicodeScalars)
        var output: [Token] = []
        var index = 0

        func text(_ range: Range<Int>) -> String {
            var string = ""
            string.unicodeScalars.append(contentsOf: characters[range])
            return string
        }
        func emit(_ range: Range<Int>, _ kind: Kind) {
            output.append(Token(kind: kind, text: text(range)))
        }
        func starts(_ prefix: String, at position: Int) -> Bool {
            let scalars = Array(prefix.unicodeScalars)
            guard position + scalars.count <= characters.count else { return false }
            return Array(characters[position..<position + scalars.count]) == scalars
        }
        func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
            c == "_" || c.properties.isAlphabetic
        }
        func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
            isIdentifierStart(c) || ("0"..."9").contains(c)
        }
        func emitLines(_ range: Range<Int>, _ kind: Kind) {
            var lineStart = range.lowerBound
            for position in range where characters[position] == "\n" {
                if position > lineStart { emit(lineStart..<position, kind) }
                output.append(Token(kind: .plain, text: "\n"))
                lineStart = position + 1
            }
            if range.upperBound > lineStart { emit(lineStart..<range.upperBound, kind) }
        }

        while index < characters.count {
            let c = characters[index]
            let start = index
            if starts("//", at: index) {
                while index < characters.count && characters[index] != "\n" { index += 1 }
                emit(start..<index, .comment)
            } else if starts("/*", at: index) {
                index += 2
                while index < characters.count && !starts("*/", at: index) { index += 1 }
                index = min(index + 2, characters.count)
                emitLines(start..<index, .comment)
            } else if starts("\"\"\"", at: index) {
                index += 3
                while index < characters.count && !starts("\"\"\"", at: index) { index += 1 }
                index = min(index + 3, characters.count)
                emitLines(start..<index, .string)
            } else if c == "\"" {
                index += 1
                while index < characters.count && characters[index] != "\"" && characters[index] != "\n" {
                    index += characters[index] == "\\" ? 2 : 1
                }
                index = min(index + 1, characters.count)
                emit(start..<index, .string)
            } else if ("0"..."9").contains(c) {
                index += 1
                while index < characters.count {
                    let d = characters[index]
                    if isIdentifierPart(d) || (d == "." && index + 1 < characters.count
                        && ("0"..."9").contains(characters[index + 1])) {
                        index += 1
                    } else {
                        break
                    }
                }
                emit(start..<index, .number)
            } else if (c == "@" || c == "#"), index + 1 < characters.count, isIdentifierStart(characters[index + 1]) {
                index += 1
                while index < characters.count && isIdentifierPart(characters[index]) { index += 1 }
                emit(start..<index, c == "@" ? .attribute : .directive)
            } else if isIdentifierStart(c) {
                while index < characters.count && isIdentifierPart(characters[index]) { index += 1 }
                let word = text(start..<index)
                let previous = start > 0 ? characters[start - 1] : " "
                if keywords.contains(word) && previous != "." {
                    emit(start..<index, .keyword)
                } else if let first = word.unicodeScalars.first, first.properties.isUppercase {
                    emit(start..<index, .type)
                } else {
                    emit(start..<index, .plain)
                }
            } else {
                index += 1
                emit(start..<index, .plain)
            }
        }
        // Adjacent plain pieces read as one.
        var merged: [Token] = []
        for token in output {
            if token.kind == .plain, token.text != "\n", let last = merged.last, last.kind == .plain, last.text != "\n" {
                merged[merged.count - 1].text += token.text
            } else {
                merged.append(token)
            }
        }
        return merged
    }
}

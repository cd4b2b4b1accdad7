import NotebookDocument

/// Light syntax colouring for Swift listings, as Pango markup: keywords, types, strings,
/// comments, numbers and attributes, in the colours of Xcode's light theme (muted for print).
///
/// A small hand-written scanner, not a parser: it only has to colour real, compiling code.
enum SwiftSyntaxHighlighter {
    static let keywordColor = "#9b2393"
    static let typeColor = "#0b4f79"
    static let stringColor = "#c41a16"
    static let commentColor = "#5d6c79"
    static let numberColor = "#1c00cf"
    static let attributeColor = "#815f03"

    static let keywords: Set<String> = [
        "actor", "any", "as", "associatedtype", "async", "await", "break", "case", "catch", "class",
        "continue", "convenience", "default", "defer", "deinit", "didSet", "do", "else", "enum",
        "extension", "fallthrough", "false", "fileprivate", "final", "for", "func", "get", "guard",
        "if", "import", "in", "indirect", "init", "inout", "internal", "is", "lazy", "let",
        "mutating", "nil", "nonisolated", "nonmutating", "open", "operator", "override", "private",
        "protocol", "public", "repeat", "required", "rethrows", "return", "self", "Self", "set",
        "some", "static", "struct", "subscript", "super", "switch", "throw", "throws", "true", "try",
        "typealias", "unowned", "var", "weak", "where", "while", "willSet",
    ]

    /// The markup of `source`, every character escaped and coloured.
    static func markup(for source: String) -> String {
        let characters = Array(source.unicodeScalars)
        var output = ""
        var index = 0

        func text(_ range: Range<Int>) -> String {
            var string = ""
            string.unicodeScalars.append(contentsOf: characters[range])
            return string
        }
        func emit(_ range: Range<Int>, color: String?, italic: Bool = false) {
            let escaped = escapeMarkup(text(range))
            guard let color else { output += escaped; return }
            let style = italic ? " font_style=\"italic\"" : ""
            output += "<span foreground=\"\(color)\"\(style)>\(escaped)</span>"
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

        func emitLines(_ range: Range<Int>, color: String, italic: Bool) {
            var lineStart = range.lowerBound
            for position in range where characters[position] == "\n" {
                if position > lineStart { emit(lineStart..<position, color: color, italic: italic) }
                output += "\n"
                lineStart = position + 1
            }
            if range.upperBound > lineStart { emit(lineStart..<range.upperBound, color: color, italic: italic) }
        }

        while index < characters.count {
            let c = characters[index]
            let start = index
            if starts("//", at: index) {
                while index < characters.count && characters[index] != "\n" { index += 1 }
                emit(start..<index, color: commentColor, italic: true)
            } else if starts("/*", at: index) {
                index += 2
                while index < characters.count && !starts("*/", at: index) { index += 1 }
                index = min(index + 2, characters.count)
                // Colour each line separately so that no span crosses a line break.
                emitLines(start..<index, color: commentColor, italic: true)
            } else if starts("\"\"\"", at: index) {
                index += 3
                while index < characters.count && !starts("\"\"\"", at: index) { index += 1 }
                index = min(index + 3, characters.count)
                emitLines(start..<index, color: stringColor, italic: false)
            } else if c == "\"" {
                index += 1
                while index < characters.count && characters[index] != "\"" && characters[index] != "\n" {
                    index += characters[index] == "\\" ? 2 : 1
                }
                index = min(index + 1, characters.count)
                emit(start..<index, color: stringColor)
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
                emit(start..<index, color: numberColor)
            } else if (c == "@" || c == "#"), index + 1 < characters.count, isIdentifierStart(characters[index + 1]) {
                index += 1
                while index < characters.count && isIdentifierPart(characters[index]) { index += 1 }
                emit(start..<index, color: c == "@" ? attributeColor : keywordColor)
            } else if isIdentifierStart(c) {
                while index < characters.count && isIdentifierPart(characters[index]) { index += 1 }
                let word = text(start..<index)
                let previous = start > 0 ? characters[start - 1] : " "
                if keywords.contains(word) && previous != "." {
                    emit(start..<index, color: keywordColor)
                } else if let first = word.unicodeScalars.first, first.properties.isUppercase {
                    emit(start..<index, color: typeColor)
                } else {
                    emit(start..<index, color: nil)
                }
            } else {
                index += 1
                emit(start..<index, color: nil)
            }
        }
        return output
    }
}

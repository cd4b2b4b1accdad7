import Foundation

/// Finds the lesson syntax that is not Markdown — fenced directives, `$…$` and `$$…$$` math,
/// `` {role}`…` `` roles, `(label)=` lines — and replaces each with a placeholder (see
/// `ProtectedSource`). Fenced code blocks and inline code spans are left untouched.
///
/// Inline math follows Pandoc's rule so that prices do not become formulas: the opening `$` is not
/// followed by a space, the closing `$` is not preceded by a space nor followed by a digit, and
/// `\$` is a literal dollar sign. Inline math stays on one line.
struct SourcePreprocessor {
    let file: String
    /// Added to line indices: the source line number of `lines[0]` minus one.
    let lineOffset: Int

    init(file: String, lineOffset: Int = 0) {
        self.file = file
        self.lineOffset = lineOffset
    }

    func protect(_ text: String) throws -> ProtectedSource {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        var output: [String] = []
        var placeholders: [ProtectedSource.Placeholder] = []
        var headingLabels: [ProtectedSource.HeadingLabel] = []
        var errors: [LessonSourceError] = []
        var fence: (character: Character, count: Int)?
        var index = 0
        // A `{claim}` directive joins its paragraph, so its lines are not replaced by blank lines
        // (which would end the paragraph) but owed, and paid at the next blank line, so that the
        // blocks after it keep their line numbers.
        var owedLines = 0

        func location(_ lineIndex: Int) -> SourceLocation {
            SourceLocation(file: file, line: lineIndex + 1 + lineOffset)
        }

        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty && owedLines > 0 && fence == nil {
                output.append(contentsOf: Array(repeating: "", count: owedLines))
                owedLines = 0
            }

            // Inside a fenced code block: copy until the closing fence.
            if let open = fence {
                if Self.fenceRun(trimmed, character: open.character) >= open.count,
                    trimmed.allSatisfy({ $0 == open.character })
                {
                    fence = nil
                }
                output.append(line)
                index += 1
                continue
            }
            let leadingSpaces = line.prefix(while: { $0 == " " }).count
            if leadingSpaces < 4, let first = trimmed.first, first == "`" || first == "~" {
                let run = Self.fenceRun(trimmed, character: first)
                if run >= 3 {
                    fence = (first, run)
                    output.append(line)
                    index += 1
                    continue
                }
            }

            // A fenced directive.
            if let opening = Self.directiveOpening(line) {
                let closing = String(repeating: ":", count: opening.colons)
                // The matching fence: directives opened inside with the same number of colons
                // (nested without more colons on the outer fence) are skipped with their fences.
                var depth = 0
                var closeIndex: Int?
                for scan in (index + 1)..<lines.count {
                    if let inner = Self.directiveOpening(lines[scan]), inner.colons == opening.colons {
                        depth += 1
                    } else if lines[scan].trimmingCharacters(in: .whitespaces) == closing {
                        if depth == 0 {
                            closeIndex = scan
                            break
                        }
                        depth -= 1
                    }
                }
                guard let closeIndex else {
                    errors.append(
                        LessonSourceError(
                            location(index),
                            "directive `{\(opening.name)}` is never closed; add a line `\(closing)` after its body"))
                    output.append("")
                    index += 1
                    continue
                }
                var options: [String: String] = [:]
                var bodyStart = index + 1
                while bodyStart < closeIndex, let option = Self.option(lines[bodyStart]) {
                    if options[option.key] != nil {
                        errors.append(
                            LessonSourceError(location(bodyStart), "option `:\(option.key):` is given twice; keep one"))
                    }
                    options[option.key] = option.value
                    bodyStart += 1
                }
                let directive = Directive(
                    name: opening.name, argument: opening.argument, options: options,
                    body: Array(lines[bodyStart..<closeIndex]), location: location(index),
                    bodyFirstLine: bodyStart + 1 + lineOffset)
                placeholders.append(.init(content: .directive(directive), location: location(index)))
                output.append(String(repeating: " ", count: min(leadingSpaces, 3)) + ProtectedSource.blockToken(placeholders.count - 1))
                if DirectiveKind(name: opening.name) == .claim {
                    owedLines += closeIndex - index
                } else {
                    output.append(contentsOf: Array(repeating: "", count: closeIndex - index))
                }
                index = closeIndex + 1
                continue
            }

            // A closing fence without an opening one.
            if trimmed.count >= 3, trimmed.allSatisfy({ $0 == ":" }) {
                errors.append(
                    LessonSourceError(
                        location(index),
                        "`\(trimmed)` closes no directive; remove it, or open one with `\(trimmed){name}` above"))
                output.append("")
                index += 1
                continue
            }

            // A `(label)=` line labels the next heading.
            if trimmed.hasPrefix("("), trimmed.hasSuffix(")="), trimmed.count > 3 {
                let label = String(trimmed.dropFirst().dropLast(2))
                if Self.isValidLabel(label) {
                    headingLabels.append(.init(label: label, location: location(index)))
                    output.append("")
                    index += 1
                    continue
                }
            }

            // Display math on its own lines: `$$ … $$`, optionally followed by `(label)`.
            if trimmed.hasPrefix("$$") {
                let afterOpening = String(trimmed.dropFirst(2))
                var formulaLines: [String] = []
                var closeIndex: Int?
                var trailing = ""
                if let range = afterOpening.range(of: "$$") {
                    formulaLines = [String(afterOpening[..<range.lowerBound])]
                    trailing = String(afterOpening[range.upperBound...])
                    closeIndex = index
                } else {
                    formulaLines = [afterOpening]
                    var scan = index + 1
                    while scan < lines.count {
                        if let range = lines[scan].range(of: "$$") {
                            formulaLines.append(String(lines[scan][..<range.lowerBound]))
                            trailing = String(lines[scan][range.upperBound...])
                            closeIndex = scan
                            break
                        }
                        formulaLines.append(lines[scan])
                        scan += 1
                    }
                }
                guard let closeIndex else {
                    errors.append(LessonSourceError(location(index), "display math `$$` is never closed; end the formula with `$$`"))
                    output.append("")
                    index += 1
                    continue
                }
                var label: String?
                let trailingText = trailing.trimmingCharacters(in: .whitespaces)
                if !trailingText.isEmpty {
                    if trailingText.hasPrefix("("), trailingText.hasSuffix(")"),
                        Self.isValidLabel(String(trailingText.dropFirst().dropLast()))
                    {
                        label = String(trailingText.dropFirst().dropLast())
                    } else {
                        errors.append(
                            LessonSourceError(
                                location(closeIndex),
                                "unexpected `\(trailingText)` after `$$`; only an equation label such as `(eq-inverted)` may follow"))
                    }
                }
                let formula = formulaLines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
                placeholders.append(.init(content: .displayMath(formula, label: label), location: location(index)))
                output.append(ProtectedSource.blockToken(placeholders.count - 1))
                output.append(contentsOf: Array(repeating: "", count: closeIndex - index))
                index = closeIndex + 1
                continue
            }

            output.append(protectInline(line, location: location(index), placeholders: &placeholders, errors: &errors))
            index += 1
        }
        output.append(contentsOf: Array(repeating: "", count: owedLines))
        if !errors.isEmpty { throw LessonSourceErrors(errors) }
        return ProtectedSource(
            markdown: output.joined(separator: "\n"), placeholders: placeholders, headingLabels: headingLabels)
    }

    /// Replaces roles, inline math and inline `$$…$$` on one line; leaves code spans alone.
    private func protectInline(
        _ line: String, location: SourceLocation, placeholders: inout [ProtectedSource.Placeholder],
        errors: inout [LessonSourceError]
    ) -> String {
        let characters = Array(line)
        var result = ""
        var position = 0
        while position < characters.count {
            let character = characters[position]
            if character == "\\", position + 1 < characters.count {
                result.append(character)
                result.append(characters[position + 1])
                position += 2
                continue
            }
            if character == "{", let role = Self.role(in: characters, at: position) {
                placeholders.append(
                    .init(content: .role(name: role.name, content: role.content), location: location))
                result += ProtectedSource.inlineToken(placeholders.count - 1)
                position = role.end
                continue
            }
            if character == "`" {
                let run = Self.run(of: "`", in: characters, at: position)
                if let close = Self.closingRun(of: "`", length: run, in: characters, from: position + run) {
                    result += String(characters[position..<(close + run)])
                    position = close + run
                } else {
                    result += String(repeating: "`", count: run)
                    position += run
                }
                continue
            }
            if character == "$" {
                if position + 1 < characters.count, characters[position + 1] == "$" {
                    if let close = Self.find("$$", in: characters, from: position + 2) {
                        let formula = String(characters[(position + 2)..<close]).trimmingCharacters(in: .whitespaces)
                        placeholders.append(.init(content: .displayMath(formula, label: nil), location: location))
                        result += ProtectedSource.blockToken(placeholders.count - 1)
                        position = close + 2
                        continue
                    }
                    errors.append(LessonSourceError(location, "display math `$$` is never closed on this line; end it with `$$`"))
                    result += "$$"
                    position += 2
                    continue
                }
                if let close = Self.inlineMathEnd(in: characters, openingAt: position) {
                    placeholders.append(
                        .init(content: .inlineMath(String(characters[(position + 1)..<close])), location: location))
                    result += ProtectedSource.inlineToken(placeholders.count - 1)
                    position = close + 1
                    continue
                }
            }
            result.append(character)
            position += 1
        }
        return result
    }

    // MARK: - Scanning helpers

    /// `{name}` followed by a backtick run, the content, and the same run: a role.
    private static func role(in characters: [Character], at start: Int) -> (name: String, content: String, end: Int)? {
        var position = start + 1
        var name = ""
        while position < characters.count, characters[position].isLetter || characters[position].isNumber
            || characters[position] == "-" || characters[position] == "_" || characters[position] == ":"
        {
            name.append(characters[position])
            position += 1
        }
        guard !name.isEmpty, name.first!.isLetter, position < characters.count, characters[position] == "}",
            position + 1 < characters.count, characters[position + 1] == "`"
        else { return nil }
        position += 1
        let run = run(of: "`", in: characters, at: position)
        guard let close = closingRun(of: "`", length: run, in: characters, from: position + run) else { return nil }
        let content = String(characters[(position + run)..<close]).trimmingCharacters(in: .whitespaces)
        return (name, content, close + run)
    }

    private static func run(of character: Character, in characters: [Character], at start: Int) -> Int {
        var count = 0
        while start + count < characters.count, characters[start + count] == character { count += 1 }
        return count
    }

    /// The start of the next run of exactly `length` `character`s at or after `from`.
    private static func closingRun(of character: Character, length: Int, in characters: [Character], from: Int) -> Int? {
        var position = from
        while position < characters.count {
            if characters[position] == character {
                let count = run(of: character, in: characters, at: position)
                if count == length { return position }
                position += count
            } else {
                position += 1
            }
        }
        return nil
    }

    private static func find(_ needle: String, in characters: [Character], from: Int) -> Int? {
        let pattern = Array(needle)
        guard characters.count >= pattern.count else { return nil }
        var position = from
        while position + pattern.count <= characters.count {
            if characters[position] == "\\" { position += 2; continue }
            if Array(characters[position..<(position + pattern.count)]) == pattern { return position }
            position += 1
        }
        return nil
    }

    /// The closing `$` of inline math opened at `start` (Pandoc's rule), or nil if it is not math.
    private static func inlineMathEnd(in characters: [Character], openingAt start: Int) -> Int? {
        let first = start + 1
        guard first < characters.count, !characters[first].isWhitespace, characters[first] != "$" else { return nil }
        var position = first
        while position < characters.count {
            let character = characters[position]
            if character == "\\" { position += 2; continue }
            if character == "$" {
                let before = characters[position - 1]
                let after = position + 1 < characters.count ? characters[position + 1] : " "
                if !before.isWhitespace && !after.isNumber { return position }
            }
            position += 1
        }
        return nil
    }

    private static func fenceRun(_ line: String, character: Character) -> Int {
        line.prefix(while: { $0 == character }).count
    }

    /// `:::{name} argument` (three or more colons, up to three spaces of indentation).
    private static func directiveOpening(_ line: String) -> (colons: Int, name: String, argument: String)? {
        let indentation = line.prefix(while: { $0 == " " }).count
        guard indentation < 4 else { return nil }
        let rest = line.dropFirst(indentation)
        let colons = rest.prefix(while: { $0 == ":" }).count
        guard colons >= 3 else { return nil }
        let afterColons = rest.dropFirst(colons)
        guard afterColons.first == "{", let close = afterColons.firstIndex(of: "}") else { return nil }
        let name = String(afterColons[afterColons.index(after: afterColons.startIndex)..<close])
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            return nil
        }
        let argument = afterColons[afterColons.index(after: close)...].trimmingCharacters(in: .whitespaces)
        return (colons, name, argument)
    }

    /// `:key: value`.
    private static func option(_ line: String) -> (key: String, value: String)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(":"), trimmed.count > 2 else { return nil }
        let rest = trimmed.dropFirst()
        guard let colon = rest.firstIndex(of: ":") else { return nil }
        let key = String(rest[..<colon])
        guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            return nil
        }
        return (key, rest[rest.index(after: colon)...].trimmingCharacters(in: .whitespaces))
    }

    static func isValidLabel(_ label: String) -> Bool {
        !label.isEmpty && label.allSatisfy { $0.isLetter || $0.isNumber || "-_.:".contains($0) }
    }
}

import Foundation

/// `:::{claim} id` — the sentence for this run's verdict of a claim the experiments evaluated:
///
/// ```
/// With $p = 0.5$ validation accuracy
/// :::{claim} half-beats-baseline
/// holds: rose on {value}`half-improved-seeds:int` of {value}`seed-count:int` seeds.
/// mixed: rose on average, but not consistently across seeds.
/// fails: did not rise.
/// :::
/// ```
/// The body gives one text per verdict, each starting a line with `holds:`, `mixed:` or `fails:`
/// (`otherwise:` covers the verdicts not listed) and running to the next marker. The chosen text
/// joins the surrounding paragraph. Every text is checked in every build (unknown values fail
/// whichever verdict came out). A claim may be stated more than once; results.json keeps the first
/// statement.
extension LessonAssembler {
    static let verdictMarkers = ClaimVerdict.allCases.map(\.rawValue) + ["otherwise"]

    func claimText(_ directive: Directive) -> [Inline] {
        let here = directive.location
        let id = directive.argument
        guard !id.isEmpty, !id.contains(" ") else {
            error(here, "`{claim}` needs one claim id after it, e.g. `:::{claim} half-beats-baseline`")
            return []
        }
        for option in directive.options.keys.sorted() {
            error(here, "`{claim}` has no option `:\(option):`; write `holds:`, `mixed:`, `fails:` lines in its body")
        }
        // Split the body at the verdict markers.
        var texts: [String: (text: String, line: Int)] = [:]
        var current: String?
        for (index, line) in directive.body.enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let lineNumber = directive.bodyFirstLine + index
            if let colon = trimmed.firstIndex(of: ":"), Self.verdictMarkers.contains(String(trimmed[..<colon])) {
                let marker = String(trimmed[..<colon])
                if texts[marker] != nil { error(location(lineNumber), "claim `\(id)` gives `\(marker):` twice") }
                texts[marker] = (String(trimmed[trimmed.index(after: colon)...]), lineNumber)
                current = marker
            } else if let current {
                texts[current]!.text += "\n" + line
            } else if !trimmed.isEmpty {
                error(
                    location(lineNumber),
                    "claim `\(id)`: text before the first verdict; start each text with `holds:`, `mixed:` or `fails:`")
            }
        }
        let missing = ClaimVerdict.allCases.filter { texts[$0.rawValue] == nil }
        if texts["otherwise"] == nil && !missing.isEmpty {
            error(
                here,
                "claim `\(id)` has no text for \(missing.map { "`\($0.rawValue):`" }.joined(separator: ", ")); give one per verdict, or `otherwise:` for the rest, so the text follows whatever the run finds")
        }
        // Every text is converted, so a mistake in any of them fails every build.
        // (Converting them runs the paragraph machinery, which must not touch the claims pending
        // in the paragraph around this one.)
        let pending = claimsInParagraph
        var converted: [String: [Inline]] = [:]
        let partial = !context.omittedSections.isEmpty && context.results.claims[id] == nil
        if !partial {
            for (marker, entry) in texts {
                converted[marker] = inlines(fromMarkdown: entry.text, lineOffset: entry.line - 1)
            }
        }
        claimsInParagraph = pending
        guard let claim = context.results.claims[id] else {
            if !context.omittedSections.isEmpty {
                // A build with --only: the claim may belong to an experiment that did not run.
                return [.emphasis([.text("(claim \(id) was not evaluated in this build)")])]
            }
            let hint = NameSuggestions.hint(for: id, in: context.results.claims.keys)
            error(here, "unknown claim `\(id)`\(hint); record it in the experiments with `results.record(claim: Claim(id: \"\(id)\", …))`")
            return []
        }
        var chosen = converted[claim.verdict.rawValue] ?? converted["otherwise"] ?? []
        if claim.verdict == .holds, let record = context.auditRecords[id], record.isOpen {
            chosen = Self.qualifying(chosen, with: record)
        }
        // A claim may be stated more than once (a takeaway repeats it); results.json keeps the first.
        if statedClaims[id] == nil {
            statedClaims[id] = here
            let fragment = chosen.plainText.trimmingCharacters(in: .whitespacesAndNewlines)
            claimStatements[id] = fragment
            claimsInParagraph.append((id, fragment))
        }
        return chosen
    }

    /// An open claim's `holds:` text with the audit's count added before its closing full stop:
    /// "rose on 5 of 5 runs (an open result: it held on 3 of 8 independent seeds in the course's
    /// claims audit)."; a text that ends in parentheses takes it inside them: "(earlier on 5 of 5
    /// runs; an open result: …)".
    static func qualifying(_ text: [Inline], with record: ClaimAuditRecord) -> [Inline] {
        var text = text
        // Trailing white space, then an optional full stop, stay after the qualifier.
        var tail = ""
        if case .text(let last) = text.last {
            let trimmed = String(last.reversed().drop { $0.isWhitespace }.reversed())
            let space = String(last.dropFirst(trimmed.count))
            let stop = trimmed.hasSuffix(".") ? "." : ""
            tail = stop + space
            let body = String(trimmed.dropLast(stop.count))
            text.removeLast()
            if body.hasSuffix(")") {
                // A text already in parentheses takes the qualifier inside them.
                text.append(.text(body.dropLast() + "; \(record.qualifier))" + tail))
                return text
            }
            if !body.isEmpty { text.append(.text(body)) }
        }
        text.append(.text(" (\(record.qualifier))" + tail))
        return text
    }

    /// Widens each claim's recorded statement from its fragment to the sentence of `paragraph`
    /// that contains it ("…, and it answers worse: validation accuracy fell from 91 % to 74 % …").
    func recordSentences(of paragraph: [Inline]) {
        defer { claimsInParagraph = [] }
        guard !claimsInParagraph.isEmpty else { return }
        let text = paragraph.plainText
        for (id, fragment) in claimsInParagraph {
            guard !fragment.isEmpty, let range = text.range(of: fragment) else { continue }
            let before = text[..<range.lowerBound]
            let start =
                [". ", "? ", "! "].compactMap { before.range(of: $0, options: .backwards)?.upperBound }.max()
                ?? text.startIndex
            let after = text[range.upperBound...]
            let end =
                fragment.hasSuffix(".") ? range.upperBound
                : after.range(of: ". ").map { text.index(after: $0.lowerBound) } ?? text.endIndex
            claimStatements[id] = String(text[start..<end]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }
}

/// A build with `--only`: sections whose experiments did not run are left out with a note.
extension LessonAssembler {
    /// The note that replaces an omitted section's body.
    func omittedNote(for experiments: [String]) -> Block {
        let names = experiments.map { "`\($0)`" }.joined(separator: ", ")
        let only = experiments.map { "--only \($0)" }.joined(separator: " ")
        return .callout(
            CalloutBlock(
                kind: .note, title: [.text("Not run in this build")],
                blocks: [
                    .paragraph([
                        .text("This section shows the results of experiment\(experiments.count == 1 ? "" : "s") \(names.replacingOccurrences(of: "`", with: "")), which this build did not run (it was made with --only). Run "),
                        .code("\(context.rerunCommand) \(only)"), .text(" or "), .code(context.rerunCommand),
                        .text(" to include it."),
                    ])
                ]))
    }

    /// Replaces references to labels that a left-out section would have defined by a plain mark.
    static func replacingReferences(to missing: Set<String>, in blocks: [Block]) -> [Block] {
        guard !missing.isEmpty else { return blocks }
        func inline(_ item: Inline) -> Inline {
            switch item {
            case .reference(let label) where missing.contains(label), .referenceNumber(let label) where missing.contains(label):
                return .emphasis([.text("(not in this build)")])
            case .internalLink(let label, let content) where missing.contains(label):
                return .emphasis(content.map(inline))
            case .emphasis(let content): return .emphasis(content.map(inline))
            case .strong(let content): return .strong(content.map(inline))
            case .link(let url, let content): return .link(url: url, content: content.map(inline))
            case .internalLink(let label, let content): return .internalLink(label: label, content: content.map(inline))
            default: return item
            }
        }
        func inlines(_ items: [Inline]) -> [Inline] { items.map(inline) }
        func block(_ item: Block) -> Block {
            switch item {
            case .heading(var heading): heading.content = inlines(heading.content); return .heading(heading)
            case .paragraph(let content): return .paragraph(inlines(content))
            case .code(var code): code.caption = code.caption.map(inlines); return .code(code)
            case .figure(var figure): figure.caption = inlines(figure.caption); return .figure(figure)
            case .table(var table):
                table.header = table.header.map(inlines)
                table.rows = table.rows.map { $0.map(inlines) }
                table.caption = inlines(table.caption)
                return .table(table)
            case .callout(var callout):
                callout.title = callout.title.map(inlines)
                callout.blocks = callout.blocks.map(block)
                return .callout(callout)
            case .exercise(var exercise):
                exercise.title = inlines(exercise.title)
                exercise.blocks = exercise.blocks.map(block)
                return .exercise(exercise)
            case .list(var list): list.items = list.items.map { $0.map(block) }; return .list(list)
            case .blockQuote(let content): return .blockQuote(content.map(block))
            case .quiz(var quiz):
                quiz.question = inlines(quiz.question)
                quiz.options = quiz.options.map { option in
                    var option = option
                    option.text = inlines(option.text)
                    option.explanation = inlines(option.explanation)
                    return option
                }
                return .quiz(quiz)
            case .explorer(var explorer): explorer.caption = inlines(explorer.caption); return .explorer(explorer)
            case .displayMath, .thematicBreak, .pageBreak, .references: return item
            }
        }
        return blocks.map(block)
    }
}

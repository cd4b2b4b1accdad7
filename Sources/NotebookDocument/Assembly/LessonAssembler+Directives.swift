import Foundation
import Preconditions

/// Fenced directives: figures, tables, listings, formulas, call-outs, exercises, page breaks.
extension LessonAssembler {
    func directive(_ directive: Directive) -> [Block] {
        let here = directive.location
        guard let kind = DirectiveKind(name: directive.name) else {
            let hint = NameSuggestions.hint(for: directive.name, in: DirectiveKind.allNames)
            let names = DirectiveKind.allCases.map { "{\($0.rawValue)}" }.joined(separator: ", ")
            error(here, "unknown directive `{\(directive.name)}`\(hint); the directives are \(names)")
            return []
        }
        for option in directive.options.keys.sorted() where !kind.allowedOptions.contains(option) {
            let allowed = kind.allowedOptions.sorted().map { ":\($0):" }.joined(separator: ", ")
            error(here, "`{\(kind.rawValue)}` has no option `:\(option):`; it accepts \(allowed.isEmpty ? "none" : allowed)")
        }
        switch kind {
        case .figure: return figure(directive)
        case .table: return table(directive)
        case .snippet: return snippet(directive)
        case .math:
            guard requireNoArgument(directive) else { return [] }
            return displayMath(directive.bodyText, label: directive.options["label"], at: here).map { [$0] } ?? []
        case .takeaway, .pitfall, .examTip, .note:
            return callout(directive, kind: kind)
        case .exercise: return exercise(directive)
        case .pageBreak:
            guard requireNoArgument(directive) else { return [] }
            return [.pageBreak]
        case .claim:
            let text = claimText(directive)
            return text.isEmpty ? [] : [.paragraph(text)]
        case .quiz: return quiz(directive)
        case .explorer: return explorer(directive)
        }
    }

    private func requireNoArgument(_ directive: Directive) -> Bool {
        guard directive.argument.isEmpty else {
            error(directive.location, "`{\(directive.name)}` takes no argument after it, got `\(directive.argument)`")
            return false
        }
        return true
    }

    /// The body as caption inlines (empty body: no caption).
    func caption(_ directive: Directive) -> [Inline] {
        let text = directive.bodyText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return [] }
        return inlines(fromMarkdown: directive.bodyText, lineOffset: directive.bodyFirstLine - 1)
    }

    /// A name argument for figure, table, snippet and exercise directives.
    func nameArgument(_ directive: Directive, what: String) -> String? {
        let name = directive.argument
        guard !name.isEmpty, !name.contains(" ") else {
            error(directive.location, "`{\(directive.name)}` needs one \(what) name after it, e.g. `:::{\(directive.name)} dropout-ablation`")
            return nil
        }
        return name
    }

    // MARK: - Figures

    private func figure(_ directive: Directive) -> [Block] {
        let here = directive.location
        guard let name = nameArgument(directive, what: "figure") else { return [] }
        guard let entry = context.results.figures[name] else {
            let hint = NameSuggestions.hint(for: name, in: context.results.figures.keys)
            error(here, "unknown figure `\(name)`\(hint); record it in the experiments with `results.record(figure:named:configuration:)`")
            return []
        }
        usedResults.insert(name)
        var widthFraction: Double?
        if let width = directive.options["width"] {
            let number = width.hasSuffix("%") ? Double(width.dropLast()).map { $0 / 100 } : Double(width)
            if let number, number > 0, number <= 1 {
                widthFraction = number
            } else {
                error(here, "`:width: \(width)` must be a fraction of the text width in (0, 1] or a percentage such as `80%`")
            }
        }
        var text = caption(directive)
        let configuration = captionConfiguration(entry.configuration, result: name)
        if !configuration.isEmpty {
            text.append(.text((text.isEmpty ? "" : " ") + "(" + configuration + ")"))
        }
        if let url = context.playgroundLinks[name] {
            text.append(.text(text.isEmpty ? "" : " "))
            text.append(.link(url: url, content: [.text("Try a run like this in the playground")]))
            text.append(.text(" (swift run playground)."))
        }
        let label = claim(label: directive.options["label"] ?? name, at: here, explicit: directive.options["label"] != nil)
        return [.figure(FigureBlock(drawing: entry.figure, caption: text, label: label, widthFraction: widthFraction))]
    }

    /// The recorded configuration, with the seed (and quick mode) added when it does not say so,
    /// so that every caption tells a reader how to rerun exactly that figure.
    /// Settings changed with `--set` for the experiment that recorded `result` are named at the
    /// end: "…; set: epochs = 100".
    func captionConfiguration(_ configuration: String, result: String? = nil) -> String {
        var parts = ValueFormat.groupingIntegers(in: configuration.trimmingCharacters(in: .whitespaces))
        if !parts.lowercased().contains("seed") {
            parts += (parts.isEmpty ? "" : ", ") + "seed \(context.seed)"
        }
        if context.quick { parts += ", quick run" }
        if let result, let experiment = context.results.experiment(of: result),
            let overrides = context.results.settings[experiment]?.overrides, !overrides.isEmpty
        {
            parts += "; set: " + overrides.map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
        }
        return parts
    }

    // MARK: - Tables

    private func table(_ directive: Directive) -> [Block] {
        let here = directive.location
        let label = directive.options["label"] ?? (directive.argument.isEmpty ? nil : directive.argument)
        if directive.argument.isEmpty {
            return markdownTableDirective(directive, label: label)
        }
        guard let name = nameArgument(directive, what: "table") else { return [] }
        guard let entry = context.results.tables[name] else {
            let hint = NameSuggestions.hint(for: name, in: context.results.tables.keys)
            error(here, "unknown table `\(name)`\(hint); record it in the experiments with `results.record(table:_:configuration:)`")
            return []
        }
        usedResults.insert(name)
        let table = entry.value
        var formatSpecs = table.columns.map(\.format)
        if let formats = directive.options["formats"] {
            let specs = formats.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard specs.count == table.columns.count else {
                error(here, "`:formats:` lists \(specs.count) formats for the \(table.columns.count) columns of table `\(name)` (\(table.columns.map(\.header).joined(separator: ", "))); give one per column, `auto` for the default")
                return []
            }
            formatSpecs = specs
        }
        var formats: [ValueFormat] = []
        for spec in formatSpecs {
            do {
                formats.append(try ValueFormat.parse(spec == "auto" ? "" : spec))
            } catch {
                self.error(here, "table `\(name)`: \(error)")
                return []
            }
        }
        var rows: [[[Inline]]] = []
        for row in table.rows {
            var cells: [[Inline]] = []
            for (column, cell) in row.enumerated() {
                do {
                    cells.append([.text(try formats[column].format(cell))])
                } catch {
                    self.error(here, "table `\(name)`, column `\(table.columns[column].header)`: \(error)")
                    cells.append([])
                }
            }
            rows.append(cells)
        }
        var alignments: [TableBlock.Alignment] = table.columns.indices.map { column in
            let numeric = table.rows.contains { row in
                if case .text = row[column] { return false }
                return true
            }
            return numeric ? .right : .left
        }
        if let align = directive.options["align"] {
            let letters = align.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard letters.count == table.columns.count,
                let parsed = Optional(letters.compactMap(Self.alignment)), parsed.count == letters.count
            else {
                error(here, "`:align: \(align)` needs one of left, center, right per column (\(table.columns.count) columns)")
                return []
            }
            alignments = parsed
        }
        var text = caption(directive)
        let configuration = captionConfiguration(entry.configuration, result: name)
        if !configuration.isEmpty {
            text.append(.text((text.isEmpty ? "" : " ") + "(" + configuration + ")"))
        }
        return [
            .table(
                TableBlock(
                    header: table.columns.map { [.text($0.header)] }, rows: rows, alignments: alignments,
                    caption: text, label: claim(label: label, at: here, explicit: directive.options["label"] != nil)))
        ]
    }

    private static func alignment(_ word: String) -> TableBlock.Alignment? {
        switch word {
        case "left", "l": return .left
        case "center", "centre", "c": return .center
        case "right", "r": return .right
        default: return nil
        }
    }

    /// `:::{table}` without a name: a Markdown table in the body; the other paragraphs are the caption.
    private func markdownTableDirective(_ directive: Directive, label: String?) -> [Block] {
        let protected: ProtectedSource
        do {
            protected = try SourcePreprocessor(file: context.file, lineOffset: directive.bodyFirstLine - 1)
                .protect(directive.bodyText)
        } catch let failure as LessonSourceErrors {
            errors.append(contentsOf: failure.errors)
            return []
        } catch {
            return []
        }
        let tree = MarkdownParser.parse(protected.markdown)
        var pass = MarkdownPass(protected: protected, lineOffset: directive.bodyFirstLine - 1, topLevel: false)
        var tableNode: MarkdownNode?
        var captionNodes: [MarkdownNode] = []
        for node in tree.children {
            if case .table = node.kind, tableNode == nil { tableNode = node } else { captionNodes.append(node) }
        }
        guard let tableNode else {
            error(directive.location, "`:::{table}` without a result name needs a Markdown table in its body; or name a recorded table: `:::{table} ablation`")
            return []
        }
        var caption: [Inline] = []
        for block in convertBlocks(captionNodes, pass: &pass) {
            if case .paragraph(let content) = block {
                if !caption.isEmpty { caption.append(.text(" ")) }
                caption += content
            }
        }
        let labelled = claim(label: label, at: directive.location)
        return [.table(markdownTable(tableNode, caption: caption, label: labelled, pass: &pass))]
    }

    /// A GitHub table: first row the header, alignments from the delimiter row.
    func markdownTable(_ node: MarkdownNode, caption: [Inline], label: String?, pass: inout MarkdownPass) -> TableBlock {
        guard case .table(let letters) = node.kind else { failPrecondition("markdownTable expects a table node") }
        let here = location(node.line + pass.lineOffset)
        var header: [[Inline]] = []
        var rows: [[[Inline]]] = []
        for row in node.children {
            let cells = row.children.map { inlines(from: $0.children, pass: &pass, location: here) }
            if case .tableRow(let isHeader) = row.kind, isHeader, header.isEmpty {
                header = cells
            } else {
                rows.append(cells)
            }
        }
        let alignments: [TableBlock.Alignment] = letters.map {
            switch $0 {
            case "c": return .center
            case "r": return .right
            default: return .left
            }
        }
        return TableBlock(header: header, rows: rows, alignments: alignments, caption: caption, label: label)
    }

    // MARK: - Listings

    private func snippet(_ directive: Directive) -> [Block] {
        let here = directive.location
        guard let name = nameArgument(directive, what: "snippet") else { return [] }
        let snippet: Snippet
        do {
            snippet = try context.snippets.snippet(named: name)
        } catch {
            self.error(here, "\(error)")
            return []
        }
        var text = caption(directive)
        if let option = directive.options["caption"] {
            text = inlines(fromMarkdown: option, lineOffset: here.line - 1)
        }
        let label = claim(label: directive.options["label"] ?? name, at: here, explicit: directive.options["label"] != nil)
        return [
            .code(
                CodeBlock(
                    language: "swift", code: snippet.code, caption: text.isEmpty ? nil : text,
                    source: "\(snippet.sourceDescription), snippet \(snippet.name)", label: label))
        ]
    }

    /// The sheet `NN-<identifier>….md` of an exercise, if there is one.
    private func exerciseSheet(for identifier: String) -> String? {
        context.exerciseSheets.sorted().first { sheet in
            guard let dash = sheet.firstIndex(of: "-"), sheet.hasSuffix(".md") else { return false }
            let name = sheet[sheet.index(after: dash)...].dropLast(3)
            return name == identifier || name.hasPrefix(identifier + "-")
        }
    }

    // MARK: - Call-outs and exercises

    private func callout(_ directive: Directive, kind: DirectiveKind) -> [Block] {
        let calloutKind: CalloutBlock.Kind
        switch kind {
        case .takeaway: calloutKind = .keyTakeaway
        case .pitfall: calloutKind = .pitfall
        case .examTip: calloutKind = .examTip
        default: calloutKind = .note
        }
        let titleText = directive.options["title"] ?? directive.argument
        let title = titleText.isEmpty ? nil : inlines(fromMarkdown: titleText, lineOffset: directive.location.line - 1)
        let body = blocks(fromMarkdown: directive.bodyText, lineOffset: directive.bodyFirstLine - 1)
        if body.isEmpty && directive.bodyText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            error(directive.location, "the `{\(directive.name)}` box is empty; write its text between the fences")
        }
        return [.callout(CalloutBlock(kind: calloutKind, title: title, blocks: body))]
    }

    private func exercise(_ directive: Directive) -> [Block] {
        let here = directive.location
        guard let identifier = nameArgument(directive, what: "exercise") else { return [] }
        guard let titleText = directive.options["title"], !titleText.isEmpty else {
            error(here, "exercise `\(identifier)` needs a title: add `:title: …` under the opening line")
            return []
        }
        let title = inlines(fromMarkdown: titleText, lineOffset: here.line)
        var body = blocks(fromMarkdown: directive.bodyText, lineOffset: directive.bodyFirstLine - 1)
        if !context.exerciseSheets.isEmpty {
            guard let sheet = exerciseSheet(for: identifier) else {
                let slugs = context.exerciseSheets.map { String($0.drop(while: { $0 != "-" }).dropFirst().dropLast(3)) }
                error(
                    here,
                    "unknown exercise `\(identifier)`\(NameSuggestions.hint(for: identifier, in: slugs)); no sheet lessons/exercises/NN-\(identifier)….md (the grader's exercise slugs name the sheets)")
                return []
            }
            let path = "lessons/exercises/\(sheet)"
            if !directive.bodyText.contains(path) {
                body.append(.paragraph([.text("The exercise sheet is "), .code(path), .text(".")]))
            }
        }
        let label = claim(
            label: directive.options["label"] ?? identifier, at: here, explicit: directive.options["label"] != nil)
        return [
            .exercise(
                ExerciseBlock(
                    identifier: identifier, title: title, blocks: body, command: directive.options["command"] ?? context.exerciseCommand,
                    label: label))
        ]
    }
}

import Foundation

/// Turns a lesson's Markdown source and the results of its run into a `Chapter` of the document
/// model: Markdown becomes blocks and inlines, directives become figures, tables, listings,
/// formulas, call-outs and exercises, and roles become values and cross-references.
///
/// Every mistake is collected with its `file:line` (unknown result, figure, table, snippet, label,
/// directive, role, option; bad format; unreadable math), and `assemble` throws them all at once
/// as `LessonSourceErrors`, so an author fixes a lesson in one pass.
public final class LessonAssembler {
    /// What the assembler needs from the run.
    public struct Context {
        public var file: String
        public var results: ResultsStore
        public var snippets: SnippetLibrary
        public var seed: UInt64
        public var quick: Bool
        /// The command that checks a solution (the graded exercises' public checks).
        public var exerciseCommand = "swift test --filter ExerciseTests"
        /// The exercise sheets in `lessons/exercises/` (`01-dropout.md`, ...); an exercise's
        /// identifier must name one (`dropout`). Empty: not checked.
        public var exerciseSheets: [String] = []
        /// Section labels left out of this build (`--only`), with the experiments that did not run.
        public var omittedSections: [String: [String]] = [:]
        /// The command that builds this lesson, for the notes in left-out sections.
        public var rerunCommand = "swift run lesson-…"
        /// Figures a reader can rerun live (`swift run playground`), by figure name: the link is
        /// appended to the figure's caption as "Try a run like this in the playground".
        public var playgroundLinks: [String: String] = [:]
        /// The course's references (`lessons/references.json`) for `` {cite}`id` ``; `nil`: no
        /// references file, and every citation is an error.
        public var bibliography: Bibliography?
        /// The course's claims audit for this lesson's claims, by id (`output/claims/ledger.json`);
        /// empty when no audit was run. A claim held on fewer than 80 % of the audited seeds is
        /// typeset as an open result when it holds (`ClaimAuditRecord`).
        public var auditRecords: [String: ClaimAuditRecord] = [:]

        public init(
            file: String, results: ResultsStore, snippets: SnippetLibrary, seed: UInt64, quick: Bool,
            exerciseCommand: String = "swift test --filter ExerciseTests", exerciseSheets: [String] = []
        ) {
            self.file = file
            self.results = results
            self.snippets = snippets
            self.seed = seed
            self.quick = quick
            self.exerciseCommand = exerciseCommand
            self.exerciseSheets = exerciseSheets
        }
    }

    /// The assembled lesson.
    public struct Output {
        public var title: String?
        public var blocks: [Block]
        /// Names of the results the text used.
        public var usedResults: Set<String>
        /// Per claim id, the sentence typeset for this run's verdict.
        public var claimStatements: [String: String] = [:]
        /// The works the text cites, in order of first citation (their numbers are 1, 2, …).
        public var references: [Reference] = []
    }

    let context: Context
    var errors: [LessonSourceError] = []
    var usedResults: Set<String> = []
    /// Every `{numref}`/`{num}` with its place, checked once all labels are known.
    var references: [(label: String, location: SourceLocation)] = []
    /// Labels given to blocks so far (for duplicate checks and default labels).
    var labels: [String: SourceLocation] = [:]
    var title: String?
    /// Where each claim was stated, and the sentence chosen for its verdict.
    var statedClaims: [String: SourceLocation] = [:]
    var claimStatements: [String: String] = [:]
    /// Claims stated in the paragraph being converted, with the text chosen for their verdict.
    var claimsInParagraph: [(id: String, fragment: String)] = []
    /// Cited references in order of first citation.
    var citedReferences: [Reference] = []

    public init(context: Context) {
        self.context = context
    }

    /// Assembles the whole lesson source.
    public func assemble(_ text: String) throws -> Output {
        var blocks = blocks(fromMarkdown: text, lineOffset: 0, topLevel: true)
        // A build with --only leaves sections out: references into them become a plain mark.
        var missing: Set<String> = []
        for reference in references where labels[reference.label] == nil {
            if !context.omittedSections.isEmpty {
                missing.insert(reference.label)
                continue
            }
            let hint = NameSuggestions.hint(for: reference.label, in: labels.keys)
            error(
                reference.location,
                "unknown label `\(reference.label)`\(hint); label a figure, table, listing, equation, section (`(label)=` before the heading) or exercise with it")
        }
        if !errors.isEmpty {
            throw LessonSourceErrors(errors.sorted { $0.location.line < $1.location.line })
        }
        blocks = Self.replacingReferences(to: missing, in: blocks)
        return Output(
            title: title, blocks: blocks, usedResults: usedResults, claimStatements: claimStatements,
            references: citedReferences)
    }

    func error(_ location: SourceLocation, _ message: String) {
        errors.append(LessonSourceError(location, message))
    }

    func location(_ line: Int) -> SourceLocation {
        SourceLocation(file: context.file, line: line)
    }

    /// Registers a label; reports a duplicate. Returns the label if it was accepted. A default
    /// label (a figure's, table's, listing's or exercise's own name, `explicit: false`) that is
    /// already taken is simply not given.
    @discardableResult
    func claim(label: String?, at location: SourceLocation, explicit: Bool = true) -> String? {
        guard let label else { return nil }
        if let first = labels[label] {
            guard explicit else { return nil }
            error(location, "label `\(label)` is already used at line \(first.line); give each target its own label")
            return nil
        }
        labels[label] = location
        return label
    }

    // MARK: - Markdown to blocks

    /// Protects, parses and converts a piece of Markdown whose first line is source line
    /// `lineOffset + 1`.
    func blocks(fromMarkdown text: String, lineOffset: Int, topLevel: Bool = false) -> [Block] {
        let protected: ProtectedSource
        do {
            protected = try SourcePreprocessor(file: context.file, lineOffset: lineOffset).protect(text)
        } catch let failure as LessonSourceErrors {
            errors.append(contentsOf: failure.errors)
            return []
        } catch {
            self.error(location(lineOffset + 1), "\(error)")
            return []
        }
        let tree = MarkdownParser.parse(protected.markdown)
        var pass = MarkdownPass(protected: protected, lineOffset: lineOffset, topLevel: topLevel)
        return convertBlocks(tree.children, pass: &pass)
    }

    /// The inlines of a one-paragraph piece of Markdown (a caption or a title).
    func inlines(fromMarkdown text: String, lineOffset: Int) -> [Inline] {
        var result: [Inline] = []
        for block in blocks(fromMarkdown: text, lineOffset: lineOffset) {
            guard case .paragraph(let content) = block else {
                error(location(lineOffset + 1), "a caption or title must be plain text (with inline formatting, math and roles)")
                continue
            }
            if !result.isEmpty { result.append(.text(" ")) }
            result += content
        }
        return result
    }

    /// State of one Markdown conversion: its placeholders and heading labels.
    struct MarkdownPass {
        var protected: ProtectedSource
        var lineOffset: Int
        var topLevel: Bool
        var nextHeadingLabel = 0
    }

    func convertBlocks(_ nodes: [MarkdownNode], pass: inout MarkdownPass) -> [Block] {
        var blocks: [Block] = []
        // With --only, a `##` section whose experiments did not run keeps its heading (so its
        // number and label stay) and loses its body to a note.
        var omitting = false
        for node in nodes {
            if pass.topLevel && !context.omittedSections.isEmpty, case .heading(let level) = node.kind {
                if level <= 2 {
                    let converted = convertBlock(node, pass: &pass)
                    blocks += converted
                    omitting = false
                    if case .heading(let heading)? = converted.first, let label = heading.label,
                        let experiments = context.omittedSections[label]
                    {
                        blocks.append(omittedNote(for: experiments))
                        omitting = true
                    }
                    continue
                }
                if omitting {
                    // Skip the labels of left-out subsections too.
                    let labels = pass.protected.headingLabels
                    while pass.nextHeadingLabel < labels.count,
                        labels[pass.nextHeadingLabel].location.line < node.line + pass.lineOffset
                    {
                        pass.nextHeadingLabel += 1
                    }
                }
            }
            if omitting { continue }
            blocks += convertBlock(node, pass: &pass)
        }
        return blocks
    }

    private func convertBlock(_ node: MarkdownNode, pass: inout MarkdownPass) -> [Block] {
        let here = location(node.line + pass.lineOffset)
        switch node.kind {
        case .paragraph:
            return paragraphs(from: node.children, pass: &pass, location: here)
        case .heading(let level):
            return heading(node, level: level, pass: &pass, location: here)
        case .codeBlock(let info):
            var code = node.literal
            if code.hasSuffix("\n") { code.removeLast() }
            let language = info.split(separator: " ").first.map(String.init)
            return [.code(CodeBlock(language: language?.isEmpty == false ? language : nil, code: code))]
        case .htmlBlock:
            return []  // HTML comments and the like do not reach the PDF.
        case .blockQuote:
            return [.blockQuote(convertBlocks(node.children, pass: &pass))]
        case .list(let ordered, let start):
            let items = node.children.map { convertBlocks($0.children, pass: &pass) }
            return [.list(ListBlock(ordered: ordered, start: start, items: items))]
        case .thematicBreak:
            return [.thematicBreak]
        case .table:
            return [.table(markdownTable(node, caption: [], label: nil, pass: &pass))]
        default:
            error(here, "unsupported Markdown block (\(node.kind)); see docs/lesson-format.md")
            return []
        }
    }

    private func heading(_ node: MarkdownNode, level: Int, pass: inout MarkdownPass, location here: SourceLocation) -> [Block] {
        var content = inlines(from: node.children, pass: &pass, location: here)
        var label: String?
        var numbered = true
        // `(label)=` lines before this heading.
        let labels = pass.protected.headingLabels
        while pass.nextHeadingLabel < labels.count, labels[pass.nextHeadingLabel].location.line < here.line {
            if label != nil {
                error(labels[pass.nextHeadingLabel - 1].location, "label `\(label!)` is not followed by a heading; put `(label)=` directly above a heading")
            }
            label = labels[pass.nextHeadingLabel].label
            pass.nextHeadingLabel += 1
        }
        // Pandoc-style attributes at the end: `## Exercises {-}`, `## Setup {#sec-setup}`.
        if case .text(let last)? = content.last, last.hasSuffix("}"), let open = last.lastIndex(of: "{") {
            let attributes = last[last.index(after: open)..<last.index(before: last.endIndex)]
            for attribute in attributes.split(separator: " ") {
                if attribute == "-" || attribute == ".unnumbered" {
                    numbered = false
                } else if attribute.hasPrefix("#") {
                    label = String(attribute.dropFirst())
                } else {
                    error(here, "unknown heading attribute `\(attribute)`; use `{-}` (unnumbered) or `{#label}`")
                }
            }
            let remaining = String(last[..<open]).trimmingCharacters(in: .whitespaces)
            content.removeLast()
            if !remaining.isEmpty { content.append(.text(remaining)) }
        }
        if level == 1 && pass.topLevel {
            if title == nil {
                title = content.plainText
                if let label { error(here, "the lesson title cannot carry the label `\(label)`; label a section instead") }
                return []
            }
            error(here, "a lesson has one `#` title; use `##` for sections and `###` for subsections")
            return []
        }
        let modelLevel = pass.topLevel ? level - 1 : level
        guard (1...3).contains(modelLevel) else {
            error(here, "heading level \(level) is too deep; use `##` (section), `###` (subsection) or `####` (paragraph heading)")
            return []
        }
        return [.heading(Heading(level: modelLevel, content, label: claim(label: label, at: here), numbered: numbered))]
    }

    /// A paragraph's inlines, split into several blocks where a directive or display formula was
    /// written without blank lines around it.
    private func paragraphs(from nodes: [MarkdownNode], pass: inout MarkdownPass, location here: SourceLocation) -> [Block] {
        var blocks: [Block] = []
        var current: [Inline] = []
        func flush() {
            while case .text(let text)? = current.last, text.trimmingCharacters(in: .whitespaces).isEmpty { current.removeLast() }
            while case .text(let text)? = current.first, text.trimmingCharacters(in: .whitespaces).isEmpty { current.removeFirst() }
            if !current.isEmpty { blocks.append(.paragraph(current)) }
            recordSentences(of: current)
            current = []
        }
        for piece in pieces(from: nodes, pass: &pass, location: here) {
            switch piece {
            case .inline(let inline): current.append(inline)
            case .block(let produced):
                flush()
                blocks += produced
            }
        }
        flush()
        return blocks
    }

    /// Inline content where block placeholders are not allowed (headings, table cells, links).
    func inlines(from nodes: [MarkdownNode], pass: inout MarkdownPass, location here: SourceLocation) -> [Inline] {
        var result: [Inline] = []
        for piece in pieces(from: nodes, pass: &pass, location: here) {
            switch piece {
            case .inline(let inline): result.append(inline)
            case .block:
                error(here, "a directive or display formula cannot stand inside a heading, table cell or link; put it on its own lines")
            }
        }
        return result
    }

    enum Piece {
        case inline(Inline)
        case block([Block])
    }

    private func pieces(from nodes: [MarkdownNode], pass: inout MarkdownPass, location here: SourceLocation) -> [Piece] {
        var result: [Piece] = []
        var pendingText = ""
        func flushText() {
            guard !pendingText.isEmpty else { return }
            result += restorePlaceholders(in: pendingText, pass: &pass, location: here)
            pendingText = ""
        }
        for node in nodes {
            switch node.kind {
            case .text:
                pendingText += node.literal
                continue
            case .softBreak:
                pendingText += " "
                continue
            default:
                flushText()
            }
            switch node.kind {
            case .lineBreak: result.append(.inline(.lineBreak))
            case .code: result.append(.inline(.code(node.literal)))
            case .emphasis: result.append(.inline(.emphasis(inlines(from: node.children, pass: &pass, location: here))))
            case .strong: result.append(.inline(.strong(inlines(from: node.children, pass: &pass, location: here))))
            case .strikethrough: result += pieces(from: node.children, pass: &pass, location: here)
            case .link(let url):
                let content = inlines(from: node.children, pass: &pass, location: here)
                if url.hasPrefix("#") {
                    let label = String(url.dropFirst())
                    references.append((label, here))
                    result.append(.inline(.internalLink(label: label, content: content)))
                } else {
                    result.append(.inline(.link(url: url, content: content)))
                }
            case .image(let url):
                error(here, "image `\(url)`: figures come from the run; record the figure in the experiment and place it with `:::{figure} name`")
            case .htmlInline:
                break
            default:
                error(here, "unsupported inline Markdown (\(node.kind))")
            }
        }
        flushText()
        return result
    }

    /// Splits text at placeholder tokens and replaces each by what it stands for.
    private func restorePlaceholders(in text: String, pass: inout MarkdownPass, location here: SourceLocation) -> [Piece] {
        var result: [Piece] = []
        var plain = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == ProtectedSource.inlineStart || character == ProtectedSource.blockStart,
                let end = text[index...].firstIndex(of: ProtectedSource.end),
                let number = Int(text[text.index(after: index)..<end]),
                number < pass.protected.placeholders.count
            {
                if !plain.isEmpty { result.append(.inline(.text(plain))); plain = "" }
                let placeholder = pass.protected.placeholders[number]
                result += resolve(placeholder)
                index = text.index(after: end)
                continue
            }
            plain.append(character)
            index = text.index(after: index)
        }
        if !plain.isEmpty { result.append(.inline(.text(plain))) }
        return result
    }

    private func resolve(_ placeholder: ProtectedSource.Placeholder) -> [Piece] {
        switch placeholder.content {
        case .inlineMath(let formula):
            return [.inline(inlineMath(formula, at: placeholder.location))]
        case .displayMath(let formula, let label):
            guard let block = displayMath(formula, label: label, at: placeholder.location) else { return [] }
            return [.block([block])]
        case .role(let name, let content):
            return (role(name: name, content: content, at: placeholder.location) ?? []).map { .inline($0) }
        case .directive(let directive) where DirectiveKind(name: directive.name) == .claim:
            return claimText(directive).map { .inline($0) }
        case .directive(let directive):
            return [.block(self.directive(directive))]
        }
    }

    // MARK: - Math

    func inlineMath(_ formula: String, at here: SourceLocation) -> Inline {
        do {
            return .math(try MathFormula(formula))
        } catch {
            self.error(here, "\(error)")
            return .text(formula)
        }
    }

    /// A display formula; `\\` separates lines.
    func displayMath(_ formula: String, label: String?, at here: SourceLocation) -> Block? {
        do {
            let lines = formula.components(separatedBy: "\\\\").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            let formulas = try lines.filter { !$0.isEmpty }.map { try MathFormula($0) }
            return .displayMath(DisplayMath(lines: formulas, label: claim(label: label, at: here)))
        } catch {
            self.error(here, "\(error)")
            return nil
        }
    }
}

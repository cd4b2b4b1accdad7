import Foundation
import NotebookDocument

/// Renders one chapter's blocks and inlines as HTML.
///
/// Numbers come from ``DocumentNumbering``, taken in the order the numbering walked the blocks
/// (depth first, a block before its children), as the PDF typesetter takes them; so "Figure 3"
/// means the same figure in both editions. Every numbered block gets the numbering's destination
/// as its `id`, and every reference becomes a link to it (on another page of the site when the
/// target is in another chapter). All text is escaped; links keep only `http(s):`, `mailto:` and
/// fragment targets, so a lesson cannot smuggle `javascript:` into a page.
struct ChapterRenderer {
    let numbering: DocumentNumbering
    let chapterIndex: Int
    let chapterTitle: String
    /// The address of a numbered place, seen from this chapter's page.
    let href: (DocumentNumbering.Entry) -> String
    /// Writes a figure's SVG and returns its address relative to the page.
    let writeFigure: (FigureBlock, DocumentNumbering.Entry) throws -> String

    /// The chapter's numbered entries in walk order, without the chapter's own entry.
    private var pending: ArraySlice<DocumentNumbering.Entry>
    /// Headings of levels 1 and 2 as rendered: (id, number, plain title, level), for the sidebar.
    private(set) var outline: [(id: String, number: String?, title: String, level: Int)] = []
    private var unnumberedCount = 0
    /// The level of the last heading element written (the chapter title is the page's h1).
    private var lastHeadingLevel = 1

    init(
        numbering: DocumentNumbering, chapterIndex: Int, chapterTitle: String,
        href: @escaping (DocumentNumbering.Entry) -> String,
        writeFigure: @escaping (FigureBlock, DocumentNumbering.Entry) throws -> String
    ) {
        self.numbering = numbering
        self.chapterIndex = chapterIndex
        self.chapterTitle = chapterTitle
        self.href = href
        self.writeFigure = writeFigure
        self.pending = numbering.entriesByChapter[chapterIndex].filter { $0.kind != .chapter }[...]
    }

    mutating func nextEntry(_ kind: DocumentNumbering.Kind) throws -> DocumentNumbering.Entry {
        guard let entry = pending.first, entry.kind == kind else {
            throw HTMLEditionError.cannotWrite(
                path: chapterTitle, reason: "numbering out of step at a \(kind.rawValue) (internal error)")
        }
        pending.removeFirst()
        return entry
    }

    // MARK: - Blocks

    mutating func blocks(_ blocks: [Block]) throws -> String {
        var html = ""
        for block in blocks { html += try self.block(block) }
        return html
    }

    mutating func block(_ block: Block) throws -> String {
        switch block {
        case .heading(let heading):
            return try self.heading(heading)
        case .paragraph(let content):
            return "<p>" + (try inlines(content)) + "</p>\n"
        case .code(let code):
            return try listing(code)
        case .displayMath(let math):
            let entry = math.label != nil ? try nextEntry(.equation) : nil
            let lines = math.lines.map { MathMLRenderer.markup(for: $0, display: true) }.joined()
            let id = entry.map { " id=\"\(HTMLEscaping.attribute($0.destination))\"" } ?? ""
            let number = entry.map { "<span class=\"eqno\">\(HTMLEscaping.text($0.number))</span>" } ?? ""
            return "<div class=\"equation\"\(id)><div class=\"formula\">\(lines)</div>\(number)</div>\n"
        case .figure(let figure):
            return try self.figure(figure)
        case .table(let table):
            return try self.table(table)
        case .callout(let callout):
            let title = try callout.title.map { try inlines($0) } ?? HTMLEscaping.text(callout.kind.defaultTitle)
            let kind = Self.calloutClass(callout.kind)
            return "<aside class=\"callout \(kind)\"><p class=\"callout-title\">\(title)</p>\n"
                + (try blocks(callout.blocks)) + "</aside>\n"
        case .exercise(let exercise):
            let entry = try nextEntry(.exercise)
            var html = "<section class=\"exercise\" id=\"\(HTMLEscaping.attribute(entry.destination))\">"
            html += "<p class=\"exercise-title\"><strong>Exercise \(HTMLEscaping.text(entry.number)):</strong> "
                + (try inlines(exercise.title)) + "</p>\n"
            html += try blocks(exercise.blocks)
            if let command = exercise.command {
                html += "<p class=\"exercise-command\">Check your solution: <code>\(HTMLEscaping.text(command))</code></p>\n"
            }
            return html + "</section>\n"
        case .list(let list):
            var html = list.ordered ? (list.start == 1 ? "<ol>" : "<ol start=\"\(list.start)\">") : "<ul>"
            for item in list.items { html += "<li>" + (try blocks(item)) + "</li>" }
            return html + (list.ordered ? "</ol>\n" : "</ul>\n")
        case .blockQuote(let content):
            return "<blockquote>" + (try blocks(content)) + "</blockquote>\n"
        case .thematicBreak:
            return "<hr>\n"
        case .pageBreak:
            return ""
        case .quiz(let quiz):
            return try self.quiz(quiz)
        case .explorer(let explorer):
            return try self.explorer(explorer)
        case .references(let list):
            var html = "<ol class=\"references\">"
            for item in list.entries {
                let entry = try nextEntry(.citation)
                html += "<li id=\"\(HTMLEscaping.attribute(entry.destination))\">"
                    + "<span class=\"reference-number\">[\(item.number)]</span> "
                    + (try inlines(item.reference.formatted)) + "</li>\n"
            }
            return html + "</ol>\n"
        }
    }

    static func calloutClass(_ kind: CalloutBlock.Kind) -> String {
        switch kind {
        case .keyTakeaway: return "takeaway"
        case .pitfall: return "pitfall"
        case .examTip: return "exam-tip"
        case .note: return "note"
        }
    }

    private mutating func heading(_ heading: Heading) throws -> String {
        let numbered = heading.level <= 2 && heading.numbered
        let entry = numbered ? try nextEntry(.section) : nil
        let id: String
        if let entry {
            id = entry.destination
        } else {
            unnumberedCount += 1
            id = "c\(chapterIndex + 1)-heading-\(unnumberedCount)"
        }
        // The chapter title is the page's h1; sections are h2, subsections h3, run-in headings h4,
        // but never more than one level below the previous heading (a run-in heading right
        // under a section is an h3), so assistive technology sees no skipped level.
        let level = min(heading.level + 1, lastHeadingLevel + 1, 4)
        lastHeadingLevel = level
        let tag = "h\(level)"
        let number = entry.map { "<span class=\"number\">\(HTMLEscaping.text($0.number))</span> " } ?? ""
        if heading.level <= 2 {
            outline.append((id, entry?.number, heading.content.plainText, heading.level))
        }
        return "<\(tag) id=\"\(HTMLEscaping.attribute(id))\">\(number)\(try inlines(heading.content))</\(tag)>\n"
    }

    private mutating func listing(_ code: CodeBlock) throws -> String {
        let entry = code.caption != nil || code.label != nil ? try nextEntry(.listing) : nil
        var html = "<figure class=\"listing\""
        if let entry { html += " id=\"\(HTMLEscaping.attribute(entry.destination))\"" }
        html += ">"
        if entry != nil || code.source != nil {
            html += "<figcaption>"
            if let entry { html += "<span class=\"caption-label\">Listing \(HTMLEscaping.text(entry.number)):</span> " }
            if let caption = code.caption { html += try inlines(caption) }
            if let source = code.source { html += " <span class=\"source\">\(HTMLEscaping.text(source))</span>" }
            html += "</figcaption>"
        }
        let language = code.language.map { " class=\"language-\(HTMLEscaping.attribute($0))\"" } ?? ""
        html += "<div class=\"code\"><button type=\"button\" class=\"copy\">Copy</button>"
            + "<pre tabindex=\"0\"><code\(language)>\(Self.codeMarkup(code))</code></pre></div></figure>\n"
        return html
    }

    /// A listing's text, escaped; Swift is coloured with the same pieces as in the PDF
    /// (``SwiftTokenizer``), each a `<span class="tk-…">` that the stylesheet colours per theme.
    static func codeMarkup(_ code: CodeBlock) -> String {
        guard code.language?.lowercased() == "swift" else { return HTMLEscaping.text(code.code) }
        var html = ""
        for token in SwiftTokenizer.tokens(code.code) {
            let text = HTMLEscaping.text(token.text)
            html += token.kind == .plain ? text : "<span class=\"tk-\(token.kind.rawValue)\">\(text)</span>"
        }
        return html
    }

    private mutating func figure(_ figure: FigureBlock) throws -> String {
        let entry = try nextEntry(.figure)
        let source: String
        do {
            source = try writeFigure(figure, entry)
        } catch {
            throw HTMLEditionError.figureFailed(number: entry.number, chapter: chapterTitle, underlying: "\(error)")
        }
        let alt = "Figure \(entry.number): " + figure.caption.plainText
        // The drawing's size is in points; a CSS pixel is 3/4 of a point.
        let size = (width: figure.drawing.size.width * 4 / 3, height: figure.drawing.size.height * 4 / 3)
        let width = figure.widthFraction.map { " style=\"max-width: \(Int(($0 * 100).rounded()))%\"" } ?? ""
        return "<figure class=\"figure\" id=\"\(HTMLEscaping.attribute(entry.destination))\">"
            + "<img src=\"\(HTMLEscaping.attribute(source))\" alt=\"\(HTMLEscaping.attribute(alt))\""
            + " width=\"\(Int(size.width.rounded()))\" height=\"\(Int(size.height.rounded()))\"\(width)>"
            + "<figcaption><span class=\"caption-label\">Figure \(HTMLEscaping.text(entry.number)):</span> "
            + (try inlines(figure.caption)) + "</figcaption></figure>\n"
    }

    private mutating func table(_ table: TableBlock) throws -> String {
        let entry = try nextEntry(.table)
        func alignment(_ column: Int) -> String {
            guard column < table.alignments.count else { return "" }
            switch table.alignments[column] {
            case .left: return ""
            case .center: return " class=\"center\""
            case .right: return " class=\"right\""
            }
        }
        var html = "<figure class=\"table\" id=\"\(HTMLEscaping.attribute(entry.destination))\">"
        html += "<figcaption><span class=\"caption-label\">Table \(HTMLEscaping.text(entry.number)):</span> "
            + (try inlines(table.caption)) + "</figcaption>"
        html += "<div class=\"table-scroll\" tabindex=\"0\"><table><thead><tr>"
        for (column, cell) in table.header.enumerated() {
            html += "<th scope=\"col\"\(alignment(column))>" + (try inlines(cell)) + "</th>"
        }
        html += "</tr></thead><tbody>"
        for row in table.rows {
            html += "<tr>"
            for column in 0..<max(row.count, table.header.count) {
                let cell = column < row.count ? row[column] : []
                html += "<td\(alignment(column))>" + (try inlines(cell)) + "</td>"
            }
            html += "</tr>"
        }
        return html + "</tbody></table></div></figure>\n"
    }

    // MARK: - Inlines

    func inlines(_ inlines: [Inline]) throws -> String {
        var html = ""
        for inline in inlines { html += try self.inline(inline) }
        return html
    }

    func inline(_ inline: Inline) throws -> String {
        switch inline {
        case .text(let text):
            return HTMLEscaping.text(text)
        case .emphasis(let content):
            return "<em>" + (try inlines(content)) + "</em>"
        case .strong(let content):
            return "<strong>" + (try inlines(content)) + "</strong>"
        case .code(let code):
            return "<code>" + HTMLEscaping.text(code) + "</code>"
        case .math(let formula):
            return MathMLRenderer.markup(for: formula, display: false)
        case .link(let url, let content):
            let text = try inlines(content)
            guard Self.isSafeLink(url) else { return text }
            return "<a href=\"\(HTMLEscaping.attribute(url))\">\(text)</a>"
        case .internalLink(let label, let content):
            let entry = try numbering.resolve(label, fromChapter: chapterIndex)
            return "<a href=\"\(HTMLEscaping.attribute(href(entry)))\">" + (try inlines(content)) + "</a>"
        case .reference(let label):
            let entry = try numbering.resolve(label, fromChapter: chapterIndex)
            let text = entry.kind.word + "\u{00A0}" + entry.number
            return "<a class=\"xref\" href=\"\(HTMLEscaping.attribute(href(entry)))\">\(HTMLEscaping.text(text))</a>"
        case .referenceNumber(let label):
            let entry = try numbering.resolve(label, fromChapter: chapterIndex)
            return "<a class=\"xref\" href=\"\(HTMLEscaping.attribute(href(entry)))\">\(HTMLEscaping.text(entry.number))</a>"
        case .lineBreak:
            return "<br>"
        }
    }

    /// Web and mail addresses and in-page fragments; anything else (`javascript:`, `data:`,
    /// `file:`) is shown as text without a link.
    static func isSafeLink(_ url: String) -> Bool {
        let lowered = url.trimmingCharacters(in: .whitespaces).lowercased()
        return lowered.hasPrefix("https://") || lowered.hasPrefix("http://") || lowered.hasPrefix("mailto:")
            || (lowered.hasPrefix("#") && !lowered.contains(":"))
    }
}

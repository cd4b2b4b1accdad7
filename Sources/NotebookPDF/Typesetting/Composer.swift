import CPangoCairo
import NotebookDocument
import Preconditions

/// Turns a document into the flat sequence of ``LayoutItem``s that the paginator breaks into
/// pages: measures every paragraph, listing, figure and table at its width, numbers them (in the
/// order of ``DocumentNumbering``) and records destinations, bookmarks and running headers.
final class Composer {
    let document: Document
    let style: TypesetStyle
    let numbering: DocumentNumbering
    /// The Pango context every layout is made in (72 dpi, no hinting of metrics).
    let context: OpaquePointer
    /// Page numbers of destinations from a previous pass, for the table of contents and the index
    /// of exercises; empty in the first pass.
    let pageNumbers: [String: Int]
    /// Hyphenates justified paragraphs (`nil` when the text is set ragged right).
    let hyphenator: Hyphenator?
    /// The document's text layouts, shared by the composition passes and the page renderer.
    let layouts: TextLayoutCache

    var items: [LayoutItem] = []
    var entryCursor = 0
    var chapterIndex = 0
    private var nextGroup = 0
    /// Exercises met so far: for the course's index of exercises.
    private(set) var exercises: [(entry: DocumentNumbering.Entry, title: InlineMarkup, identifier: String)] = []
    /// Quick checks of the chapter being composed, for its answers section.
    var quizzes: [(entry: DocumentNumbering.Entry, quiz: QuizBlock)] = []

    init(
        document: Document, style: TypesetStyle, numbering: DocumentNumbering, context: OpaquePointer,
        pageNumbers: [String: Int], layouts: TextLayoutCache = TextLayoutCache()
    ) {
        self.layouts = layouts
        self.document = document
        self.style = style
        self.numbering = numbering
        self.context = context
        self.pageNumbers = pageNumbers
        self.hyphenator = style.hyphenate ? Hyphenator.shared : nil
    }

    var chapter: Chapter { document.chapters[chapterIndex] }

    func environment(fontSize: Double, hyphenate: Bool = false) -> InlineMarkup.Environment {
        InlineMarkup.Environment(
            numbering: numbering, chapterIndex: chapterIndex, chapterTitle: chapter.title,
            fontSize: fontSize, style: style, hyphenator: hyphenate ? hyphenator : nil, math: mathLayout)
    }

    /// `hyphenate`: soft hyphens in ordinary words (for justified paragraphs).
    func markup(_ inlines: [Inline], fontSize: Double, hyphenate: Bool = false) throws -> InlineMarkup {
        try InlineMarkup(inlines, environment: environment(fontSize: fontSize, hyphenate: hyphenate))
    }

    func layout(
        _ markup: InlineMarkup, font: FontSpec, width: Double?, alignment: PangoAlignment = PANGO_ALIGN_LEFT,
        justify: Bool = false, lineSpacing: Double? = nil
    ) -> TextLayout {
        layouts.layout(
            markup: "<span foreground=\"\(style.textColor)\">\(markup.markup)</span>", font: font,
            width: width, alignment: alignment, justify: justify,
            lineSpacing: lineSpacing ?? style.lineSpacing, links: markup.links, objects: markup.objects,
            context: context)
    }

    /// A layout of plain text.
    func layout(
        plain text: String, font: FontSpec, width: Double?, alignment: PangoAlignment = PANGO_ALIGN_LEFT,
        color: String? = nil
    ) -> TextLayout {
        layouts.layout(
            markup: "<span foreground=\"\(color ?? style.textColor)\">\(escapeMarkup(text))</span>",
            font: font, width: width, alignment: alignment, lineSpacing: style.lineSpacing,
            context: context)
    }

    func newGroup() -> Int {
        nextGroup += 1
        return nextGroup
    }

    /// The next numbered entry of the current chapter; it must be of `kind` (the composer walks the
    /// blocks in the same order as ``DocumentNumbering``).
    func nextEntry(_ kind: DocumentNumbering.Kind) -> DocumentNumbering.Entry {
        let entries = numbering.entriesByChapter[chapterIndex]
        checkPrecondition(
            entryCursor < entries.count && entries[entryCursor].kind == kind,
            "Composer: expected a \(kind) entry at position \(entryCursor) of chapter \(chapterIndex + 1); "
                + "the composer and DocumentNumbering must walk blocks in the same order")
        defer { entryCursor += 1 }
        return entries[entryCursor]
    }

    func append(_ item: LayoutItem) { items.append(item) }

    // MARK: - Document

    /// Composes the whole document: front matter, chapters, back matter.
    func compose() throws {
        switch document.kind {
        case .lesson:
            guard document.chapters.count == 1 else {
                throw TypesettingError.invalidDocument(
                    "a lesson has exactly one chapter, '\(document.title)' has \(document.chapters.count); "
                        + "use kind .course for several")
            }
            composeLessonTitle()
            try composeChapterBody(0)
            composeColophon(title: "About this document")
        case .course:
            guard !document.chapters.isEmpty else {
                throw TypesettingError.invalidDocument(
                    "the course '\(document.title)' has no chapters; add at least one lesson")
            }
            composeTitlePage()
            composeContents()
            for index in document.chapters.indices {
                append(LayoutItem(.pageBreak, x: style.marginLeft))
                try composeChapterHeading(index)
                try composeChapterBody(index)
            }
            if !exercises.isEmpty { composeExerciseIndex() }
            composeColophon(title: "Colophon")
        }
    }

    /// The blocks of chapter `index`, and its colophon lines.
    func composeChapterBody(_ index: Int) throws {
        chapterIndex = index
        entryCursor = 0
        if document.kind == .course || chapter.label != nil { _ = nextEntry(.chapter) }
        try compose(chapter.blocks, x: style.marginLeft, width: style.textWidth)
        try composeQuizAnswers()
        if document.kind == .course, !chapter.colophon.isEmpty {
            let text = chapter.colophon.map { "\($0.name): \($0.value)" }.joined(separator: "  ·  ")
            var item = LayoutItem(
                .text(layout(plain: text, font: style.small, width: style.textWidth, color: style.mutedColor)),
                x: style.marginLeft)
            item.spaceBefore = style.blockSpace * 1.5
            item.isFloatBarrier = true
            append(item)
        }
    }

    // MARK: - Blocks

    /// Composes `blocks` in the column `x ..< x + width`. The first item of the first block gets
    /// `marker` (a list bullet).
    func compose(_ blocks: [Block], x: Double, width: Double, marker: (TextLayout, Double)? = nil) throws {
        for (index, block) in blocks.enumerated() {
            let firstItem = items.count
            try compose(block, x: x, width: width)
            if index == 0, let (layout, markerX) = marker, firstItem < items.count {
                items[firstItem].marker = layout
                items[firstItem].markerX = markerX
            }
        }
    }

    func compose(_ block: Block, x: Double, width: Double) throws {
        switch block {
        case .heading(let heading): try composeHeading(heading, x: x, width: width)
        case .paragraph(let inlines): try composeParagraph(inlines, x: x, width: width)
        case .code(let code): try composeCode(code, x: x, width: width)
        case .displayMath(let math): try composeDisplayMath(math, x: x, width: width)
        case .figure(let figure): try composeFigure(figure, x: x, width: width)
        case .table(let table): try composeTable(table, x: x, width: width)
        case .callout(let callout): try composeCallout(callout, x: x, width: width)
        case .exercise(let exercise): try composeExercise(exercise, x: x, width: width)
        case .list(let list): try composeList(list, x: x, width: width)
        case .blockQuote(let blocks): try composeQuote(blocks, x: x, width: width)
        case .thematicBreak: composeThematicBreak(x: x, width: width)
        case .pageBreak: append(LayoutItem(.pageBreak, x: x))
        case .quiz(let quiz): try composeQuiz(quiz, x: x, width: width)
        case .explorer(let explorer): try composeExplorer(explorer, x: x, width: width)
        case .references(let list): try composeReferences(list, x: x, width: width)
        }
    }

    /// A reference list: "[3]" hanging in the left margin of each entry, the entry ragged right
    /// (it holds addresses) and the target of the citations that link to it.
    func composeReferences(_ list: ReferenceList, x: Double, width: Double) throws {
        let font = style.body.with(size: style.bodySize * 0.92)
        let indent = font.size * 2.6
        for (offset, item) in list.entries.enumerated() {
            let entry = nextEntry(.citation)
            let marker = layout(plain: "[\(item.number)]", font: font, width: indent - 5, alignment: PANGO_ALIGN_RIGHT)
            let text = try markup(item.reference.formatted, fontSize: font.size)
            var layoutItem = LayoutItem(.text(layout(text, font: font, width: width - indent)), x: x + indent)
            layoutItem.marker = marker
            layoutItem.markerX = x
            layoutItem.structure = StructureTag("P")
            layoutItem.spaceBefore = offset == 0 ? style.paragraphSpace : style.paragraphSpace * 0.5
            layoutItem.spaceAfter = style.paragraphSpace * 0.5
            layoutItem.destinations.append(entry.destination)
            append(layoutItem)
        }
    }

    func composeParagraph(_ inlines: [Inline], x: Double, width: Double) throws {
        let text = try markup(inlines, fontSize: style.bodySize, hyphenate: style.hyphenate)
        var item = LayoutItem(
            .text(layout(text, font: style.body, width: width, justify: style.justify)), x: x)
        item.structure = StructureTag("P")
        item.spaceBefore = style.paragraphSpace
        item.spaceAfter = style.paragraphSpace
        append(item)
    }

    func composeHeading(_ heading: Heading, x: Double, width: Double) throws {
        let font: FontSpec
        let spaceBefore: Double
        let spaceAfter: Double
        switch heading.level {
        case 1:
            font = style.sans.with(size: style.bodySize * 1.36, bold: true)
            spaceBefore = style.bodySize * 2.1
            spaceAfter = style.bodySize * 0.7
        case 2:
            font = style.sans.with(size: style.bodySize * 1.12, bold: true)
            spaceBefore = style.bodySize * 1.6
            spaceAfter = style.bodySize * 0.5
        default:
            font = style.body.with(bold: true)
            spaceBefore = style.bodySize * 1.1
            spaceAfter = style.bodySize * 0.3
        }
        let entry = heading.level <= 2 && heading.numbered ? nextEntry(.section) : nil
        var text = InlineMarkup()
        if let entry {  // "2.1" in grey, an em space, the title
            text.appendRaw(
                "<span foreground=\"#555555\">\(escapeMarkup(entry.number))</span>\u{2003}",
                textLength: entry.number.utf8.count + "\u{2003}".utf8.count)
        }
        text.append(try markup(heading.content, fontSize: font.size))
        var item = LayoutItem(.text(layout(text, font: font, width: width, lineSpacing: 1.1)), x: x)
        // The chapter title is H1 (see the title block); `#` sections H2, `##` H3, deeper H4.
        item.structure = StructureTag("H\(min(heading.level + 1, 4))")
        item.spaceBefore = spaceBefore
        item.spaceAfter = spaceAfter
        item.keepWithNext = true
        let title = heading.content.plainText
        if let entry {
            item.destinations.append(entry.destination)
            item.outline = OutlineEntry(
                title: "\(entry.number) \(title)",
                level: heading.level - (document.kind == .course ? 0 : 1))
            if heading.level == 1, document.kind == .lesson { item.runningSection = "\(entry.number)  \(title)" }
        } else if heading.level <= 2 {
            item.outline = OutlineEntry(title: title, level: heading.level - (document.kind == .course ? 0 : 1))
            if heading.level == 1, document.kind == .lesson { item.runningSection = title }
        }
        append(item)
    }

    /// Lays out display formulas in the math font (created on first use; it caches fonts).
    lazy var mathLayout = MathLayout(size: style.bodySize, textFamily: style.body.family, context: context)

    func composeDisplayMath(_ math: DisplayMath, x: Double, width: Double) throws {
        let entry = math.label != nil ? nextEntry(.equation) : nil
        let numberLayout = entry.map {
            layout(plain: $0.number, font: style.body, width: nil)
        }
        let boxes = try math.lines.map { try mathLayout.layout($0.nodes, style: .display) }
        let lineGap = style.bodySize * 0.5
        let height = boxes.map(\.height).reduce(0, +) + lineGap * Double(boxes.count - 1)
        let textColor = style.textRGB
        var item = LayoutItem(
            .atomic(height: height) { cairo, left, top in
                cairo_set_source_rgb(cairo, textColor.0, textColor.1, textColor.2)
                var y = top
                for box in boxes {
                    box.draw(cairo, left + (width - box.width) / 2, y + box.ascent)
                    y += box.height + lineGap
                }
                if let numberLayout {
                    // The number sits on the baseline of the formula (of its middle line).
                    let middle = boxes.count / 2
                    let baseline = top + boxes[..<middle].map { $0.height + lineGap }.reduce(0, +)
                        + boxes[middle].ascent
                    numberLayout.draw(at: left + width - numberLayout.width, baseline - numberLayout.firstBaseline, on: cairo)
                }
            }, x: x)
        item.spaceBefore = style.paragraphSpace * 1.3
        item.spaceAfter = style.paragraphSpace * 1.3
        // Read and copied on one line, with its number: `E[y] = (1 − p)·a/(1 − p) = a (1)`.
        let linear = math.lines.map(\.linearText).joined(separator: "; ")
        item.structure = StructureTag(
            "Formula", alternativeText: linear, actualText: linear + (entry.map { " " + $0.number } ?? ""))
        if let entry { item.destinations.append(entry.destination) }
        append(item)
    }

    func composeCallout(_ callout: CalloutBlock, x: Double, width: Double) throws {
        let colors = BoxColors.forCallout(callout.kind)
        var title = InlineMarkup()
        if let custom = callout.title {
            title = try markup(custom, fontSize: style.bodySize)
        } else {
            title.appendText(callout.kind.defaultTitle)
        }
        title.wrap(inSpan: "foreground=\"\(colors.title)\" font_weight=\"bold\"")
        try composeBox(colors: colors, title: title, x: x, width: width) { innerX, innerWidth in
            try self.compose(callout.blocks, x: innerX, width: innerWidth)
        }
    }

    func composeExercise(_ exercise: ExerciseBlock, x: Double, width: Double) throws {
        let entry = nextEntry(.exercise)
        let colors = BoxColors.exercise
        var title = InlineMarkup()
        title.appendText("Exercise \(entry.number)")
        let titleMarkup = try markup(exercise.title, fontSize: style.bodySize)
        if !exercise.title.isEmpty {
            title.appendText(": ")
            title.append(titleMarkup)
        }
        title.wrap(inSpan: "foreground=\"\(colors.title)\" font_weight=\"bold\"")
        exercises.append((entry, titleMarkup, exercise.identifier))
        let firstItem = items.count
        try composeBox(colors: colors, title: title, x: x, width: width) { innerX, innerWidth in
            try self.compose(exercise.blocks, x: innerX, width: innerWidth)
            if let command = exercise.command {
                var line = InlineMarkup()
                line.appendText("Check your solution: ")
                try line.append(.code(command), self.environment(fontSize: self.style.caption.size))
                var item = LayoutItem(
                    .text(self.layout(line, font: self.style.caption, width: innerWidth)), x: innerX)
                item.spaceBefore = self.style.paragraphSpace
                self.append(item)
            }
        }
        items[firstItem].destinations.append(entry.destination)
    }

    /// A tinted box with a coloured bar and a bold title line, around the items `body` composes in
    /// the inner column it is given.
    func composeBox(
        colors: BoxColors, title: InlineMarkup, x: Double, width: Double,
        body: (Double, Double) throws -> Void
    ) throws {
        let group = newGroup()
        let frame = Frame(
            style: .box(colors), x: x, width: width, paddingTop: style.boxPadding,
            paddingBottom: style.boxPadding - 2)
        var start = LayoutItem(.frameStart(frame), x: x)
        start.spaceBefore = style.blockSpace
        start.keepWithNext = true
        start.group = group
        append(start)
        let innerX = x + style.barWidth + style.boxPadding * 1.4
        let innerWidth = width - (innerX - x) - style.boxPadding * 1.4
        var titleItem = LayoutItem(.text(layout(title, font: style.sans.with(size: style.bodySize * 0.95), width: innerWidth)), x: innerX)
        titleItem.keepWithNext = true
        titleItem.spaceAfter = style.paragraphSpace * 0.6
        titleItem.group = group
        append(titleItem)
        let bodyStart = items.count
        try body(innerX, innerWidth)
        for index in bodyStart..<items.count where items[index].group == nil {
            items[index].group = group
        }
        var end = LayoutItem(.frameEnd(frame), x: x)
        end.spaceAfter = style.blockSpace
        end.group = group
        append(end)
    }

    func composeList(_ list: ListBlock, x: Double, width: Double) throws {
        let indent = style.listIndent
        let listStart = items.count
        for (offset, itemBlocks) in list.items.enumerated() {
            let label = list.ordered ? "\(list.start + offset)." : "•"
            let marker = layout(plain: label, font: style.body, width: indent - 5, alignment: PANGO_ALIGN_RIGHT)
            let before = items.count
            try compose(itemBlocks, x: x + indent, width: width - indent, marker: (marker, x))
            // Items of one list sit closer together than paragraphs.
            if before < items.count, offset > 0 {
                items[before].spaceBefore = min(items[before].spaceBefore, style.paragraphSpace * 0.5)
            }
            if before < items.count, offset < list.items.count - 1 {
                items[items.count - 1].spaceAfter = min(items[items.count - 1].spaceAfter, style.paragraphSpace * 0.5)
            }
            tagListItem(before..<items.count, marker: marker)
        }
        enclose(listStart..<items.count, in: [.element("L")], closing: 1)
    }

    /// Tags items `range` as one list item: `LI`, with the marker as its label (`Lbl`) and the
    /// item's blocks as its body (`LBody`).
    func tagListItem(_ range: Range<Int>, marker: TextLayout) {
        let hasLabel = range.first.map { items[$0].marker === marker } ?? false
        enclose(range, in: [.element("LI")] + (hasLabel ? [.label] : []) + [.element("LBody")], closing: 2)
    }

    /// Makes the structure elements `openings` enclose the items `range` (floats, which the
    /// paginator may move, stay outside): begun before the first item that is not a float, and
    /// `closing` of them ended after the last one.
    func enclose(_ range: Range<Int>, in openings: [StructureOpening], closing: Int) {
        guard let first = range.first(where: { !items[$0].isFloat }),
            let last = range.last(where: { !items[$0].isFloat })
        else { return }
        items[first].opensStructure.insert(contentsOf: openings, at: 0)
        items[last].closesStructure += closing
    }

    func composeQuote(_ blocks: [Block], x: Double, width: Double) throws {
        let frame = Frame(style: .quote, x: x + 4, width: width - 8, paddingTop: 2, paddingBottom: 2)
        var start = LayoutItem(.frameStart(frame), x: x)
        start.spaceBefore = style.paragraphSpace
        start.keepWithNext = true
        append(start)
        try compose(blocks, x: x + style.quoteIndent, width: width - 2 * style.quoteIndent)
        var end = LayoutItem(.frameEnd(frame), x: x)
        end.spaceAfter = style.paragraphSpace
        append(end)
    }

    func composeThematicBreak(x: Double, width: Double) {
        let ruleWidth = width * 0.3
        var item = LayoutItem(
            .atomic(height: 1) { cairo, left, top in
                cairo_set_source_rgb(cairo, 0.6, 0.6, 0.6)
                cairo_set_line_width(cairo, 0.6)
                cairo_move_to(cairo, left + (width - ruleWidth) / 2, top + 0.5)
                cairo_line_to(cairo, left + (width + ruleWidth) / 2, top + 0.5)
                cairo_stroke(cairo)
            }, x: x)
        item.spaceBefore = style.blockSpace
        item.spaceAfter = style.blockSpace
        append(item)
    }

    /// A caption line: "Figure 3: …" with the label part in bold; centred when it fits on one line.
    func captionLayout(prefix: String, caption: [Inline], width: Double) throws -> TextLayout {
        var text = InlineMarkup()
        text.appendRaw("<b>\(escapeMarkup(prefix))</b>", textLength: prefix.utf8.count)
        if !caption.isEmpty {
            text.appendText(" ")
            text.append(try markup(caption, fontSize: style.caption.size))
        }
        let ragged = layout(text, font: style.caption, width: width, lineSpacing: 1.2)
        if ragged.lines.count == 1 {
            return layout(text, font: style.caption, width: width, alignment: PANGO_ALIGN_CENTER, lineSpacing: 1.2)
        }
        return ragged
    }
}

import CPangoCairo
import NotebookDocument

/// Quick checks and interactive figures on paper. A quick check is set where it stands (question
/// and options) and its answers with the explanations in "Answers to the quick checks" at the end
/// of the lesson (or chapter); an explorer is one numbered figure of its printed frames side by
/// side, the caption naming each panel's value.
extension Composer {
    static let quizColors = BoxColors(bar: (0.48, 0.30, 0.76), background: (0.955, 0.94, 0.985), title: "#4f2a8a")

    func composeQuiz(_ quiz: QuizBlock, x: Double, width: Double) throws {
        let entry = nextEntry(.quiz)
        quizzes.append((entry, quiz))
        var title = InlineMarkup()
        title.appendText("Quick check \(entry.number)")
        title.wrap(inSpan: "foreground=\"\(Self.quizColors.title)\" font_weight=\"bold\"")
        let firstItem = items.count
        try composeBox(colors: Self.quizColors, title: title, x: x, width: width) { innerX, innerWidth in
            try self.composeParagraph(quiz.question, x: innerX, width: innerWidth)
            if quiz.multipleAnswers {
                try self.composeNote("Choose every right answer.", x: innerX, width: innerWidth)
            }
            try self.composeOptions(quiz.options.map { ($0.text, nil) }, x: innerX, width: innerWidth)
            // The first layout pass does not know the page yet; "page 0" keeps the line's length.
            let page = self.pageNumbers[entry.destination + "-answers"] ?? 0
            try self.composeNote("Answers and explanations: page \(page).", x: innerX, width: innerWidth)
        }
        items[firstItem].destinations.append(entry.destination)
    }

    /// "(a) option" lines; `prefix` is set in bold before an option's text.
    private func composeOptions(_ options: [([Inline], [Inline]?)], x: Double, width: Double) throws {
        let indent = style.listIndent
        let listStart = items.count
        for (index, option) in options.enumerated() {
            let marker = layout(plain: "(\(QuizBlock.letter(index)))", font: style.body, width: indent - 5, alignment: PANGO_ALIGN_RIGHT)
            let before = items.count
            var content = option.1 ?? []
            if !content.isEmpty { content.append(.text(" ")) }
            content += option.0
            try compose([.paragraph(content)], x: x + indent, width: width - indent, marker: (marker, x))
            if before < items.count, index > 0 {
                items[before].spaceBefore = min(items[before].spaceBefore, style.paragraphSpace * 0.4)
            }
            tagListItem(before..<items.count, marker: marker)
        }
        // Tagged PDF: the options are a list.
        enclose(listStart..<items.count, in: [.element("L")], closing: 1)
    }

    private func composeNote(_ text: String, x: Double, width: Double) throws {
        var item = LayoutItem(.text(layout(plain: text, font: style.caption, width: width, color: style.mutedColor)), x: x)
        item.spaceBefore = style.paragraphSpace
        append(item)
    }

    /// The answers of the chapter's quick checks: each question, then every option marked right or
    /// wrong with its explanation.
    func composeQuizAnswers() throws {
        guard !quizzes.isEmpty else { return }
        try composeHeading(Heading(level: 1, [.text("Answers to the quick checks")], numbered: false), x: style.marginLeft, width: style.textWidth)
        for (entry, quiz) in quizzes {
            var question: [Inline] = [.strong([.text("Quick check \(entry.number).")]), .text(" ")]
            question += quiz.question
            let first = items.count
            try composeParagraph(question, x: style.marginLeft, width: style.textWidth)
            items[first].keepWithNext = true
            items[first].destinations.append(entry.destination + "-answers")
            let options: [([Inline], [Inline]?)] = quiz.options.map { option in
                var text: [Inline] = [.emphasis(option.text)]
                text.append(.text(" "))
                text += option.explanation
                return (text, [.strong([.text(option.isRight ? "Right." : "Wrong.")])])
            }
            try composeOptions(options, x: style.marginLeft, width: style.textWidth)
        }
        quizzes.removeAll()
    }

    /// The explorer's printed frames as one figure; the caption says which value each panel shows
    /// and how many the web edition holds.
    func composeExplorer(_ explorer: ExplorerBlock, x: Double, width: Double) throws {
        let printed = explorer.printedFrames.map { explorer.frames[$0] }
        func describe(_ frame: ExplorerBlock.Frame) -> String {
            (frame.group.map { $0 + ", " } ?? "") + frame.value
        }
        var caption = explorer.caption
        let values = printed.map(describe)
        let note: String
        if printed.count == 1 {
            note = "Shown: \(values[0])."
        } else {
            note = "Panels left to right\(printed.count > PanelGrid.maximumColumns ? ", top to bottom" : ""): " + values.joined(separator: "; ") + "."
        }
        let web = explorer.frames.count > printed.count
            ? " The web edition shows all \(explorer.frames.count) frames (\(explorer.parameter))." : ""
        caption.append(.text((caption.isEmpty ? "" : " ") + note + web))
        let figure = FigureBlock(
            drawing: PanelGrid(panels: printed.map(\.drawing)), caption: caption, label: explorer.label,
            widthFraction: explorer.widthFraction)
        try composeFigure(figure, x: x, width: width)
    }
}

/// Drawings side by side, at most ``maximumColumns`` per row, each scaled into a cell the size of
/// the first drawing.
struct PanelGrid: DrawableFigure {
    static let maximumColumns = 2
    let panels: [any DrawableFigure]
    let gap = 8.0

    var columns: Int { min(panels.count, Self.maximumColumns) }
    var rows: Int { (panels.count + columns - 1) / columns }
    var cell: (width: Double, height: Double) { panels[0].size }

    var size: (width: Double, height: Double) {
        (Double(columns) * cell.width + Double(columns - 1) * gap, Double(rows) * cell.height + Double(rows - 1) * gap)
    }

    func draw(in context: OpaquePointer, width: Double, height: Double) throws {
        let scale = min(width / size.width, height / size.height)
        for (index, panel) in panels.enumerated() {
            let column = index % columns
            let row = index / columns
            let natural = panel.size
            let fit = min(cell.width / natural.width, cell.height / natural.height)
            cairo_save(context)
            cairo_scale(context, scale, scale)
            cairo_translate(context, Double(column) * (cell.width + gap), Double(row) * (cell.height + gap))
            cairo_scale(context, fit, fit)
            defer { cairo_restore(context) }
            try panel.draw(in: context, width: natural.width, height: natural.height)
        }
    }
}

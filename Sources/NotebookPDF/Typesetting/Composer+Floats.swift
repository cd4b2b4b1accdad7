import CPangoCairo
import NotebookDocument

/// Figures, tables and code listings.
extension Composer {
    func composeFigure(_ figure: FigureBlock, x: Double, width: Double) throws {
        let entry = nextEntry(.figure)
        let natural = figure.drawing.size
        guard natural.width.isFinite, natural.height.isFinite, natural.width > 0, natural.height > 0 else {
            throw TypesettingError.invalidFigure(
                number: entry.number, chapter: chapter.title,
                reason: "size \(natural.width) x \(natural.height) pt is not positive and finite")
        }
        var figureWidth = min(natural.width, width)
        if let fraction = figure.widthFraction {
            guard fraction > 0, fraction <= 1 else {
                throw TypesettingError.invalidFigure(
                    number: entry.number, chapter: chapter.title,
                    reason: "width fraction \(fraction) is outside (0, 1]; use e.g. 0.8 for 80 % of the text width")
            }
            figureWidth = width * fraction
        }
        var figureHeight = figureWidth * natural.height / natural.width
        let maximumHeight = style.bodyHeight * 0.72
        if figureHeight > maximumHeight {
            figureWidth *= maximumHeight / figureHeight
            figureHeight = maximumHeight
        }
        let caption = try captionLayout(
            prefix: "Figure \(entry.number):", caption: figure.caption, width: min(width, max(figureWidth, width * 0.85)))
        let gap = style.bodySize * 0.6
        let height = figureHeight + gap + caption.height
        let drawing = figure.drawing
        let chapterTitle = chapter.title
        let finalWidth = figureWidth
        let figureTag = StructureTag("Figure", alternativeText: "Figure \(entry.number): " + figure.caption.plainText)
        var item = LayoutItem(
            .atomic(height: height) { cairo, left, top in
                StructureTags.begin(figureTag, on: cairo)
                cairo_save(cairo)
                cairo_translate(cairo, left + (width - finalWidth) / 2, top)
                cairo_rectangle(cairo, 0, 0, finalWidth, figureHeight)
                cairo_clip(cairo)
                cairo_scale(cairo, finalWidth / natural.width, finalWidth / natural.width)
                do {
                    try drawing.draw(in: cairo, width: natural.width, height: natural.height)
                } catch {
                    cairo_restore(cairo)
                    StructureTags.end("Figure", on: cairo)
                    throw TypesettingError.figureDrawingFailed(
                        number: entry.number, chapter: chapterTitle, underlying: "\(error)")
                }
                cairo_restore(cairo)
                StructureTags.end("Figure", on: cairo)
                // The caption follows the figure as its own element: cairo 1.16 tags only
                // elements without children, so a Caption inside the Figure would leave the
                // drawing untagged.
                StructureTags.begin(StructureTag("Caption"), inlineChildren: caption.hasInlineElements, on: cairo)
                caption.draw(at: left + (width - caption.width) / 2, top + figureHeight + gap, on: cairo)
                StructureTags.end("Caption", on: cairo)
            }, x: x)
        item.spaceBefore = style.blockSpace
        item.spaceAfter = style.blockSpace * 1.2
        item.isFloat = true
        item.destinations.append(entry.destination)
        append(item)
    }

    func composeTable(_ table: TableBlock, x: Double, width: Double) throws {
        let entry = nextEntry(.table)
        let columnCount = max(table.header.count, table.rows.map(\.count).max() ?? 0)
        if let wide = table.rows.firstIndex(where: { $0.count > table.header.count }), !table.header.isEmpty {
            throw TypesettingError.invalidTable(
                number: entry.number, chapter: chapter.title,
                reason: "row \(wide + 1) has \(table.rows[wide].count) cells but the header has "
                    + "\(table.header.count); give every row at most one cell per column")
        }
        guard columnCount > 0 else {
            throw TypesettingError.invalidTable(
                number: entry.number, chapter: chapter.title, reason: "it has no columns; add a header")
        }
        let font = style.body.with(size: style.bodySize * 0.92)
        let padding = 6.0
        let alignments = (0..<columnCount).map { $0 < table.alignments.count ? table.alignments[$0] : .left }
        let pangoAlignment: [PangoAlignment] = alignments.map {
            switch $0 {
            case .left: return PANGO_ALIGN_LEFT
            case .center: return PANGO_ALIGN_CENTER
            case .right: return PANGO_ALIGN_RIGHT
            }
        }
        func cellMarkup(_ cell: [Inline], bold: Bool) throws -> InlineMarkup {
            var text = try markup(cell, fontSize: font.size)
            if bold { text.wrap(inSpan: "font_weight=\"bold\"") }
            return text
        }
        let headerMarkup = try (0..<columnCount).map {
            try cellMarkup($0 < table.header.count ? table.header[$0] : [], bold: true)
        }
        let rowMarkup = try table.rows.map { row in
            try (0..<columnCount).map { try cellMarkup($0 < row.count ? row[$0] : [], bold: false) }
        }
        // Column widths: natural widths, shrunk (widest first) when the table is wider than the text.
        var natural = [Double](repeating: 0, count: columnCount)
        for row in [headerMarkup] + rowMarkup {
            for (column, cell) in row.enumerated() {
                natural[column] = max(natural[column], layout(cell, font: font, width: nil, lineSpacing: 1.15).width)
            }
        }
        var columnWidths = natural.map { $0 + 2 * padding }
        let available = width
        if columnWidths.reduce(0, +) > available {
            // Water-filling: columns narrower than a fair share keep their width.
            var remaining = available
            var open = Set(0..<columnCount)
            while true {
                let share = remaining / Double(open.count)
                let narrow = open.filter { columnWidths[$0] <= share }
                if narrow.isEmpty {
                    for column in open { columnWidths[column] = share }
                    break
                }
                for column in narrow {
                    remaining -= columnWidths[column]
                    open.remove(column)
                }
                if open.isEmpty { break }
            }
        }
        let tableWidth = columnWidths.reduce(0, +)
        func layoutRow(_ row: [InlineMarkup]) -> [TextLayout] {
            row.enumerated().map { column, cell in
                layout(
                    cell, font: font, width: columnWidths[column] - 2 * padding,
                    alignment: pangoAlignment[column], lineSpacing: 1.15)
            }
        }
        let headerCells = layoutRow(headerMarkup)
        let bodyCells = rowMarkup.map(layoutRow)
        let rowPadding = 2.6
        func rowHeight(_ cells: [TextLayout]) -> Double {
            (cells.map(\.height).max() ?? 0) + 2 * rowPadding
        }
        let headerHeight = table.header.isEmpty ? 0 : rowHeight(headerCells)
        let bodyHeights = bodyCells.map(rowHeight)
        let caption = try captionLayout(prefix: "Table \(entry.number):", caption: table.caption, width: width)
        let continued = try captionLayout(prefix: "Table \(entry.number) (continued)", caption: [], width: width)
        let gap = style.bodySize * 0.5
        let hasHeader = !table.header.isEmpty
        let headerBlock = 0.5 + (hasHeader ? headerHeight + 0.5 : 0)
        // Prefix: caption (or "continued" line), top rule, header; suffix: bottom rule.
        func height(_ range: Range<Int>) -> Double {
            let prefix = (range.lowerBound == 0 ? caption.height : continued.height) + gap + headerBlock
            return prefix + bodyHeights[range].reduce(0, +) + 1.5
        }
        let drawing = SplittableDrawing(unitCount: max(1, bodyCells.count), height: { range in
            height(bodyCells.isEmpty ? 0..<0 : range)
        }) { cairo, left, top, units in
            let range = bodyCells.isEmpty ? 0..<0 : units
            let title = units.lowerBound == 0 ? caption : continued
            StructureTags.begin(StructureTag("Caption"), inlineChildren: title.hasInlineElements, on: cairo)
            title.draw(at: left + (width - title.width) / 2, top, on: cairo)
            StructureTags.end("Caption", on: cairo)
            let tableLeft = left + (width - tableWidth) / 2
            var y = top + title.height + gap
            func rule(_ lineWidth: Double) {
                cairo_set_source_rgb(cairo, 0.15, 0.15, 0.15)
                cairo_set_line_width(cairo, lineWidth)
                cairo_move_to(cairo, tableLeft, y)
                cairo_line_to(cairo, tableLeft + tableWidth, y)
                cairo_stroke(cairo)
            }
            /// Body cells hang from the top of their row; header cells stand on its last line, so
            /// that a wrapped header reads downwards into its column ("unscaled" over "ratio").
            /// Tagged as a row (`TR`) of header (`TH`) or data (`TD`) cells.
            func drawRow(_ cells: [TextLayout], height: Double, isHeader: Bool = false) {
                var cellX = tableLeft
                StructureTags.begin(StructureTag("TR"), on: cairo)
                for (column, cell) in cells.enumerated() {
                    let drop = isHeader ? height - 2 * rowPadding - cell.height : 0
                    StructureTags.begin(StructureTag(isHeader ? "TH" : "TD"), inlineChildren: cell.hasInlineElements, on: cairo)
                    cell.draw(at: cellX + padding, y + rowPadding + drop, on: cairo)
                    StructureTags.end(isHeader ? "TH" : "TD", on: cairo)
                    cellX += columnWidths[column]
                }
                StructureTags.end("TR", on: cairo)
                y += height
            }
            rule(0.9)
            y += 0.5
            if hasHeader {
                drawRow(headerCells, height: headerHeight, isHeader: true)
                rule(0.6)
                y += 0.5
            }
            for row in range {
                drawRow(bodyCells[row], height: bodyHeights[row])
            }
            y += 0.5
            rule(0.9)
        }
        // A table that fits on a page floats whole; a longer one breaks between rows and repeats
        // its header.
        let whole = height(0..<bodyCells.count)
        var item: LayoutItem
        if whole <= style.bodyHeight * 0.85 {
            item = LayoutItem(.atomic(height: whole) { cairo, left, top in
                try drawing.draw(cairo, left, top, 0..<max(1, bodyCells.count))
            }, x: x)
            item.isFloat = true
        } else {
            item = LayoutItem(.pieces(drawing), x: x)
        }
        item.spaceBefore = style.blockSpace
        item.spaceAfter = style.blockSpace * 1.2
        item.structure = StructureTag("Table")
        item.destinations.append(entry.destination)
        append(item)
    }

    func composeCode(_ code: CodeBlock, x: Double, width: Double) throws {
        let entry = code.caption != nil || code.label != nil ? nextEntry(.listing) : nil
        // Short listings are kept on one page with their caption; long ones break between lines.
        let group: Int? = code.code.split(separator: "\n", omittingEmptySubsequences: false).count <= 14
            ? newGroup() : nil
        if entry != nil || code.source != nil {
            var text = InlineMarkup()
            if let entry {
                let prefix = "Listing \(entry.number):"
                text.appendRaw("<b>\(escapeMarkup(prefix))</b>", textLength: prefix.utf8.count)
                if let caption = code.caption, !caption.isEmpty {
                    text.appendText(" ")
                    text.append(try markup(caption, fontSize: style.caption.size))
                }
            }
            if let source = code.source {
                let hasCaption = code.caption.map { !$0.isEmpty } ?? false
                let separator = entry == nil ? "" : (hasCaption ? "  " : " ")
                text.appendRaw(
                    "\(separator)<span foreground=\"\(style.mutedColor)\" size=\"\(Int(style.small.size * Double(PANGO_SCALE)))\">"
                        + "\(escapeMarkup(source))</span>",
                    textLength: separator.utf8.count + source.utf8.count)
            }
            var captionItem = LayoutItem(
                .text(layout(text, font: style.caption, width: width, lineSpacing: 1.2)), x: x)
            captionItem.spaceBefore = style.blockSpace
            captionItem.spaceAfter = 3
            captionItem.keepWithNext = true
            captionItem.group = group
            captionItem.structure = StructureTag("Caption")
            if let entry { captionItem.destinations.append(entry.destination) }
            append(captionItem)
        }
        let frame = Frame(style: .code, x: x, width: width, paddingTop: 5, paddingBottom: 5)
        var start = LayoutItem(.frameStart(frame), x: x)
        start.spaceBefore = entry == nil && code.source == nil ? style.blockSpace : 0
        start.keepWithNext = true
        start.group = group
        append(start)
        let source = code.code.replacingOccurrences(of: "\t", with: "    ")
        let colored = code.language?.lowercased() == "swift"
            ? SwiftSyntaxHighlighter.markup(for: source) : escapeMarkup(source)
        let text = layouts.layout(
            markup: "<span foreground=\"\(style.textColor)\" insert_hyphens=\"false\">\(colored)</span>",
            font: style.monospace,
            width: width - 16, lineSpacing: style.codeLineSpacing,
            indent: -2 * 0.602 * style.monospace.size,  // wrapped continuations hang two columns in
            wrap: PANGO_WRAP_WORD_CHAR, context: context)
        var body = LayoutItem(.text(text), x: x + 8)
        body.structure = StructureTag("Code")
        body.group = group
        append(body)
        var end = LayoutItem(.frameEnd(frame), x: x)
        end.spaceAfter = style.blockSpace
        end.group = group
        append(end)
    }
}

import CPangoCairo
import NotebookDocument

/// Title block and title page, chapter openings, table of contents, index of exercises, colophon.
extension Composer {
    /// The lesson's title block at the top of its first page.
    func composeLessonTitle() {
        let width = style.textWidth
        let title = layout(
            plain: document.title, font: style.sans.with(size: style.bodySize * 2.1, bold: true), width: width)
        let subtitleText = document.subtitle ?? document.chapters.first?.subtitle
        let subtitle = subtitleText.map {
            layout(
                plain: $0, font: style.body.with(size: style.bodySize * 1.2, italic: true), width: width,
                color: "#444444")
        }
        let byline = bylineText().map {
            layout(plain: $0, font: style.sans.with(size: style.bodySize * 0.86), width: width, color: style.mutedColor)
        }
        let gap = style.bodySize * 0.5
        var height = title.height
        if let subtitle { height += gap + subtitle.height }
        if let byline { height += gap * 1.4 + byline.height }
        height += gap * 1.6
        let total = height
        var item = LayoutItem(
            .atomic(height: total) { cairo, left, top in
                var y = top
                title.draw(at: left, y, on: cairo)
                y += title.height
                if let subtitle {
                    y += gap
                    subtitle.draw(at: left, y, on: cairo)
                    y += subtitle.height
                }
                if let byline {
                    y += gap * 1.4
                    byline.draw(at: left, y, on: cairo)
                }
                cairo_set_source_rgb(cairo, 0.2, 0.2, 0.2)
                cairo_set_line_width(cairo, 1.2)
                cairo_move_to(cairo, left, top + total - 0.6)
                cairo_line_to(cairo, left + width, top + total - 0.6)
                cairo_stroke(cairo)
            }, x: style.marginLeft)
        item.structure = StructureTag("H1")
        item.spaceAfter = style.blockSpace
        item.destinations.append("title")
        item.startsChapter = 0
        append(item)
    }

    /// "Authors · date", if either is known.
    func bylineText() -> String? {
        let parts = [document.authors.joined(separator: ", "), document.metadata.date ?? ""].filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: "  ·  ")
    }

    /// The course's title page, a page of its own.
    func composeTitlePage() {
        let width = style.textWidth
        let title = layout(
            plain: document.title, font: style.sans.with(size: style.bodySize * 2.8, bold: true), width: width,
            alignment: PANGO_ALIGN_CENTER)
        let subtitle = document.subtitle.map {
            layout(
                plain: $0, font: style.body.with(size: style.bodySize * 1.45, italic: true), width: width,
                alignment: PANGO_ALIGN_CENTER, color: "#444444")
        }
        let authors = document.authors.isEmpty ? nil : layout(
            plain: document.authors.joined(separator: ", "), font: style.sans.with(size: style.bodySize * 1.2),
            width: width, alignment: PANGO_ALIGN_CENTER)
        let date = document.metadata.date.map {
            layout(plain: $0, font: style.sans, width: width, alignment: PANGO_ALIGN_CENTER, color: style.mutedColor)
        }
        let provenance = provenanceText().map {
            layout(plain: $0, font: style.small, width: width, alignment: PANGO_ALIGN_CENTER, color: style.mutedColor)
        }
        let height = style.bodyHeight
        var item = LayoutItem(
            .atomic(height: height) { cairo, left, top in
                var y = top + height * 0.26
                title.draw(at: left, y, on: cairo)
                y += title.height + 14
                cairo_set_source_rgb(cairo, 0.25, 0.25, 0.25)
                cairo_set_line_width(cairo, 1)
                cairo_move_to(cairo, left + width * 0.3, y)
                cairo_line_to(cairo, left + width * 0.7, y)
                cairo_stroke(cairo)
                y += 18
                if let subtitle {
                    subtitle.draw(at: left, y, on: cairo)
                    y += subtitle.height + 30
                }
                if let authors {
                    authors.draw(at: left, y, on: cairo)
                    y += authors.height + 8
                }
                date?.draw(at: left, y, on: cairo)
                if let provenance {
                    provenance.draw(at: left, top + height - provenance.height, on: cairo)
                }
            }, x: style.marginLeft)
        item.isTitlePage = true
        item.destinations.append("title")
        append(item)
    }

    /// "Seed 42 · commit 3f2a9c1 · Swift 6.3.1", if any of them is known.
    func provenanceText() -> String? {
        let metadata = document.metadata
        var parts: [String] = []
        if let seed = metadata.seed { parts.append("seed \(seed)") }
        if let commit = metadata.commit { parts.append("commit \(commit)") }
        if let toolchain = metadata.toolchain { parts.append(toolchain) }
        return parts.isEmpty ? nil : parts.joined(separator: "  ·  ")
    }

    /// The opening of a course chapter: "Chapter 3", its title and subtitle.
    func composeChapterHeading(_ index: Int) throws {
        chapterIndex = index
        let entry = numbering.entriesByChapter[index][0]
        let width = style.textWidth
        let label = layout(
            plain: "CHAPTER \(entry.number)", font: style.sans.with(size: style.bodySize * 0.95, bold: true),
            width: width, color: style.mutedColor)
        let title = layout(
            plain: chapter.title, font: style.sans.with(size: style.bodySize * 2.2, bold: true), width: width)
        let subtitle = chapter.subtitle.map {
            layout(plain: $0, font: style.body.with(size: style.bodySize * 1.15, italic: true), width: width, color: "#444444")
        }
        let top = style.bodySize * 3
        var height = top + label.height + 8 + title.height
        if let subtitle { height += 8 + subtitle.height }
        height += 14
        let total = height
        var item = LayoutItem(
            .atomic(height: total) { cairo, left, y0 in
                var y = y0 + top
                label.draw(at: left, y, on: cairo)
                y += label.height + 8
                title.draw(at: left, y, on: cairo)
                y += title.height
                if let subtitle {
                    y += 8
                    subtitle.draw(at: left, y, on: cairo)
                }
                cairo_set_source_rgb(cairo, 0.2, 0.2, 0.2)
                cairo_set_line_width(cairo, 1.2)
                cairo_move_to(cairo, left, y0 + total - 0.6)
                cairo_line_to(cairo, left + width, y0 + total - 0.6)
                cairo_stroke(cairo)
            }, x: style.marginLeft)
        item.structure = StructureTag("H1")
        item.spaceAfter = style.blockSpace * 1.5
        item.destinations.append(entry.destination)
        item.outline = OutlineEntry(title: "\(entry.number) \(chapter.title)", level: 0, bold: true)
        item.startsChapter = index
        item.runningSection = "\(entry.number)  \(chapter.title)"
        append(item)
    }

    /// A heading of the front or back matter ("Contents", "Index of exercises").
    func composeMatterHeading(_ title: String, destination: String) {
        var item = LayoutItem(
            .text(layout(plain: title, font: style.sans.with(size: style.bodySize * 2.0, bold: true), width: style.textWidth)),
            x: style.marginLeft)
        item.spaceBefore = style.bodySize * 3
        item.spaceAfter = style.blockSpace * 1.6
        item.keepWithNext = true
        item.destinations.append(destination)
        item.outline = OutlineEntry(title: title, level: 0, bold: true)
        item.startsChapter = -1
        item.runningSection = title
        append(item)
    }

    /// The table of contents: chapters and their sections with page numbers (from the previous
    /// pass; the layout does not depend on the numbers).
    func composeContents() {
        append(LayoutItem(.pageBreak, x: style.marginLeft))
        composeMatterHeading("Contents", destination: "contents")
        for entries in numbering.entriesByChapter {
            for entry in entries {
                switch entry.kind {
                case .chapter:
                    var row = contentsRow(
                        number: entry.number, title: entry.title, destination: entry.destination, indent: 0,
                        numberWidth: style.bodySize * 2.2, bold: true)
                    row.spaceBefore = style.bodySize * 0.9
                    append(row)
                case .section where entry.number.split(separator: ".").count == 2:
                    var row = contentsRow(
                        number: entry.number, title: entry.title, destination: entry.destination,
                        indent: style.bodySize * 2.2, numberWidth: style.bodySize * 2.8, bold: false)
                    row.spaceBefore = 1.5
                    append(row)
                default:
                    break
                }
            }
        }
        if !exercisesInDocument().isEmpty {
            var row = contentsRow(
                number: "", title: "Index of exercises", destination: "exercises", indent: 0,
                numberWidth: style.bodySize * 2.2, bold: true)
            row.spaceBefore = style.bodySize * 0.9
            append(row)
        }
    }

    func exercisesInDocument() -> [DocumentNumbering.Entry] {
        numbering.entriesByChapter.flatMap { $0.filter { $0.kind == .exercise } }
    }

    /// One line of the contents or the exercise index: number, title, dotted leader, page number;
    /// the whole line links to `destination`.
    func contentsRow(
        number: String, title: String, destination: String, indent: Double, numberWidth: Double, bold: Bool,
        detail: String? = nil
    ) -> LayoutItem {
        let font = bold ? style.sans.with(size: style.bodySize * 1.0, bold: true) : style.body
        let pageText = pageNumbers[destination].map(String.init) ?? "0"
        let page = layout(plain: pageText, font: font, width: nil)
        let pageColumn = style.bodySize * 3
        let titleWidth = style.textWidth - indent - numberWidth - pageColumn
        var titleMarkup = InlineMarkup()
        titleMarkup.appendText(title)
        if let detail {
            titleMarkup.appendRaw(
                "  <span foreground=\"\(style.mutedColor)\" font_family=\"\(style.monospace.family)\" "
                    + "size=\"\(Int(style.small.size * Double(PANGO_SCALE)))\">\(escapeMarkup(detail))</span>",
                textLength: 2 + detail.utf8.count)
        }
        let titleLayout = layout(titleMarkup, font: font, width: titleWidth, lineSpacing: 1.15)
        let numberLayout = layout(plain: number, font: font, width: nil)
        let height = titleLayout.height
        let textWidth = style.textWidth
        let dotSpacing = 4.5
        return LayoutItem(
            .atomic(height: height) { cairo, left, top in
                // A paragraph of its number, title and page, with the link to the entry; the
                // dotted leader after it is decoration (an artifact).
                StructureTags.begin(StructureTag("P"), inlineChildren: true, on: cairo)
                numberLayout.draw(at: left + indent, top, on: cairo)
                let titleX = left + indent + numberWidth
                titleLayout.draw(at: titleX, top, on: cairo)
                let last = titleLayout.lines[titleLayout.lines.count - 1]
                let baseline = top + last.baseline - titleLayout.lines[0].top
                let pageX = left + textWidth - page.width
                page.draw(at: pageX, baseline - page.firstBaseline, on: cairo)
                let rect = "rect=[\(format(left + indent)) \(format(top)) \(format(textWidth - indent)) \(format(height))]"
                StructureTags.begin(StructureTag("Link"), attributes: "dest='\(LinkTarget.quote(destination))' \(rect)", on: cairo)
                StructureTags.end("Link", on: cairo)
                StructureTags.end("P", on: cairo)
                // Dotted leader on a fixed grid, so that the dots of all lines align.
                var dotX = ((titleX + last.x + last.width + 6) / dotSpacing).rounded(.up) * dotSpacing
                cairo_set_source_rgb(cairo, 0.45, 0.45, 0.45)
                while dotX < pageX - 6 {
                    cairo_arc(cairo, dotX, baseline - 0.4, 0.55, 0, 2 * Double.pi)
                    cairo_fill(cairo)
                    dotX += dotSpacing
                }
            }, x: style.marginLeft)
    }

    /// The course's index of exercises: number, title, grader identifier and page.
    func composeExerciseIndex() {
        append(LayoutItem(.pageBreak, x: style.marginLeft))
        composeMatterHeading("Index of exercises", destination: "exercises")
        var currentChapter = -1
        for (entry, title, identifier) in exercises {
            if entry.chapterIndex != currentChapter {
                currentChapter = entry.chapterIndex
                let chapterEntry = numbering.entriesByChapter[currentChapter][0]
                var header = contentsRow(
                    number: chapterEntry.number, title: document.chapters[currentChapter].title,
                    destination: chapterEntry.destination, indent: 0, numberWidth: style.bodySize * 2.2, bold: true)
                header.spaceBefore = style.bodySize * 0.9
                header.keepWithNext = true
                append(header)
            }
            var row = contentsRow(
                number: entry.number, title: Inline.stripMarkup(title.markup), destination: entry.destination,
                indent: style.bodySize * 2.2, numberWidth: style.bodySize * 2.8, bold: false, detail: identifier)
            row.spaceBefore = 1.5
            append(row)
        }
    }

    /// How the document was made: seed, toolchain, commit, date and any extra fields, in small type
    /// under a rule at the end of the text.
    func composeColophon(title: String) {
        let metadata = document.metadata
        var fields: [DocumentMetadata.Field] = []
        if let seed = metadata.seed { fields.append(.init("Seed", String(seed))) }
        if let toolchain = metadata.toolchain { fields.append(.init("Toolchain", toolchain)) }
        if let commit = metadata.commit { fields.append(.init("Source commit", commit)) }
        if let date = metadata.date { fields.append(.init("Built", date)) }
        fields += metadata.extraFields
        // A lesson's own colophon lines join the document's (without repeating a line).
        // (a line of the lesson's with the same name replaces the document's: it is more specific).
        if document.kind == .lesson {
            for field in document.chapters[0].colophon {
                if let index = fields.firstIndex(where: { $0.name == field.name }) {
                    fields[index] = field
                } else {
                    fields.append(field)
                }
            }
        }
        guard !fields.isEmpty else { return }  // nothing known about how it was made
        var text = InlineMarkup()
        text.appendRaw("<b>\(escapeMarkup(title))</b>", textLength: title.utf8.count)
        if metadata.seed != nil {
            text.appendText(
                "\u{2028}Generated by running the experiments it describes: every number, table and figure "
                    + "in the text comes from that run and is reproduced exactly by the same seed, commit and toolchain.")
        }
        for field in fields {
            text.appendText("\u{2028}")
            text.appendRaw("<b>\(escapeMarkup(field.name)):</b> ", textLength: field.name.utf8.count + 2)
            text.appendText(field.value)
        }
        let width = style.textWidth
        var rule = LayoutItem(
            .atomic(height: 8) { cairo, left, top in
                cairo_set_source_rgb(cairo, 0.55, 0.55, 0.55)
                cairo_set_line_width(cairo, 0.5)
                cairo_move_to(cairo, left, top)
                cairo_line_to(cairo, left + width * 0.35, top)
                cairo_stroke(cairo)
            }, x: style.marginLeft)
        rule.spaceBefore = style.blockSpace * 2.5
        rule.keepWithNext = true
        rule.isFloatBarrier = true
        rule.destinations.append("colophon")
        append(rule)
        // Text, so that it may break across pages rather than leave a page of its own.
        var colophon = LayoutItem(
            .text(layout(text, font: style.small, width: width, lineSpacing: 1.3)), x: style.marginLeft)
        colophon.structure = StructureTag("P")
        append(colophon)
    }
}

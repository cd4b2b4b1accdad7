import CPangoCairo
import NotebookDocument

/// Draws paginated items onto a cairo PDF surface: frames, text, figures, the running header,
/// the footer, PDF destinations and bookmarks.
struct PageRenderer {
    let items: [LayoutItem]
    let pages: [Page]
    let style: TypesetStyle
    let composer: Composer
    let surface: OpaquePointer
    let cairo: OpaquePointer

    /// Draws every page; returns the alternative texts of the `Figure` and `Formula` structure
    /// elements and the actual texts of the formulas, in drawing order (see `TaggedPDFFinisher`).
    @discardableResult
    func render() throws -> StructureTags {
        let tags = StructureTags()
        tags.attach(to: cairo)
        defer { StructureTags.detach(from: cairo) }
        let document = composer.document
        let runningTitle = document.metadata.runningTitle ?? document.title
        let footerText = composer.provenanceText()
        var runningSection = ""
        var openFrames: [Frame] = []
        var outlineParents: [Int: Int32] = [:]
        // Structure elements begun by an item and not yet ended (a list and its items).
        var enclosing: [String] = []

        for (pageIndex, page) in pages.enumerated() {
            if pageIndex > 0 { cairo_show_page(cairo) }
            let pageNumber = pageIndex + 1
            let placedItems = page.placements.map { items[$0.item] }
            let isTitlePage = placedItems.contains { $0.isTitlePage }
            let opensChapter = placedItems.first?.startsChapter != nil
            // The header names the first section that starts on the page, else the one running
            // on from the previous page; the next page continues with the last one started here.
            let sectionsStarted = placedItems.compactMap(\.runningSection)
            let headerSection = sectionsStarted.first ?? runningSection
            runningSection = sectionsStarted.last ?? runningSection

            openFrames = drawFrames(page, continuing: openFrames)
            // A list continued from the previous page: its elements go on here as new ones (the
            // running header and footer stay outside the structure).
            for name in enclosing { tags.begin(StructureTag(name), on: cairo) }

            for placement in page.placements {
                let item = items[placement.item]
                for destination in item.destinations {
                    cairo_tag_begin(
                        cairo, "cairo.dest",
                        "name='\(LinkTarget.quote(destination))' x=\(format(item.x)) y=\(format(max(0, placement.y - 6)))")
                    cairo_tag_end(cairo, "cairo.dest")
                }
                if let outline = item.outline, placement.units.lowerBound == 0 {
                    let parent = outline.level == 0 ? 0 : (outlineParents[outline.level - 1] ?? 0)
                    let flags = outline.bold ? CAIRO_PDF_OUTLINE_FLAG_BOLD : cairo_pdf_outline_flags_t(0)
                    let id = cairo_pdf_surface_add_outline(
                        surface, parent, outline.title,
                        "page=\(pageNumber) pos=[\(format(item.x)) \(format(max(0, placement.y - 6)))]", flags)
                    outlineParents[outline.level] = id
                    outlineParents = outlineParents.filter { $0.key <= outline.level }
                }
                let starts = placement.units.lowerBound == 0
                var labelDrawn = false
                for opening in starts ? item.opensStructure : [] {
                    switch opening {
                    case .element(let name):
                        tags.begin(StructureTag(name), on: cairo)
                        enclosing.append(name)
                    case .label:
                        tags.begin(StructureTag("Lbl"), on: cairo)
                        drawMarker(of: item, at: placement)
                        tags.end("Lbl", on: cairo)
                        labelDrawn = true
                    }
                }
                if starts, !labelDrawn { drawMarker(of: item, at: placement) }
                if let structure = item.structure {
                    // A text's links and formulas are elements inside this one; an atomic item that
                    // draws such elements tags them itself (a figure's caption, a contents row).
                    var inlineChildren = false
                    if case .text(let layout) = item.content {
                        inlineChildren = layout.hasInlineElements(inLines: placement.units)
                    }
                    tags.begin(structure, inlineChildren: inlineChildren, on: cairo)
                }
                switch item.content {
                case .text(let layout):
                    layout.draw(lines: placement.units, at: item.x, placement.y, on: cairo)
                case .atomic(_, let draw):
                    try draw(cairo, item.x, placement.y)
                case .pieces(let drawing):
                    try drawing.draw(cairo, item.x, placement.y, placement.units)
                case .frameStart, .frameEnd, .pageBreak:
                    break
                }
                if let structure = item.structure { tags.end(structure.name, on: cairo) }
                if placement.units.upperBound == item.unitCount {
                    for _ in 0..<item.closesStructure {
                        if let name = enclosing.popLast() { tags.end(name, on: cairo) }
                    }
                }
            }

            for name in enclosing.reversed() { tags.end(name, on: cairo) }
            if !isTitlePage {
                if !opensChapter { drawHeader(left: runningTitle, right: headerSection) }
                drawFooter(pageNumber: pageNumber, provenance: footerText)
            }
        }
        return tags
    }

    /// Draws the item's marker (a list bullet or number, a reference's number) left of its first line.
    func drawMarker(of item: LayoutItem, at placement: Placement) {
        guard let marker = item.marker else { return }
        let baseline: Double
        if case .text(let layout) = item.content {
            baseline = placement.y + layout.firstBaseline
        } else {
            baseline = placement.y + style.bodySize
        }
        marker.draw(at: item.markerX, baseline - marker.firstBaseline, on: cairo)
    }

    /// Draws the backgrounds of the frames on `page` (those continuing from the previous page
    /// first) and returns the frames that continue on the next page.
    func drawFrames(_ page: Page, continuing: [Frame]) -> [Frame] {
        // A frame continued from the previous page starts above its first item here (below any
        // figure placed at the top of the page).
        let firstFlowing = page.placements.first { !items[$0.item].isFloat }?.y ?? style.marginTop
        var open: [(frame: Frame, top: Double)] = continuing.map { ($0, firstFlowing - 6) }
        var closed: [(frame: Frame, top: Double, bottom: Double, order: Int)] = []
        var order: [ObjectIdentifier: Int] = [:]
        for (index, frame) in continuing.enumerated() { order[ObjectIdentifier(frame)] = index }
        var lastBottom = style.marginTop
        for placement in page.placements {
            let item = items[placement.item]
            let bottom = placement.y + item.height(of: placement.units)
            switch item.content {
            case .frameStart(let frame):
                order[ObjectIdentifier(frame)] = order.count
                open.append((frame, placement.y))
            case .frameEnd(let frame):
                if let position = open.lastIndex(where: { $0.frame === frame }) {
                    let entry = open.remove(at: position)
                    closed.append((frame, entry.top, bottom, order[ObjectIdentifier(frame)] ?? 0))
                }
            default:
                break
            }
            lastBottom = max(lastBottom, bottom)
        }
        for entry in open {
            closed.append((entry.frame, entry.top, lastBottom + 6, order[ObjectIdentifier(entry.frame)] ?? 0))
        }
        for entry in closed.sorted(by: { $0.order < $1.order }) {
            drawFrame(entry.frame, top: entry.top, bottom: entry.bottom)
        }
        return open.map(\.frame)
    }

    func drawFrame(_ frame: Frame, top: Double, bottom: Double) {
        let height = bottom - top
        guard height > 0 else { return }
        switch frame.style {
        case .box(let colors):
            cairo_set_source_rgb(cairo, colors.background.0, colors.background.1, colors.background.2)
            cairo_rectangle(cairo, frame.x, top, frame.width, height)
            cairo_fill(cairo)
            cairo_set_source_rgb(cairo, colors.bar.0, colors.bar.1, colors.bar.2)
            cairo_rectangle(cairo, frame.x, top, style.barWidth, height)
            cairo_fill(cairo)
        case .code:
            let background = style.codeBackgroundRGB
            let border = style.codeBorderRGB
            cairo_set_source_rgb(cairo, background.0, background.1, background.2)
            cairo_rectangle(cairo, frame.x, top, frame.width, height)
            cairo_fill_preserve(cairo)
            cairo_set_source_rgb(cairo, border.0, border.1, border.2)
            cairo_set_line_width(cairo, 0.6)
            cairo_stroke(cairo)
        case .quote:
            cairo_set_source_rgb(cairo, 0.75, 0.75, 0.75)
            cairo_rectangle(cairo, frame.x, top, 2, height)
            cairo_fill(cairo)
        }
    }

    func drawHeader(left: String, right: String) {
        let font = style.small.with(size: style.bodySize * 0.78)
        let width = style.textWidth
        let leftLayout = composer.layout(plain: left, font: font.with(italic: true), width: nil, color: "#555555")
        let rightLayout = composer.layout(plain: right, font: font, width: nil, color: "#555555")
        let y = style.headerBaseline
        leftLayout.draw(at: style.marginLeft, y - leftLayout.firstBaseline, on: cairo)
        if !right.isEmpty, leftLayout.width + rightLayout.width + 24 < width {
            rightLayout.draw(at: style.marginLeft + width - rightLayout.width, y - rightLayout.firstBaseline, on: cairo)
        }
        cairo_set_source_rgb(cairo, 0.6, 0.6, 0.6)
        cairo_set_line_width(cairo, 0.4)
        cairo_move_to(cairo, style.marginLeft, y + 5)
        cairo_line_to(cairo, style.marginLeft + width, y + 5)
        cairo_stroke(cairo)
    }

    func drawFooter(pageNumber: Int, provenance: String?) {
        let y = style.footerBaseline
        let number = composer.layout(plain: String(pageNumber), font: style.sans.with(size: style.bodySize * 0.85), width: nil)
        number.draw(at: style.marginLeft + style.textWidth - number.width, y - number.firstBaseline, on: cairo)
        if let provenance {
            let text = composer.layout(
                plain: provenance, font: style.small.with(size: style.bodySize * 0.66), width: nil,
                color: "#8a8a8a")
            if text.width < style.textWidth - number.width - 20 {
                text.draw(at: style.marginLeft, y - text.firstBaseline, on: cairo)
            }
        }
    }
}

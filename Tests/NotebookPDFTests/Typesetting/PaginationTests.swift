import Foundation
import Testing
@testable import NotebookDocument
@testable import NotebookPDF

/// The paginator's rules, checked on long documents whose page breaks fall in many different places.
@Suite struct PaginationTests {
    /// Sections with paragraphs of varying length, figures, tables, call-outs, listings and lists.
    static func stressDocument(variant: Int) -> Document {
        var blocks: [Block] = []
        for section in 0..<14 {
            blocks.append(.heading(Heading(level: 1 + (section % 3 == 2 ? 1 : 0), [.text("Section heading \(section)")])))
            if (section + variant) % 4 == 1 {
                // A figure right after a heading: the heading must not stay behind alone when the
                // figure waits for the next page.
                blocks.append(.figure(FigureBlock(
                    drawing: SampleFigure(size: (400, 260 + Double((section * 23) % 120))),
                    caption: [.text("Figure after heading \(section).")])))
            }
            for paragraphIndex in 0..<(1 + (section + variant) % 4) {
                let words = 12 + ((section * 37 + paragraphIndex * 53 + variant * 29) % 170)
                blocks.append(.paragraph(SampleDocuments.paragraph(words, seed: section + paragraphIndex)))
            }
            switch (section + variant) % 5 {
            case 0:
                blocks.append(.figure(FigureBlock(
                    drawing: SampleFigure(size: (400, 150 + Double((section * 41) % 200))),
                    caption: [.text("Figure of section \(section).")])))
            case 1:
                blocks.append(.callout(CalloutBlock(kind: .pitfall, blocks: [
                    .paragraph(SampleDocuments.paragraph(20 + section * 7, seed: section)),
                ])))
            case 2:
                let lines = (0..<(4 + section * 3)).map { "let x\($0) = \($0)" }.joined(separator: "\n")
                blocks.append(.code(CodeBlock(code: lines, caption: [.text("Listing of section \(section).")])))
            case 3:
                blocks.append(.table(TableBlock(
                    header: [[.text("p")], [.text("accuracy")]],
                    rows: (0..<(3 + section % 6)).map { [[.text("0.\($0)")], [.text("9\($0).0 %")]] },
                    alignments: [.left, .right], caption: [.text("Table of section \(section).")])))
            default:
                blocks.append(.list(ListBlock(ordered: true, items: (0..<4).map {
                    [.paragraph(SampleDocuments.paragraph(8 + $0 * 9, seed: $0))]
                })))
            }
        }
        // End on a figure too tall for what is left of the last page, so it must wait.
        blocks.append(.paragraph(SampleDocuments.paragraph(300, seed: variant)))
        blocks.append(.figure(FigureBlock(drawing: SampleFigure(size: (400, 330)), caption: [.text("Last figure.")])))
        blocks.append(.paragraph(SampleDocuments.paragraph(40, seed: variant)))
        return Document(
            title: "Stress", chapters: [Chapter(title: "Stress", blocks: blocks)],
            metadata: DocumentMetadata(seed: 1))
    }

    static func paginate(_ document: Document) throws -> (items: [LayoutItem], pages: [Page], style: TypesetStyle) {
        let style = TypesetStyle(bodySize: 10, justify: true)
        let numbering = try DocumentNumbering(document)
        return try PDFTypesetter.withPangoContext { context in
            let layout = try PDFTypesetter().layout(document, style: style, numbering: numbering, context: context)
            return (layout.composer.items, layout.pages, style)
        }
    }

    @Test("nothing runs past the bottom margin; every item is placed once, whole", arguments: 0..<5)
    func everythingFits(variant: Int) throws {
        let (items, pages, style) = try Self.paginate(Self.stressDocument(variant: variant))
        let bottom = style.marginTop + style.bodyHeight
        var placedUnits = [Int](repeating: 0, count: items.count)
        for (pageIndex, page) in pages.enumerated() {
            for placement in page.placements {
                let item = items[placement.item]
                placedUnits[placement.item] += placement.units.count
                if case .frameEnd = item.content { continue }
                let end = placement.y + item.height(of: placement.units)
                #expect(end <= bottom + 0.01, "item \(placement.item) ends at \(end) > \(bottom) on page \(pageIndex + 1)")
                #expect(placement.y >= style.marginTop - 0.01)
            }
        }
        for (index, item) in items.enumerated() {
            if case .pageBreak = item.content { continue }
            #expect(placedUnits[index] == item.unitCount, "item \(index) placed \(placedUnits[index]) of \(item.unitCount) units")
        }
    }

    @Test("no heading is the last thing on a page", arguments: 0..<5)
    func noStrandedHeadings(variant: Int) throws {
        let (items, pages, _) = try Self.paginate(Self.stressDocument(variant: variant))
        for (pageIndex, page) in pages.dropLast().enumerated() {
            let last = try #require(page.placements.last)
            #expect(!items[last.item].keepWithNext, "page \(pageIndex + 1) ends with a keep-with-next item \(last.item)")
        }
    }

    @Test("a paragraph split between pages keeps at least two lines on each side", arguments: 0..<5)
    func widowsAndOrphans(variant: Int) throws {
        let (items, pages, _) = try Self.paginate(Self.stressDocument(variant: variant))
        var splits = 0
        for page in pages {
            for placement in page.placements where items[placement.item].isSplittable {
                let count = items[placement.item].unitCount
                guard placement.units.count < count else { continue }
                splits += 1
                #expect(placement.units.count >= 2, "a fragment of \(placement.units.count) line(s) of item \(placement.item)")
            }
        }
        #expect(splits > 0, "the stress document should split some paragraphs")
    }

    @Test("figures and tables keep their order when they float", arguments: 0..<5)
    func floatsKeepOrder(variant: Int) throws {
        let (items, pages, _) = try Self.paginate(Self.stressDocument(variant: variant))
        let floatOrder = pages.flatMap { $0.placements.map(\.item) }.filter { items[$0].isFloat }
        let figures = floatOrder.filter { items[$0].destinations.first?.contains("figure") == true }
        let tables = floatOrder.filter { items[$0].destinations.first?.contains("table") == true }
        #expect(figures == figures.sorted())
        #expect(tables == tables.sorted())
        // The colophon comes after every figure and table.
        let order = pages.flatMap { $0.placements.map(\.item) }
        let colophon = try #require(order.firstIndex { items[$0].destinations.contains("colophon") })
        #expect(order[colophon...].allSatisfy { !items[$0].isFloat }, "a float was placed after the colophon")
    }

    @Test("short call-outs and listings are never split")
    func groupsStayTogether() throws {
        for variant in 0..<5 {
            let (items, pages, _) = try Self.paginate(Self.stressDocument(variant: variant))
            var pageOfGroup: [Int: Int] = [:]
            for (pageIndex, page) in pages.enumerated() {
                for placement in page.placements {
                    guard let group = items[placement.item].group else { continue }
                    if let earlier = pageOfGroup[group] {
                        #expect(earlier == pageIndex, "group \(group) spans pages \(earlier + 1) and \(pageIndex + 1)")
                    }
                    pageOfGroup[group] = pageIndex
                }
            }
        }
    }

    @Test("the PDF has the pages the paginator made")
    func pdfPageCount() throws {
        let document = Self.stressDocument(variant: 0)
        let (_, pages, _) = try Self.paginate(document)
        let url = try temporaryDirectory().appendingPathComponent("stress.pdf")
        let written = try PDFTypesetter().write(document, to: url)
        #expect(written == pages.count)
        #expect(try PDFTools.info(of: url)["Pages"] == String(pages.count))
    }

    @Test("the running header names the section the page is in")
    func runningHeaders() throws {
        let document = Self.stressDocument(variant: 1)
        let (items, pages, _) = try Self.paginate(document)
        let url = try temporaryDirectory().appendingPathComponent("stress-headers.pdf")
        try PDFTypesetter().write(document, to: url)
        var lastStarted: String?
        for (index, page) in pages.enumerated() {
            let started = page.placements.compactMap { items[$0.item].runningSection }
            let expected = started.first ?? lastStarted
            if index > 0, let expected {
                let firstLine = try PDFTools.text(of: url, page: index + 1, keepingLayout: true)
                    .split(separator: " ").prefix(6).joined(separator: " ")
                #expect(firstLine.hasPrefix("Stress " + expected.split(separator: " ").joined(separator: " ")),
                        "page \(index + 1) header '\(firstLine)', expected '\(expected)'")
            }
            lastStarted = started.last ?? lastStarted
        }
    }
}

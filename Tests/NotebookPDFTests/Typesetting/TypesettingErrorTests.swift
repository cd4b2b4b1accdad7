import Foundation
import Testing
@testable import NotebookDocument
@testable import NotebookPDF

/// Bad documents fail with an error that names the problem, and never leave a half-written PDF.
@Suite struct TypesettingErrorTests {
    func lesson(_ blocks: [Block]) -> Document {
        Document(title: "Errors", chapters: [Chapter(title: "Errors", blocks: blocks)])
    }

    func write(_ document: Document) throws -> URL {
        let url = try temporaryDirectory().appendingPathComponent("errors-\(UUID().uuidString).pdf")
        try PDFTypesetter().write(document, to: url)
        return url
    }

    @Test("a reference to an unknown label names the label")
    func unknownLabel() throws {
        let document = lesson([.paragraph([.text("See "), .reference("fig-missing"), .text(".")])])
        #expect(throws: TypesettingError.unknownLabel("fig-missing", chapterIndex: 0, candidates: 0)) {
            try write(document)
        }
        let message = TypesettingError.unknownLabel("fig-missing", chapterIndex: 0, candidates: 0).description
        #expect(message.contains("'fig-missing'") && message.contains("chapter 1"))
    }

    @Test("a label used twice in one chapter is rejected")
    func duplicateLabel() throws {
        let document = lesson([
            .displayMath(DisplayMath(try MathFormula("a"), label: "eq")),
            .displayMath(DisplayMath(try MathFormula("b"), label: "eq")),
        ])
        #expect(throws: TypesettingError.duplicateLabel("eq", chapter: "Errors")) { try write(document) }
    }

    @Test("math with markup characters is escaped, never read as Pango markup")
    func mathIsEscaped() throws {
        let document = lesson([
            .paragraph([.math(try MathFormula(#"a < b \text{<b>&amp;</b>}"#))]),
            .displayMath(DisplayMath(try MathFormula(#"x > \text{</span>}"#))),
        ])
        let url = try write(document)
        let text = try PDFTools.run("pdftotext", [url.path, "-"])
        #expect(text.contains("<b>&amp;</b>") && text.contains("</span>"))
    }

    @Test("a heading level outside 1...3 is rejected")
    func headingLevel() throws {
        let document = lesson([.heading(Heading(level: 4, [.text("Too deep")]))])
        #expect(throws: TypesettingError.invalidHeadingLevel(4, heading: "Too deep", chapter: "Errors")) {
            try write(document)
        }
    }

    @Test("a figure that fails to draw fails the build and leaves no file behind")
    func failingFigure() throws {
        let directory = try temporaryDirectory().appendingPathComponent("failing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent("lesson.pdf")
        try Data("previous version".utf8).write(to: url)
        let document = lesson([.figure(FigureBlock(drawing: SampleFigure(fails: true), caption: [.text("Broken.")]))])
        #expect {
            try PDFTypesetter().write(document, to: url)
        } throws: { error in
            guard case TypesettingError.figureDrawingFailed(let number, _, let underlying) = error else { return false }
            return number == "1" && underlying.contains("asked to fail")
        }
        // The previous PDF is untouched and no temporary file is left.
        #expect(try String(contentsOf: url, encoding: .utf8) == "previous version")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["lesson.pdf"])
    }

    @Test("figure sizes and width fractions are checked", arguments: [0.0, -0.5, 1.5, Double.nan])
    func invalidWidthFraction(fraction: Double) throws {
        let document = lesson([.figure(FigureBlock(drawing: SampleFigure(), caption: [], widthFraction: fraction))])
        #expect {
            try write(document)
        } throws: { error in
            guard case TypesettingError.invalidFigure(let number, _, let reason) = error else { return false }
            return number == "1" && reason.contains("width fraction")
        }
    }

    @Test("a table row wider than its header is rejected")
    func tooManyCells() throws {
        let document = lesson([.table(TableBlock(
            header: [[.text("a")]], rows: [[[.text("1")], [.text("2")]]], caption: [.text("Too wide.")]))])
        #expect {
            try write(document)
        } throws: { error in
            guard case TypesettingError.invalidTable(let number, _, let reason) = error else { return false }
            return number == "1" && reason.contains("row 1 has 2 cells")
        }
    }

    @Test("a lesson must have exactly one chapter, a course at least one")
    func chapterCounts() throws {
        let twoChapters = Document(
            title: "Two", chapters: [Chapter(title: "A", blocks: []), Chapter(title: "B", blocks: [])])
        #expect(throws: TypesettingError.self) { try write(twoChapters) }
        let emptyCourse = Document(kind: .course, title: "Empty", chapters: [])
        #expect(throws: TypesettingError.self) { try write(emptyCourse) }
    }

    @Test("writing into a folder that does not exist names the path")
    func missingFolder() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/lesson.pdf")
        #expect {
            try PDFTypesetter().write(lesson([.paragraph([.text("Hello.")])]), to: url)
        } throws: { error in
            guard case TypesettingError.cannotWrite(let path, _) = error else { return false }
            return path == url.path
        }
    }
}

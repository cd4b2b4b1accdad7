import CPangoCairo
import Foundation
import Testing

@testable import NotebookDocument

/// A small drawing for tests: draws nothing, and writes a one-line text file as its "image".
struct TestFigure: ExportableFigure {
    var size: (width: Double, height: Double) { (200, 100) }
    func draw(in context: OpaquePointer, width: Double, height: Double) throws {}
    func exportFigure(to url: URL) throws {
        try Data("test figure \(url.pathExtension)".utf8).write(to: url)
    }
}

/// Results like a small lesson's: a number, a sample, a text, a series, a table and a figure.
func sampleResults() -> ResultsStore {
    let results = ResultsStore(lesson: "test")
    results.record("val-accuracy", 0.9123, configuration: "digits, p = 0.5")
    results.record("seed-accuracies", sample: [0.90, 0.92, 0.94])
    results.record("best-rate", text: "p = 0.5")
    results.record(series: "val-curve", x: [1, 2, 3], y: [0.5, 0.7, 0.8])
    results.record(
        table: "ablation",
        ResultTable(
            columns: [.init("p", format: "fixed.2"), .init("val acc", format: "percent.1")],
            rows: [[.number(0), .number(0.88)], [.number(0.5), .number(0.9123)]]),
        configuration: "digits, 40 epochs")
    results.record(figure: TestFigure(), named: "curves", configuration: "digits, seed 7, 40 epochs")
    return results
}

func snippetsForTests() throws -> SnippetLibrary {
    var library = SnippetLibrary()
    try library.add(contentsOf: "// snippet: dropout-forward\nlet y = x * mask\n// end-snippet", file: "Sources/X/D.swift")
    return library
}

/// Assembles `source` against `sampleResults()`.
func assemble(_ source: String) throws -> LessonAssembler.Output {
    let context = LessonAssembler.Context(
        file: "lessons/test.md", results: sampleResults(), snippets: try snippetsForTests(), seed: 7, quick: false)
    return try LessonAssembler(context: context).assemble(source)
}

/// The errors `source` produces (empty if it assembles).
func assemblyErrors(_ source: String) throws -> [LessonSourceError] {
    do {
        _ = try assemble(source)
        return []
    } catch let errors as LessonSourceErrors {
        return errors.errors
    }
}

/// The inlines of the first paragraph.
func firstParagraph(_ blocks: [Block]) -> [Inline]? {
    for block in blocks {
        if case .paragraph(let inlines) = block { return inlines }
    }
    return nil
}

/// The sources of the inline formulas, in order.
func mathSources(_ inlines: [Inline]) -> [String] {
    inlines.compactMap { if case .math(let formula) = $0 { return formula.source } else { return nil } }
}

/// The parsed inline formulas, in order.
func mathNodes(_ inlines: [Inline]) -> [[MathNode]] {
    inlines.compactMap { if case .math(let formula) = $0 { return formula.nodes } else { return nil } }
}

/// A formula of the lesson subset, for hand-built documents (the sources here are known to parse).
func formula(_ source: String) -> MathFormula {
    do { return try MathFormula(source) } catch { fatalError("test formula `\(source)`: \(error)") }
}

import Foundation

/// Writes a submission's report files into a folder: `report.md`, `results.json` (Gradescope),
/// `junit.xml` and `report.json` (the full `GradingReport`, which the class mode reads back).
public enum ReportWriter {
    public static func write(_ report: GradingReport, to folder: URL) throws {
        try writeAtomically(MarkdownReport.render(report), to: folder.appendingPathComponent("report.md"))
        try writeAtomically(try GradescopeResults(report).encoded(), to: folder.appendingPathComponent("results.json"))
        try writeAtomically(JUnitReport.render(report), to: folder.appendingPathComponent("junit.xml"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(try encoder.encode(report), to: folder.appendingPathComponent("report.json"))
    }

    public static func read(from folder: URL) throws -> GradingReport {
        try JSONDecoder().decode(GradingReport.self, from: Data(contentsOf: folder.appendingPathComponent("report.json")))
    }
}

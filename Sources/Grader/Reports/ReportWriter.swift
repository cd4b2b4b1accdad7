import Foundation

/// Writes a submission's report files into a folder: `report.md`, `results.json` (Gradescope),
/// `junit.xml` and `report.json` (the full `GradingReport`, which the class mode reads back).
public enum ReportWriter {
    public static func write(_ report: GradingReport, to folder: URL) throws {
        try writeAtomically(MarkdownReport.render(report), to: folder.appendingPathComponent("report.md"))
        try writeAtomically(try GradescopeResults(report).encoded(), to: folder.appendingPathComponent("results.json"))
        try writeAtomically(JUnitReport.render(report), to: folder.appendingPathComponent("junit.xml"))
        try writeAtomically(HTMLReport.render(report), to: folder.appendingPathComponent("report.html"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try writeAtomically(try encoder.encode(report), to: folder.appendingPathComponent("report.json"))
    }

    /// A `results.json` that says grading started and did not finish: written before anything
    /// runs, replaced when grading ends.
    public static func writeUnfinished(submission: String, to folder: URL) throws {
        try writeAtomically(
            try GradescopeResults.failure(
                "Grading of \(submission) started but did not finish (the grader was stopped or killed). "
                    + "Nothing was graded; ask your instructor to rerun the autograder."
            ).encoded(),
            to: folder.appendingPathComponent("results.json"))
    }

    /// A `results.json` with no score and the reason, when a submission cannot be graded at all.
    public static func writeFailure(submission: String, reason: String, to folder: URL) throws {
        try writeAtomically(
            try GradescopeResults.failure("\(submission) could not be graded: \(reason)").encoded(),
            to: folder.appendingPathComponent("results.json"))
    }

    public static func read(from folder: URL) throws -> GradingReport {
        try JSONDecoder().decode(GradingReport.self, from: Data(contentsOf: folder.appendingPathComponent("report.json")))
    }
}

import Foundation

/// The human-readable report: a score table per exercise, then each check with its feedback.
public enum MarkdownReport {
    public static func render(_ report: GradingReport) -> String {
        var lines = [
            "# Grade report: \(Feedback.markdown(report.submission))",
            "",
            "**Score: \(points(report.score)) / \(points(report.maxScore))**"
                + (report.includesHiddenChecks ? " (public and hidden checks)" : " (public checks only)"),
            "",
            "| exercise | state | points |",
            "|---|---|---|",
        ]
        for exercise in Exercise.allCases where report.maxScore(of: exercise) > 0 {
            lines.append(
                "| \(exercise.rawValue). \(exercise.title) | \(report.state(of: exercise)) | "
                    + "\(points(report.score(of: exercise))) / \(points(report.maxScore(of: exercise))) |")
        }
        if !report.notes.isEmpty {
            lines += ["", "Files not used:", ""]
            lines += report.notes.map { "- " + Feedback.markdown($0) }
        }
        for exercise in Exercise.allCases {
            let results = report.results.filter { $0.exercise == exercise }
            guard !results.isEmpty else { continue }
            lines += ["", "## Exercise \(exercise.rawValue): \(exercise.title)", "", "Sheet: `\(exercise.sheet)`", ""]
            for result in results {
                let mark = result.status == .passed ? "✓" : "✗"
                lines.append(
                    "- \(mark) **\(result.title)** (`\(result.id)`, \(result.visibility.rawValue)): "
                        + "\(points(result.score)) / \(points(result.maxScore)), \(result.status.rawValue)")
                if result.status != .passed && result.status != .notAttempted {
                    lines.append("")
                    lines += Feedback.codeBlock(result.message + "\nhint: " + result.hint, indent: "  ")
                    lines.append("")
                }
            }
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }
}

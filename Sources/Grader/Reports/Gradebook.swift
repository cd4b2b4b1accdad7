import Foundation

/// The class gradebook: one CSV row per submission with the total and each exercise's points.
public enum Gradebook {
    public static func csv(_ reports: [GradingReport]) -> String {
        var header = ["submission", "score", "max_score"]
        header += Exercise.allCases.map { "exercise_\($0.rawValue)_\($0.slug)" }
        header += ["not_attempted", "crashed_or_timed_out", "did_not_compile"]
        var rows = [header.joined(separator: ",")]
        for report in reports.sorted(by: { $0.submission < $1.submission }) {
            var fields = [field(report.submission), points(report.score), points(report.maxScore)]
            fields += Exercise.allCases.map { points(report.score(of: $0)) }
            fields.append(field(Exercise.allCases.filter { report.state(of: $0) == "not attempted" }.map { "\($0.rawValue)" }.joined(separator: " ")))
            fields.append(String(report.results.filter { $0.status == .crashed || $0.status == .timedOut }.count))
            fields.append(field(report.compileErrors.keys.sorted().joined(separator: " ")))
            rows.append(fields.joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// A CSV field, quoted when it contains a comma, a quote or a line break.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

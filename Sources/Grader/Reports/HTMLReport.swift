/// A self-contained HTML page per student: the score, a table per exercise, every check with its
/// feedback. Every student-controlled string is escaped (`Feedback.html`); the page has no scripts
/// and a Content-Security-Policy that forbids them, so it is safe to open and to mail.
public enum HTMLReport {
    public static func render(_ report: GradingReport) -> String {
        let e = Feedback.html
        var html = [
            "<!DOCTYPE html>",
            "<html lang=\"en\"><head><meta charset=\"utf-8\">",
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<title>Grade report: \(e(report.submission))</title>",
            "<style>",
            "body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f;background:#fff}",
            "@media (prefers-color-scheme:dark){body{color:#e8e8e8;background:#161616}td,th{border-color:#444}pre{background:#222}}",
            "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left}",
            "pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;padding:.5rem;border-radius:4px}",
            ".passed{color:#1a7f37}.failed{color:#c62828}",
            "</style></head><body>",
            "<h1>Grade report: \(e(report.submission))</h1>",
        ]
        if !report.students.isEmpty {
            html.append("<p>" + report.students.map { "\(e($0.name)) (\(e($0.id)), \(e($0.email)))" }.joined(separator: "; ") + "</p>")
        }
        html.append("<p><strong>Score: \(points(report.score)) / \(points(report.maxScore))</strong>"
            + (report.includesHiddenChecks ? " (public and hidden checks)" : " (public checks only)") + "</p>")
        html.append("<table><tr><th>exercise</th><th>state</th><th>points</th></tr>")
        for exercise in Exercise.allCases where report.maxScore(of: exercise) > 0 {
            html.append("<tr><td>\(exercise.rawValue). \(e(exercise.title))</td><td>\(e(report.state(of: exercise)))</td>"
                + "<td>\(points(report.score(of: exercise))) / \(points(report.maxScore(of: exercise)))</td></tr>")
        }
        html.append("</table>")
        if !report.notes.isEmpty {
            html.append("<h2>Files not used</h2><ul>" + report.notes.map { "<li>\(e($0))</li>" }.joined() + "</ul>")
        }
        for exercise in Exercise.allCases {
            let results = report.results.filter { $0.exercise == exercise }
            guard !results.isEmpty else { continue }
            html.append("<h2>Exercise \(exercise.rawValue): \(e(exercise.title))</h2><p>Sheet: <code>\(e(exercise.sheet))</code></p><ul>")
            for result in results {
                let state = result.status == .passed ? "passed" : "failed"
                var item = "<li><span class=\"\(state)\">\(result.status == .passed ? "✓" : "✗")</span> <strong>\(e(result.title))</strong> "
                    + "(<code>\(e(result.id))</code>, \(result.visibility.rawValue)): \(points(result.score)) / \(points(result.maxScore)), "
                    + e(result.status.rawValue)
                if result.status != .passed && result.status != .notAttempted {
                    item += "<pre>\(e(result.message))</pre><p>hint: \(e(result.hint))</p>"
                }
                html.append(item + "</li>")
            }
            html.append("</ul>")
        }
        html += ["</body></html>", ""]
        return html.joined(separator: "\n")
    }
}

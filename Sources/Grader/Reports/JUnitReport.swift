import Foundation

/// JUnit XML (one `testsuite` per exercise), valid against Jenkins xUnit's `junit-10.xsd`, for CI
/// systems and LMS plug-ins that read it: failures are `<failure>`, crashes and timeouts `<error>`,
/// stubs `<skipped>`. Partial credit, which JUnit has no field for, is in each suite's
/// `<properties>` (`score`, `max_score`) and in each test case's `<system-out>` ("score 1.5 / 1.5").
public enum JUnitReport {
    public static func render(_ report: GradingReport) -> String {
        let failures = report.results.filter { [.failed, .returnedNaN, .compileError, .forbiddenLibrary].contains($0.status) }.count
        let errors = report.results.filter { [.crashed, .timedOut].contains($0.status) }.count
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<testsuites name=\"\(escape(report.submission))\" tests=\"\(report.results.count)\" failures=\"\(failures)\" "
                + "errors=\"\(errors)\" time=\(quoted(report.results.reduce(0) { $0 + $1.seconds }))>",
        ]
        for exercise in Exercise.allCases {
            let results = report.results.filter { $0.exercise == exercise }
            guard !results.isEmpty else { continue }
            lines.append(
                "  <testsuite name=\"Exercise \(exercise.rawValue): \(escape(exercise.title))\" tests=\"\(results.count)\" "
                    + "failures=\"\(results.filter { [.failed, .returnedNaN, .compileError, .forbiddenLibrary].contains($0.status) }.count)\" "
                    + "errors=\"\(results.filter { [.crashed, .timedOut].contains($0.status) }.count)\" "
                    + "skipped=\"\(results.filter { $0.status == .notAttempted }.count)\" "
                    + "time=\(quoted(results.reduce(0) { $0 + $1.seconds }))>")
            lines += [
                "    <properties>",
                "      <property name=\"score\" value=\"\(points(report.score(of: exercise)))\"/>",
                "      <property name=\"max_score\" value=\"\(points(report.maxScore(of: exercise)))\"/>",
                "    </properties>",
            ]
            for result in results {
                let open = "    <testcase classname=\"\(exercise.slug)\" name=\"\(escape(result.id)): \(escape(result.title))\" time=\(quoted(result.seconds))"
                switch result.status {
                case .passed:
                    lines += [open + ">", credit(result), "    </testcase>"]
                case .notAttempted:
                    lines += [open + ">", "      <skipped message=\"not attempted\"/>", credit(result), "    </testcase>"]
                case .crashed, .timedOut:
                    lines += [
                        open + ">",
                        "      <error type=\"\(result.status.rawValue)\" message=\"\(escape(firstLine(result.message)))\">\(escape(result.feedback))</error>",
                        credit(result),
                        "    </testcase>",
                    ]
                case .failed, .returnedNaN, .compileError, .forbiddenLibrary:
                    lines += [
                        open + ">",
                        "      <failure type=\"\(result.status.rawValue)\" message=\"\(escape(firstLine(result.message)))\">\(escape(result.feedback))</failure>",
                        credit(result),
                        "    </testcase>",
                    ]
                }
            }
            lines.append("  </testsuite>")
        }
        lines += ["</testsuites>", ""]
        return lines.joined(separator: "\n")
    }

    /// The points of a test case, in its `<system-out>`.
    static func credit(_ result: CheckResult) -> String {
        "      <system-out>score \(points(result.score)) / \(points(result.maxScore))</system-out>"
    }

    static func quoted(_ seconds: Double) -> String { "\"" + String(format: "%.3f", seconds) + "\"" }

    static func firstLine(_ text: String) -> String { String(text.split(separator: "\n").first ?? "") }

    static func escape(_ text: String) -> String { Feedback.xml(text) }

    static func escapeUncapped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default:
                // XML 1.0 forbids most control characters.
                if scalar.value < 0x20 && scalar != "\n" && scalar != "\t" && scalar != "\r" { continue }
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

import Foundation

/// JUnit XML (one `testsuite` per exercise), for CI systems and LMS plug-ins that read it:
/// failures are `<failure>`, crashes and timeouts `<error>`, stubs `<skipped>`.
public enum JUnitReport {
    public static func render(_ report: GradingReport) -> String {
        let failures = report.results.filter { [.failed, .returnedNaN, .compileError, .forbiddenLibrary].contains($0.status) }.count
        let errors = report.results.filter { [.crashed, .timedOut].contains($0.status) }.count
        let skipped = report.results.filter { $0.status == .notAttempted }.count
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<testsuites name=\"\(escape(report.submission))\" tests=\"\(report.results.count)\" failures=\"\(failures)\" "
                + "errors=\"\(errors)\" skipped=\"\(skipped)\" time=\(quoted(report.results.reduce(0) { $0 + $1.seconds }))>",
        ]
        for exercise in Exercise.allCases {
            let results = report.results.filter { $0.exercise == exercise }
            guard !results.isEmpty else { continue }
            lines.append(
                "  <testsuite name=\"Exercise \(exercise.rawValue): \(escape(exercise.title))\" tests=\"\(results.count)\" "
                    + "failures=\"\(results.filter { [.failed, .returnedNaN, .compileError, .forbiddenLibrary].contains($0.status) }.count)\" "
                    + "errors=\"\(results.filter { [.crashed, .timedOut].contains($0.status) }.count)\" "
                    + "skipped=\"\(results.filter { $0.status == .notAttempted }.count)\">")
            for result in results {
                let open = "    <testcase classname=\"\(exercise.slug)\" name=\"\(escape(result.id)): \(escape(result.title))\" time=\(quoted(result.seconds))"
                switch result.status {
                case .passed:
                    lines.append(open + "/>")
                case .notAttempted:
                    lines += [open + ">", "      <skipped message=\"not attempted\"/>", "    </testcase>"]
                case .crashed, .timedOut:
                    lines += [
                        open + ">",
                        "      <error type=\"\(result.status.rawValue)\" message=\"\(escape(firstLine(result.message)))\">\(escape(result.feedback))</error>",
                        "    </testcase>",
                    ]
                case .failed, .returnedNaN, .compileError, .forbiddenLibrary:
                    lines += [
                        open + ">",
                        "      <failure type=\"\(result.status.rawValue)\" message=\"\(escape(firstLine(result.message)))\">\(escape(result.feedback))</failure>",
                        "    </testcase>",
                    ]
                }
            }
            lines.append("  </testsuite>")
        }
        lines += ["</testsuites>", ""]
        return lines.joined(separator: "\n")
    }

    static func quoted(_ seconds: Double) -> String { "\"" + String(format: "%.3f", seconds) + "\"" }

    static func firstLine(_ text: String) -> String { String(text.split(separator: "\n").first ?? "") }

    static func escape(_ text: String) -> String {
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

import Foundation

/// The class gradebook.
///
/// `gradebook.csv`: one row per submission with the student's id, name and email (from Gradescope's
/// `submission_metadata.json` or the roster; a group submission lists its members separated by
/// `;`), the total, each exercise's points, the exercises not attempted, the crashed or timed-out
/// checks and the files that did not compile or broke the library policy.
///
/// `gradebook-canvas.csv`: the columns Canvas's gradebook import reads (`Student`, `ID`,
/// `SIS User ID`, `SIS Login ID`, `Section`, then one column per assignment, named
/// `Regularize exercises`): Canvas matches rows on `SIS User ID` or `SIS Login ID` (the roster's id
/// and email) and leaves `ID` empty for it to fill; import with Grades → Import.
public enum Gradebook {
    public static func csv(_ reports: [GradingReport]) -> String {
        var header = ["submission", "student_id", "name", "email", "score", "max_score"]
        header += Exercise.allCases.map { "exercise_\($0.rawValue)_\($0.slug)" }
        header += ["not_attempted", "crashed_or_timed_out", "did_not_compile", "forbidden_library"]
        var rows = [header.joined(separator: ",")]
        for report in reports.sorted(by: { $0.submission < $1.submission }) {
            var fields = [field(report.submission)]
            fields += [\StudentIdentity.id, \StudentIdentity.name, \StudentIdentity.email].map { key in
                field(report.students.map { $0[keyPath: key] }.joined(separator: "; "))
            }
            fields += [points(report.score), points(report.maxScore)]
            fields += Exercise.allCases.map { points(report.score(of: $0)) }
            fields.append(field(Exercise.allCases.filter { report.state(of: $0) == "not attempted" }.map { "\($0.rawValue)" }.joined(separator: " ")))
            fields.append(String(report.results.filter { $0.status == .crashed || $0.status == .timedOut }.count))
            fields.append(field(report.compileErrors.keys.sorted().joined(separator: " ")))
            fields.append(field(report.policyViolations.keys.sorted().joined(separator: " ")))
            rows.append(fields.joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// One row per student (a group submission gives each member the group's score).
    public static func canvasCSV(_ reports: [GradingReport]) -> String {
        var rows = ["Student,ID,SIS User ID,SIS Login ID,Section,Regularize exercises"]
        rows.append("Points Possible,,,,,\(points(reports.first?.maxScore ?? 60))")
        for report in reports.sorted(by: { $0.submission < $1.submission }) {
            let students = report.students.isEmpty
                ? [StudentIdentity(id: "", name: report.submission, email: "")] : report.students
            for student in students {
                rows.append([field(student.name), "", field(student.id), field(student.email), "", points(report.score)].joined(separator: ","))
            }
        }
        return rows.joined(separator: "\n") + "\n"
    }

    /// A CSV field, quoted when it contains a comma, a quote or a line break; a leading =, +, -
    /// or @ is prefixed with ' so that a spreadsheet does not run it as a formula.
    static func field(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
import Grader
import Testing

/// The report files are data, not markup, and follow the formats their readers expect.
@Suite("report formats")
struct ReportFormatTests {
    /// A report whose messages are hostile: Markdown, HTML and XML injection, control characters.
    static let report: GradingReport = {
        let hostile = "```\n# Score: 60 / 60\n<script>alert(1)</script>]]></failure><x a=\"1\">&amp;\u{0}\u{1b}[31m"
        var results = CheckCatalog.all.prefix(8).map { CheckResult(check: $0, status: .passed, seconds: 0.25) }
        results[1].status = .failed
        results[1].score = 0
        results[1].message = hostile
        results[2].status = .crashed
        results[2].score = 0
        results[2].message = hostile
        results[3].status = .notAttempted
        results[3].score = 0
        var report = GradingReport(submission: "<b>alice</b>", results: Array(results))
        report.students = [StudentIdentity(id: "=1+2", name: "Ada <i>Lovelace</i>", email: "ada@example.edu")]
        return report
    }()

    @Test("junit.xml validates against Jenkins xUnit's junit-10.xsd and carries partial credit")
    func junit() throws {
        let xml = JUnitReport.render(Self.report)
        // The validator rejects what the schema forbids: an unknown element, a test case without a
        // name or with an unknown attribute, a suite without its counts, a time that is not a number.
        let broken = [
            xml.replacingOccurrences(of: "<properties>", with: "<bogus/><properties>"),
            xml.replacingOccurrences(of: #"(<testcase classname="[^"]*") name="#, with: "$1 title=", options: .regularExpression),
            xml.replacingOccurrences(of: "<testcase classname=", with: "<testcase weight=\"2\" classname="),
            xml.replacingOccurrences(of: " failures=\"", with: " failed=\""),
            xml.replacingOccurrences(of: "<testsuite name=", with: "<testsuite time=\"1.5 s\" name="),
        ]
        #expect(Set(broken).count == broken.count && !broken.contains(xml), "every mutation changes the document")
        let verdicts = try JUnitSchema.validate([xml] + broken)
        #expect(verdicts.first == "valid", "\(verdicts.first ?? "")")
        for (index, verdict) in verdicts.dropFirst().enumerated() {
            #expect(verdict.hasPrefix("invalid"), "mutation \(index) was accepted")
        }
        #expect(xml.contains("<property name=\"score\""))
        #expect(xml.contains("<system-out>score 0 / "))
        #expect(!xml.contains("<script>"))
    }

    @Test("report.html escapes every student string and runs no script")
    func html() {
        let html = HTMLReport.render(Self.report)
        #expect(!html.contains("<script>") && !html.contains("<b>alice") && !html.contains("<i>Lovelace"))
        #expect(html.contains("&lt;script&gt;") && html.contains("default-src 'none'"))
    }

    @Test("report.md keeps injected Markdown inside a code block")
    func markdown() {
        let markdown = MarkdownReport.render(Self.report)
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("# ") }.count == 1)
        #expect(!markdown.contains("\u{1b}") && !markdown.contains("\u{0}"))
    }

    @Test("the gradebook neutralises spreadsheet formulas and quotes fields")
    func gradebook() {
        let csv = Gradebook.csv([Self.report])
        #expect(csv.contains(",'=1+2,"), "\(csv)")
        #expect(Gradebook.canvasCSV([Self.report]).hasPrefix("Student,ID,SIS User ID,SIS Login ID,Section,Regularize exercises\n"))
    }
}

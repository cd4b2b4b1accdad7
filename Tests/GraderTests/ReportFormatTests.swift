import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
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

    @Test("junit.xml follows Jenkins xUnit's junit-10.xsd and carries partial credit")
    func junit() throws {
        let xml = JUnitReport.render(Self.report)
        let problems = try JUnitSchema.problems(xml)
        #expect(problems.isEmpty, "\(problems)")
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

/// The rules of Jenkins xUnit's `junit-10.xsd` (elements, their attributes, required ones, the time
/// pattern), checked with Foundation's XML parser.
final class JUnitSchema: NSObject, XMLParserDelegate {
    static let attributes: [String: (allowed: Set<String>, required: Set<String>)] = [
        "testsuites": (["name", "time", "tests", "failures", "errors"], []),
        "testsuite": (
            ["name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url"],
            ["name", "tests", "failures", "errors"]),
        "testcase": (["name", "time", "classname", "group"], ["name"]),
        "properties": ([], []), "property": (["name", "value"], ["name", "value"]),
        "failure": (["type", "message"], []), "error": (["type", "message"], []), "skipped": (["type", "message"], []),
        "system-out": ([], []), "system-err": ([], []),
    ]
    static let children: [String: Set<String>] = [
        "testsuites": ["testsuite"], "testsuite": ["testsuite", "properties", "testcase", "system-out", "system-err"],
        "testcase": ["skipped", "error", "failure", "system-out", "system-err"], "properties": ["property"],
    ]

    var problems: [String] = []
    var stack: [String] = []

    static func problems(_ xml: String) throws -> [String] {
        let checker = JUnitSchema()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = checker
        if !parser.parse() { checker.problems.append("not well-formed: \(parser.parserError.map { "\($0)" } ?? "?")") }
        return checker.problems
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        if let parent = stack.last {
            if !(Self.children[parent]?.contains(name) ?? false) { problems.append("<\(name)> inside <\(parent)>") }
        } else if name != "testsuites" && name != "testsuite" {
            problems.append("root <\(name)>")
        }
        stack.append(name)
        guard let rule = Self.attributes[name] else { return problems.append("unknown element <\(name)>") }
        for key in attributes.keys where !rule.allowed.contains(key) { problems.append("<\(name)> has attribute \(key)") }
        for key in rule.required where attributes[key] == nil { problems.append("<\(name)> lacks \(key)") }
        if (name == "testsuite" || name == "testsuites"), let time = attributes["time"],
            time.range(of: #"^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$"#, options: .regularExpression) == nil
        {
            problems.append("<\(name)> time \(time)")
        }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }
}

import Foundation
import Testing
@testable import Notebook
import NotebookDocument

/// `{cite}` through the whole build: the lesson's reference list, the course's appendix, and the
/// errors for an unknown id and a malformed references file.
@Suite struct CitationEndToEndTests {
    static let source = """
        # A tiny lesson

        Dropout {cite}`srivastava2014, hinton2012` reached {value}`accuracy:percent.1`; see also {cite}`hinton2012`.
        """

    static let references = """
        [
          {"id": "hinton2012", "authors": ["Geoffrey E. Hinton", "Nitish Srivastava"],
           "title": "Improving neural networks by preventing co-adaptation of feature detectors",
           "venue": "arXiv preprint arXiv:1207.0580", "year": 2012, "url": "https://arxiv.org/abs/1207.0580"},
          {"id": "srivastava2014", "authors": ["Nitish Srivastava", "Geoffrey Hinton"],
           "title": "Dropout: A Simple Way to Prevent Neural Networks from Overfitting",
           "venue": "Journal of Machine Learning Research 15(56):1929–1958", "year": 2014,
           "url": "https://jmlr.org/papers/v15/srivastava14a.html"}
        ]
        """

    static func package(source: String = source, references: String = references) throws -> URL {
        let root = try FrontEndToEndTests.makePackage(source: source)
        try Data(references.utf8).write(to: root.appendingPathComponent("lessons/references.json"))
        return root
    }

    @Test("the course PDF and site carry each lesson's references and a references appendix")
    func course() throws {
        let root = try Self.package()
        defer { try? FileManager.default.removeItem(at: root) }
        let options = LessonOptions(seed: 2, output: root.appendingPathComponent("output").path)
        let builder = CourseBuilder(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
        let course = try builder.build([FrontEndToEndTests.lesson { _ in 0.75 }])
        let text = try FrontEndToEndTests.pdfText(course.pdf)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains("Dropout [1, 2] reached 75.0 %; see also [2]."))
        #expect(text.contains("[1] Nitish Srivastava and Geoffrey Hinton. Dropout: A Simple Way"))
        #expect(text.contains("Appendix: references"))
        // In the appendix the works are sorted by first author: Hinton first.
        let appendix = try #require(text.range(of: "Appendix: references", options: .backwards))
        let tail = String(text[appendix.upperBound...])
        #expect(tail.containsInOrder(["[1] Geoffrey E. Hinton and Nitish Srivastava.", "[2] Nitish Srivastava and Geoffrey Hinton."]))
        let site = root.appendingPathComponent("output/site")
        let page = try String(contentsOf: site.appendingPathComponent("references-appendix.html"), encoding: .utf8)
        #expect(page.contains("<li id=\"c2-citation-1\">"))
        let lesson = try String(contentsOf: site.appendingPathComponent("tiny.html"), encoding: .utf8)
        #expect(lesson.contains("<a href=\"#c1-citation-2\">2</a>") && lesson.contains("<li id=\"c1-citation-2\">"))
    }

    @Test("an unknown citation fails the lesson with file:line and the nearest id")
    func unknownCitation() throws {
        let root = try Self.package(source: "# T\n\nAs {cite}`srivastava2041` showed.\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let options = LessonOptions(seed: 1, output: root.appendingPathComponent("output").path, editions: [.pdf])
        let builder = LessonBuilder(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
        #expect {
            try builder.build(FrontEndToEndTests.lesson { _ in 0.5 })
        } throws: { error in
            "\(error)".contains("lessons/tiny.md:3: unknown reference `srivastava2041` (did you mean `srivastava2014`?)")
        }
    }

    @Test("a malformed references file stops the build, naming the file and the entry")
    func malformedFile() throws {
        let broken = Self.references.replacingOccurrences(of: "\"year\": 2012", with: "\"year\": \"2012\"")
        let root = try Self.package(references: broken)
        defer { try? FileManager.default.removeItem(at: root) }
        let options = LessonOptions(seed: 1, output: root.appendingPathComponent("output").path, editions: [.pdf])
        let builder = LessonBuilder(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
        #expect {
            try builder.build(FrontEndToEndTests.lesson { _ in 0.5 })
        } throws: { error in
            "\(error)".contains("lessons/references.json: entry 1 (`hinton2012`): `year` must be a whole number")
        }
    }
}

extension String {
    /// Whether `phrases` occur in this order.
    func containsInOrder(_ phrases: [String]) -> Bool {
        var start = startIndex
        for phrase in phrases {
            guard let range = range(of: phrase, range: start..<endIndex) else { return false }
            start = range.upperBound
        }
        return true
    }
}

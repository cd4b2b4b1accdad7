import ArgumentParser
import Foundation
import NotebookDocument
import NotebookPDF
import Testing

@testable import Notebook

/// Bad lesson sources and options get a message that names the real problem (issue 10, item 9).
@Suite struct LessonSourceSafetyTests {
    func build(source: Data) throws {
        let root = try FrontEndToEndTests.makePackage()
        defer { try? FileManager.default.removeItem(at: root) }
        try source.write(to: root.appendingPathComponent("lessons/tiny.md"))
        let options = LessonOptions(seed: 1, output: root.appendingPathComponent("output").path)
        let builder = LessonBuilder(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
        try builder.build(FrontEndToEndTests.lesson { _ in 0.5 })
    }

    @Test("a source with invalid UTF-8 is reported as such, with line and byte offset, not as missing")
    func invalidUTF8() {
        var bytes = Data("# Tiny\n\nFirst line.\nCaf".utf8)
        bytes.append(0xE9)  // Latin-1 é: not UTF-8
        bytes.append(contentsOf: Data(" au lait.\n".utf8))
        let error = #expect(throws: (any Error).self) { try build(source: bytes) }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("lessons/tiny.md:4"), "\(message)")
        #expect(message.contains("not valid UTF-8") && message.contains("byte 23"), "\(message)")
        #expect(!message.contains("does not exist"), "\(message)")
    }

    @Test("an empty lesson source is refused with its file name and the fix",
          arguments: ["", "\n  \n\t\n"])
    func emptyLesson(text: String) {
        let error = #expect(throws: (any Error).self) { try build(source: Data(text.utf8)) }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("lessons/tiny.md") && message.contains("empty"), "\(message)")
    }

    @Test("\\frac with one argument says it needs two")
    func fractionWithOneArgument() {
        let error = #expect(throws: (any Error).self) { try MathRenderer.markup(for: #"\frac{a}"#) }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("two arguments") && message.contains(#"\frac{a}{b}"#), "\(message)")
        #expect(!message.contains("needs an argument"), "\(message)")
    }

    @Test("--seed -1 says the seed must be a non-negative integer, not 'missing value'",
          arguments: [["--seed", "-1"], ["--seed=-1"], ["--seed", "x"]])
    func negativeSeed(arguments: [String]) {
        #expect {
            _ = try LessonOptions.parse(arguments)
        } throws: { error in
            let message = LessonOptions.message(for: error)
            return message.contains("non-negative integer") && message.contains(arguments.last!.replacingOccurrences(of: "--seed=", with: ""))
                && !message.contains("Missing value")
        }
    }
}

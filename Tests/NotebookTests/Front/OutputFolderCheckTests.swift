import Foundation
import NotebookDocument
import NotebookPDF
import Testing

@testable import Notebook

/// A bad `--output` must fail before any training, with one plain sentence naming the folder and
/// the fix (no raw NSCocoaErrorDomain dump, no hint repeated).
@Suite struct OutputFolderCheckTests {
    /// The tiny lesson of the end-to-end tests, with a flag set when its experiments run.
    final class RunFlag: @unchecked Sendable { var ran = false }

    func build(output: String, flag: RunFlag) throws {
        let root = try FrontEndToEndTests.makePackage()
        defer { try? FileManager.default.removeItem(at: root) }
        let options = LessonOptions(seed: 1, output: output)
        let builder = LessonBuilder(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
        let tiny = FrontEndToEndTests.lesson { _ in 0.5 }
        let lesson = LessonDefinition(name: "tiny", title: "A tiny lesson") { context in
            flag.ran = true
            try tiny.experiments(context)
        }
        try builder.build(lesson)
    }

    func expectRefused(output: String, mentioning words: [String]) {
        let flag = RunFlag()
        let error = #expect(throws: (any Error).self) { try build(output: output, flag: flag) }
        let message = error.map { "\($0)" } ?? ""
        #expect(!flag.ran, "the experiments ran before the output folder was checked")
        for word in [output] + words {
            #expect(message.contains(word), "message lacks '\(word)': \(message)")
        }
        #expect(!message.contains("NSCocoaErrorDomain") && !message.contains("Error Domain"), "\(message)")
        #expect(!message.contains("\n"), "not one sentence: \(message)")
        #expect(message.components(separatedBy: "--output").count - 1 == 1, "the hint is not given exactly once: \(message)")
    }

    @Test("many checks of one folder at the same moment (lessons built side by side) all pass and leave no probe behind")
    func concurrentChecks() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let outcomes = try ParallelRuns.map(64, jobs: 8) { _ in Result { try OutputFolderCheck.check(folder) } }
        for outcome in outcomes { #expect(throws: Never.self) { try outcome.get() } }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test("an --output that is a file is refused before training")
    func outputIsAFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("regularize-output-file-\(UUID().uuidString)")
        try Data("not a folder".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        expectRefused(output: file.path, mentioning: ["is a file"])
        #expect(try String(contentsOf: file, encoding: .utf8) == "not a folder")
    }

    @Test("an --output below a file is refused before training")
    func outputBelowAFile() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("regularize-output-file-\(UUID().uuidString)")
        try Data("not a folder".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        expectRefused(output: file.appendingPathComponent("out").path, mentioning: ["is a file"])
    }

    @Test("an --output that cannot be created is refused before training")
    func outputCannotBeCreated() {
        expectRefused(output: "/proc/regularize-output-\(UUID().uuidString)", mentioning: ["cannot"])
    }
}

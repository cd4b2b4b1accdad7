import Foundation
import NotebookDocument
import NotebookPDF
import Testing

@testable import Notebook

/// A rerun replaces `output/<lesson>/` whole or not at all, keeps the user's files, and cleans up
/// what interrupted runs left behind (issue 10, item 2).
@Suite struct StagedOutputTests {
    /// A figure whose file holds `content`, or whose export fails (a run interrupted mid-write).
    struct StubFigure: ExportableFigure {
        var content: String
        var fails = false
        var size: (width: Double, height: Double) { (200, 100) }
        func draw(in context: OpaquePointer, width: Double, height: Double) throws {}
        func exportFigure(to url: URL) throws {
            if fails { throw CocoaError(.fileWriteOutOfSpace) }
            try Data(content.utf8).write(to: url)
        }
    }

    /// The tiny lesson with two figures; `run` goes into every number and figure, and the second
    /// figure's export fails when `failsMidWrite`.
    func lesson(run: Int, failsMidWrite: Bool = false) -> LessonDefinition {
        let tiny = FrontEndToEndTests.lesson { _ in 0.5 + Double(run) / 100 }
        return LessonDefinition(name: "tiny", title: "A tiny lesson") { context in
            try tiny.experiments(context)
            context.results.record(figure: StubFigure(content: "run \(run) a"), named: "a-first", configuration: "")
            context.results.record(
                figure: StubFigure(content: "run \(run) b", fails: failsMidWrite), named: "b-second", configuration: "")
            if run == 1 {
                context.results.record(figure: StubFigure(content: "only run 1"), named: "c-only-first", configuration: "")
            }
        }
    }

    func builder(_ root: URL) -> LessonBuilder {
        let options = LessonOptions(seed: 1, output: root.appendingPathComponent("output").path, formats: [.png])
        return LessonBuilder(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
    }

    /// Every file below `folder` with its bytes.
    func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: folder.path)! {
            var isFolder: ObjCBool = false
            let url = folder.appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder), !isFolder.boolValue {
                files[path] = try Data(contentsOf: url)
            }
        }
        return files
    }

    @Test("a run that fails while writing leaves the old complete output, user files included")
    func interruptedRunKeepsOldOutput() throws {
        let root = try FrontEndToEndTests.makePackage()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("output/tiny")
        try builder(root).build(lesson(run: 1))
        try Data("my notes".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let before = try snapshot(folder)
        #expect(before["figures/a-first.png"] == Data("run 1 a".utf8))

        #expect(throws: (any Error).self) { try builder(root).build(lesson(run: 2, failsMidWrite: true)) }
        #expect(try snapshot(folder) == before, "the output folder changed after a failed run")
        let siblings = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        #expect(siblings == ["tiny"], "left behind: \(siblings)")
    }

    @Test("a successful rerun replaces the tool's files and keeps the user's")
    func rerunKeepsUserFiles() throws {
        let root = try FrontEndToEndTests.makePackage()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("output/tiny")
        try builder(root).build(lesson(run: 1))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("mine"), withIntermediateDirectories: true)
        try Data("my notes".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        try Data("mine".utf8).write(to: folder.appendingPathComponent("mine/plot.png"))
        try Data("mine too".utf8).write(to: folder.appendingPathComponent("figures/my-sketch.png"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("figures/c-only-first.png").path))

        try builder(root).build(lesson(run: 2))
        let after = try snapshot(folder)
        #expect(after["notes.txt"] == Data("my notes".utf8))
        #expect(after["mine/plot.png"] == Data("mine".utf8))
        #expect(after["figures/a-first.png"] == Data("run 2 a".utf8))
        #expect(after["figures/my-sketch.png"] == Data("mine too".utf8))
        #expect(after["figures/c-only-first.png"] == nil, "a figure file of an earlier run was not removed")
        let siblings = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
        #expect(siblings == ["tiny"], "left behind: \(siblings)")
    }

    @Test("stale staging folders and temporary files of killed runs are removed; unmarked folders are not")
    func staleTemporariesAreCleaned() throws {
        let root = try FrontEndToEndTests.makePackage()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("output")
        let manager = FileManager.default
        // pid 2147483646: no such process.
        let stale = output.appendingPathComponent(".tiny.staging-2147483646-deadbeef")
        try manager.createDirectory(at: stale.appendingPathComponent("figures"), withIntermediateDirectories: true)
        try Data().write(to: stale.appendingPathComponent(".regularize-output"))  // the marker of our folders
        try Data("half".utf8).write(to: stale.appendingPathComponent("figures/a-first.png"))
        let partial = output.appendingPathComponent(".course.pdf.tmp-2147483646-abcd.partial")
        try Data("half a pdf".utf8).write(to: partial)
        let unmarked = output.appendingPathComponent(".tiny.staging-2147483646-user")
        try manager.createDirectory(at: unmarked, withIntermediateDirectories: true)
        try Data("not ours".utf8).write(to: unmarked.appendingPathComponent("keep.txt"))

        try builder(root).build(lesson(run: 1))
        #expect(!manager.fileExists(atPath: stale.path))
        #expect(!manager.fileExists(atPath: partial.path))
        #expect(manager.fileExists(atPath: unmarked.appendingPathComponent("keep.txt").path))
    }

    @Test("the course's site is replaced whole: an old site without a manifest is read by name, a user's file in it is kept")
    func siteIsStaged() throws {
        let root = try FrontEndToEndTests.makePackage()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("output")
        let options = LessonOptions(seed: 1, output: output.path, formats: [.svg], editions: [.html])
        let course = CourseBuilder(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
        let site = output.appendingPathComponent("site")
        try course.build([lesson(run: 1)])
        // As written before the site had a manifest, with a student's notes and a stale page.
        try FileManager.default.removeItem(at: site.appendingPathComponent(StagedOutputFolder.manifestName))
        try Data("my notes".utf8).write(to: site.appendingPathComponent("notes.txt"))
        try Data("<p>old</p>".utf8).write(to: site.appendingPathComponent("retired-chapter.html"))
        let pages = try course.build([lesson(run: 2)]).sitePages
        #expect(pages.first == site.appendingPathComponent("index.html"))
        #expect(pages.allSatisfy { FileManager.default.fileExists(atPath: $0.path) })
        #expect(try String(contentsOf: site.appendingPathComponent("notes.txt"), encoding: .utf8) == "my notes")
        #expect(!FileManager.default.fileExists(atPath: site.appendingPathComponent("retired-chapter.html").path))
        #expect(FileManager.default.fileExists(atPath: site.appendingPathComponent(StagedOutputFolder.manifestName).path))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: output.path).filter { $0.hasPrefix(".site.") }
        #expect(leftovers.isEmpty)
    }
}

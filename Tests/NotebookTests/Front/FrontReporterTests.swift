import Foundation
import Synchronization
import Testing

@testable import Notebook
import NotebookDocument
import NotebookPDF

/// Collects what a reporter writes.
final class CapturedOutput: Sendable {
    private let text = Mutex("")
    var contents: String { text.withLock { $0 } }

    func output(interactive: Bool) -> TerminalOutput {
        TerminalOutput(isInteractive: interactive) { [self] piece in text.withLock { $0 += piece } }
    }
}

@Suite struct FrontReporterTests {
    @Test("on a terminal the progress bar is redrawn in place and ends with a newline")
    func interactiveBar() {
        let captured = CapturedOutput()
        let reporter = LessonReporter(output: captured.output(interactive: true))
        reporter.section("Training 1 network on digits")
        let progress = reporter.startRun("p = 0.50", epochs: 4)
        for epoch in 1...4 { progress.update(epoch: epoch, loss: 1.0 / Double(epoch)) }
        let text = captured.contents
        #expect(text.contains("▸ Training 1 network on digits\n"))
        // The first and last epochs are always drawn; the others at most ten times a second.
        #expect(text.components(separatedBy: "\r").count >= 3)
        #expect(text.contains("[#####···············]  1/4  loss 1.0000"))
        #expect(text.contains("[####################]  4/4  loss 0.2500"))
        #expect(text.hasSuffix(")\n"))
    }

    @Test("in a pipe a short run prints one plain line, after its last epoch")
    func plainLines() {
        let captured = CapturedOutput()
        let reporter = LessonReporter(output: captured.output(interactive: false))
        let progress = reporter.startRun("run", epochs: 95)
        for epoch in 1...95 { progress.update(epoch: epoch, loss: 0.1, metrics: [("val acc", "90.0 %")]) }
        reporter.summarize("best p = 0.5")
        reporter.finish(wrote: ["output/x/x.pdf"])
        let text = captured.contents
        #expect(!text.contains("\r"))
        let epochLines = text.split(separator: "\n").filter { $0.contains(": epoch") }
        #expect(epochLines.count == 1)
        #expect(epochLines.last?.contains("run: epoch 95/95  loss 0.1000  val acc 90.0 %  in ") == true)
        #expect(text.contains("(1 training run)"))
        #expect(text.contains("• best p = 0.5"))
        #expect(text.contains("→ output/x/x.pdf"))
    }
}

@Suite struct FrontOptionsTests {
    @Test("the shared options parse --seed, --quick, --output and repeated --format")
    func parsing() throws {
        let options = try LessonOptions.parse(["--seed", "3", "--quick", "--output", "/tmp/x", "--format", "svg", "--format", "png"])
        #expect(options.seed == 3)
        #expect(options.quick)
        #expect(options.formats == [.svg, .png])
        #expect(options.outputFolder(packageRoot: URL(fileURLWithPath: "/root")).path == "/tmp/x")
        let defaults = try LessonOptions.parse([])
        #expect(defaults.seed == LessonOptions.defaultSeed)
        #expect(!defaults.quick)
        #expect(defaults.formats == [.png, .pdf])
        #expect(defaults.outputFolder(packageRoot: URL(fileURLWithPath: "/root")).path == "/root/output")
        #expect(throws: (any Error).self) { try LessonOptions.parse(["--format", "gif"]) }
        #expect(throws: (any Error).self) { try LessonOptions.parse(["--seed", "-1"]) }
    }

    @Test("the package root is found by walking up to Package.swift")
    func packageRoot() throws {
        let root = PackageRoot.locate()
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("Sources/Notebook").path))
        let deep = root.appendingPathComponent("Sources/Notebook/Build")
        #expect(PackageRoot.search(upwardFrom: deep)?.path == root.path)
        #expect(PackageRoot.search(upwardFrom: URL(fileURLWithPath: "/")) == nil)
        // From outside the package, the compiled-in location is used.
        #expect(PackageRoot.locate(from: URL(fileURLWithPath: "/")).path == root.path)
    }

    @Test("the real sources' snippet markers are all well formed")
    func realSnippets() throws {
        _ = try SnippetLibrary.scan(packageRoot: PackageRoot.locate())
    }
}

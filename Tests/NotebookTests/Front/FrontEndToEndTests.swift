import Foundation
import Plots
import Testing

@testable import Notebook
import NotebookDocument
import NotebookPDF

/// Builds a small lesson (a fixture source and an experiments closure recording a number, a
/// table and a figure) into a PDF in a temporary folder, and reads the PDF back with `pdftotext`.
@Suite struct FrontEndToEndTests {
    static let lessonSource = """
        # A tiny lesson

        (sec-results)=
        ## Results

        The network reached {value}`accuracy:percent.1` on the validation set, over
        {value}`images:int` images; {numref}`fig-curve` shows the curve and {numref}`ablation`
        the ablation. Inverted dropout keeps $E[y] = (1-p) \\cdot \\frac{a}{1-p} = a$.

        :::{figure} curve
        :label: fig-curve
        A bar that stands for a training curve.
        :::

        :::{table} ablation
        Accuracy per dropout rate.
        :::

        :::{snippet} tiny-forward
        :::

        :::{takeaway}
        Scale the survivors by $1/(1-p)$ during training.
        :::

        ## Exercises {-}

        :::{exercise} tiny-forward
        :title: Write the forward pass
        Implement it.
        :::
        """

    static let swiftSource = """
        struct Tiny {
            func forward(_ x: Double) -> Double {
                // snippet: tiny-forward
                let keep = 0.5
                return x / keep
                // end-snippet
            }
        }
        """

    static func lesson(accuracy: @escaping @Sendable (UInt64) -> Double) -> LessonDefinition {
        LessonDefinition(name: "tiny", title: "A tiny lesson") { context in
            let progress = context.reporter.startRun("tiny", epochs: 3)
            for epoch in 1...3 { progress.update(epoch: epoch, loss: 1 / Double(epoch)) }
            context.results.record("accuracy", accuracy(context.seed), configuration: "tiny data")
            context.results.record("images", 1797)
            context.results.record(
                table: "ablation",
                ResultTable(
                    columns: [.init("p", format: "fixed.2"), .init("accuracy", format: "percent.1")],
                    rows: [[.number(0), .number(0.9)], [.number(0.5), .number(accuracy(context.seed))]]),
                configuration: "tiny data")
            var curve = Figure(Axes(title: "Training loss", xLabel: "epoch", yLabel: "loss"), size: (360, 220))
            curve[0, 0].plot([1, 2, 3], [1, 0.5, 1 / 3], label: "training")
            context.results.record(figure: curve, named: "curve", configuration: "tiny data, 3 epochs")
        }
    }

    /// A throw-away package root: Package.swift, Sources/ with one snippet, lessons/tiny.md.
    static func makePackage(source: String = lessonSource) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("front-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("Sources/Tiny"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("lessons"), withIntermediateDirectories: true)
        try Data("// swift-tools-version:6.1\n".utf8).write(to: root.appendingPathComponent("Package.swift"))
        try Data(swiftSource.utf8).write(to: root.appendingPathComponent("Sources/Tiny/Tiny.swift"))
        try Data(source.utf8).write(to: root.appendingPathComponent("lessons/tiny.md"))
        return root
    }

    static func pdfText(_ url: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["pdftotext", "-layout", url.path, "-"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        // A word hyphenated at a line end extracts with a soft hyphen there: rejoin it.
        return String(decoding: data, as: UTF8.self)
            .replacingOccurrences(of: "\u{00AD}\n *", with: "", options: .regularExpression)
    }

    @Test("a tiny lesson builds into a PDF that quotes the run's value and numbers its figure")
    func tinyLessonBuilds() throws {
        let root = try Self.makePackage()
        // FRONT_KEEP_OUTPUT=1 keeps the folder, to look at the PDF.
        defer {
            if ProcessInfo.processInfo.environment["FRONT_KEEP_OUTPUT"] == nil {
                try? FileManager.default.removeItem(at: root)
            } else {
                print("kept \(root.path)")
            }
        }
        let options = LessonOptions(seed: 11, output: root.appendingPathComponent("output").path)
        let builder = LessonBuilder(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
        // The accuracy depends on the seed, so the PDF can only contain it if it came from this run.
        let built = try builder.build(Self.lesson { seed in 0.9 + Double(seed) / 1000 })

        #expect(built.pageCount >= 1)
        let text = try Self.pdfText(built.pdf)
        #expect(text.contains("91.1"))
        #expect(text.contains("Figure 1"))
        #expect(text.contains("Table 1"))
        #expect(text.contains("1,797"))
        #expect(text.contains("let keep = 0.5"))
        #expect(text.contains("tiny data, 3 epochs, seed 11"))

        let folder = root.appendingPathComponent("output/tiny")
        for file in ["figures/curve.png", "figures/curve.pdf", "results.json", "tiny.pdf"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)")
        }
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: built.resultsFile)) as? [String: Any]
        let provenance = try #require(json?["provenance"] as? [String: Any])
        #expect(provenance["seed"] as? Int == 11)
        #expect(provenance["commit"] as? String == "unknown")
        #expect((provenance["toolchain"] as? String)?.isEmpty == false)
        #expect(json?["usedByText"] as? [String] == ["ablation", "accuracy", "curve", "images"])
        // No temporary file is left; the one hidden file is the list of the files the run wrote.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix(".") && $0 != StagedOutputFolder.manifestName }
        #expect(leftovers.isEmpty)
    }

    @Test("a lesson naming an unknown result fails with file:line and still writes results.json")
    func unknownResultFailsTheBuild() throws {
        let root = try Self.makePackage(source: "# T\n\nValue {value}`acuracy:percent`.\n")
        defer { try? FileManager.default.removeItem(at: root) }
        let options = LessonOptions(seed: 1, output: root.appendingPathComponent("output").path)
        let builder = LessonBuilder(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
        #expect {
            try builder.build(Self.lesson { _ in 0.5 })
        } throws: { error in
            "\(error)".contains("lessons/tiny.md:3: unknown result `acuracy` (did you mean `accuracy`?)")
        }
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/tiny/results.json").path))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("output/tiny/tiny.pdf").path))
    }

    @Test("the course builds the lessons that exist into one PDF and skips the others")
    func courseBuilds() throws {
        let root = try Self.makePackage()
        defer { try? FileManager.default.removeItem(at: root) }
        let options = LessonOptions(seed: 2, output: root.appendingPathComponent("output").path)
        let builder = CourseBuilder(options: options, packageRoot: root, reporter: LessonReporter(output: .silent))
        let missing = LessonDefinition(name: "unwritten", title: "Not yet") { _ in }
        let course = try builder.build([Self.lesson { _ in 0.75 }, missing])
        #expect(course.skipped == ["unwritten"])
        #expect(course.lessons.map(\.definition.name) == ["tiny"])
        let text = try Self.pdfText(course.pdf)
        #expect(text.contains("75.0"))
        #expect(text.contains("Figure 1.1"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("output/tiny/tiny.pdf").path))
    }
}

import CPangoCairo
import Foundation
import NotebookDocument
import NotebookHTML
import Testing

/// Quick checks and explorers driven in headless Chromium (`Tests/Browser/interactive_test.py`)
/// on a small page made here: sliders, toggles and Animate change the frame shown; quizzes give
/// the right feedback for a wrong and a right answer, by keyboard and by mouse; hostile lesson
/// text stays text. The course site's real explorers and quizzes are driven by
/// `CourseSiteBrowserTests`.
@Suite(.serialized) struct InteractiveBrowserTests {
    /// A filled rectangle of one grey level, so every frame is a different picture.
    struct Swatch: DrawableFigure {
        var level: Double
        var size: (width: Double, height: Double) { (240, 120) }
        func draw(in context: OpaquePointer, width: Double, height: Double) throws {
            cairo_set_source_rgb(context, level, level, 1 - level)
            cairo_rectangle(context, 0, 0, width, height)
            cairo_fill(context)
        }
    }

    static let hostile = "<script>window.__injected = 1</script><img src=x onerror=\"window.__injected = 2\">"

    static func document() -> Document {
        let rates = ExplorerBlock(
            parameter: "rate p", frames: [0, 0.25, 0.5, 0.75].map { .init(value: "p = \($0)", drawing: Swatch(level: $0)) },
            initialFrame: 2, caption: [.text("Rates " + hostile)], label: "fig-rates")
        let masks = ExplorerBlock(
            parameter: "pass",
            frames: (1...4).map { .init(value: "pass \($0)", group: "training", drawing: Swatch(level: Double($0) / 5)) }
                + [.init(value: "every unit", group: "inference", drawing: Swatch(level: 1))],
            animated: true, caption: [.text("Masks.")], label: "fig-masks")
        let single = QuizBlock(
            question: [.text("Which is right? " + hostile)],
            options: [
                .init(text: [.text("Wrong " + hostile)], isRight: false, explanation: [.text("Because " + hostile)]),
                .init(text: [.text("Right")], isRight: true, explanation: [.text("Indeed.")]),
                .init(text: [.text("Also wrong")], isRight: false, explanation: [.text("No.")]),
            ],
            multipleAnswers: false, label: "quiz-single")
        let multiple = QuizBlock(
            question: [.text("Choose both right ones.")],
            options: [
                .init(text: [.text("A")], isRight: true, explanation: [.text("A is right.")]),
                .init(text: [.text("B")], isRight: false, explanation: [.text("B is wrong.")]),
                .init(text: [.text("C")], isRight: true, explanation: [.text("C is right.")]),
            ],
            multipleAnswers: true, label: "quiz-multiple")
        return Document(
            title: "Interactive", chapters: [
                Chapter(title: "Interactive", label: "interactive", blocks: [
                    .paragraph([.text("See "), .reference("fig-rates"), .text(" and "), .reference("quiz-single"), .text(".")]),
                    .explorer(rates), .explorer(masks), .quiz(single), .quiz(multiple),
                ])
            ], metadata: DocumentMetadata(seed: 7))
    }

    @Test("sliders, toggles and Animate change the frame; quizzes answer right and wrong, by keyboard and mouse")
    func interactivePage() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("interactive-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try HTMLEdition().writeLesson(Self.document(), into: folder)
        let run = try await BrowserHarness.run(
            "interactive_test.py", [page.path, "--expect-explorers", "2", "--expect-quizzes", "2"], timeout: 120)
        #expect(run.status == 0, "interactive check failed:\n\(run.output)")
        #expect(run.output.contains("\"failures\": []"))
        #expect(run.output.contains("\"animations\": 1") && run.output.contains("\"group presses\": 2"))
    }

    @Test("the interactive check fails a page whose script does nothing")
    func checkerCatchesDeadControls() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dead-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = try HTMLEdition().writeLesson(Self.document(), into: folder)
        try Data("\"use strict\";\n".utf8).write(to: folder.appendingPathComponent("assets/site.js"))
        let run = try await BrowserHarness.run(
            "interactive_test.py", [page.path, "--expect-explorers", "2", "--expect-quizzes", "2"], timeout: 120)
        #expect(run.status == 1)
        for failure in ["\"slider\"", "\"animate\"", "wrong answer feedback", "\"group\""] {
            #expect(run.output.contains(failure), "the interactive check missed: \(failure)\n\(run.output)")
        }
    }
}

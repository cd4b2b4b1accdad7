import Foundation
import NotebookDocument
import Testing

@testable import NotebookPDF

/// On paper a quick check is its question and options where it stands, and its answers in an
/// appendix; an explorer is one figure of its printed frames.
@Suite struct QuizAndExplorerTypesettingTests {
    struct Frame: DrawableFigure {
        var size: (width: Double, height: Double) { (300, 200) }
        func draw(in context: OpaquePointer, width: Double, height: Double) throws {}
    }

    static func document() -> Document {
        let quiz = QuizBlock(
            question: [.text("Which mode keeps every unit?")],
            options: [
                .init(text: [.text("Training mode")], isRight: false, explanation: [.text("Training draws a fresh mask per batch.")]),
                .init(text: [.text("Inference mode")], isRight: true, explanation: [.text("Inference uses the whole network.")]),
            ],
            multipleAnswers: false, label: "quiz-mode")
        let explorer = ExplorerBlock(
            parameter: "dropout rate p",
            frames: ["p = 0", "p = 0.25", "p = 0.5", "p = 0.75"].map { .init(value: $0, drawing: Frame()) },
            initialFrame: 2, printedFrames: [0, 2, 3], caption: [.text("Curves per rate.")], label: "fig-rates")
        return Document(
            title: "Quiz", chapters: [
                Chapter(title: "Quiz", blocks: [
                    .heading(Heading(level: 1, [.text("Modes")])),
                    .paragraph([.text("See "), .reference("fig-rates"), .text(" and "), .reference("quiz-mode"), .text(".")]),
                    .explorer(explorer),
                    .quiz(quiz),
                    .heading(Heading(level: 1, [.text("Later")])),
                    .paragraph([.text("More text.")]),
                ])
            ], metadata: DocumentMetadata(seed: 1))
    }

    @Test("the question stands in the text, the answers and explanations in the appendix after the last section")
    func quizAndAppendix() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quiz-\(UUID().uuidString).pdf")
        defer { try? FileManager.default.removeItem(at: url) }
        try PDFTypesetter().write(Self.document(), to: url)
        let text = try PDFTools.text(of: url)
        #expect(text.contains("See Figure 1 and Quick check 1."))
        let question = try #require(text.range(of: "Quick check 1 Which mode keeps every unit? (a) Training mode (b) Inference mode"))
        let later = try #require(text.range(of: "2 Later"))
        let appendix = try #require(text.range(of: "Answers to the quick checks"))
        #expect(question.upperBound < later.lowerBound && later.upperBound < appendix.lowerBound)
        #expect(text.contains("(a) Wrong. Training mode Training draws a fresh mask per batch."))
        #expect(text.contains("(b) Right. Inference mode Inference uses the whole network."))
        // The explanations are not printed beside the question.
        #expect(text[..<appendix.lowerBound].contains("fresh mask") == false)
        let destinations = try PDFTools.destinations(of: url)
        let answersPage = try #require(destinations["c1-quiz-1-answers"])
        #expect(text.contains("Answers and explanations: page \(answersPage)."))
        #expect(text.contains("Panels left to right, top to bottom: p = 0; p = 0.5; p = 0.75. The web edition shows all 4 frames (dropout rate p)."))
    }
}

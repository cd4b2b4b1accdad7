import Foundation
import Testing

@testable import NotebookDocument
@testable import NotebookHTML

/// Quick checks and explorers in the HTML edition: accessible markup, every text escaped, every
/// frame written.
@Suite struct InteractiveHTMLTests {
    static let hostile = "<script>alert(1)</script>\"' onload=x &"

    static func page(_ blocks: [Block]) throws -> (html: String, folder: URL) {
        let folder = try temporaryFolder()
        let document = Document(
            title: "T", chapters: [Chapter(title: "T", label: "t", blocks: blocks)], metadata: DocumentMetadata(seed: 7))
        let url = try HTMLEdition().writeLesson(document, into: folder)
        return (try String(contentsOf: url, encoding: .utf8), folder)
    }

    static let quiz = QuizBlock(
        question: [.text("Which mode? " + hostile)],
        options: [
            .init(text: [.text("Training " + hostile)], isRight: false, explanation: [.text("Masks. " + hostile)]),
            .init(text: [.text("Inference")], isRight: true, explanation: [.text("Whole network.")]),
        ],
        multipleAnswers: false, label: "quiz-mode")

    @Test("a quiz is a fieldset with a legend, radio inputs with labels and hidden explanations; hostile text is escaped")
    func quizMarkup() throws {
        let (html, folder) = try Self.page([.paragraph([.reference("quiz-mode")]), .quiz(Self.quiz)])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("\"' onload"))  // the quote is escaped: no attribute can open
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;"))
        #expect(html.contains("<a class=\"xref\" href=\"#c1-quiz-1\">Quick check\u{00A0}1</a>"))
        #expect(html.contains("<form class=\"quiz\" id=\"c1-quiz-1\" data-quiz><fieldset><legend><span class=\"quiz-label\">Quick check 1</span> Which mode?"))
        #expect(html.contains("<input type=\"radio\" name=\"c1-quiz-1\" id=\"c1-quiz-1-a\" value=\"a\" data-right=\"false\" aria-describedby=\"c1-quiz-1-a-why\"><label for=\"c1-quiz-1-a\">Training"))
        #expect(html.contains("data-right=\"true\""))
        #expect(html.contains("<p class=\"quiz-explanation\" id=\"c1-quiz-1-b-why\" hidden><span class=\"quiz-verdict\">Right:</span> Whole network.</p>"))
        #expect(html.contains("role=\"status\" aria-live=\"polite\""))
        var multiple = Self.quiz
        multiple.multipleAnswers = true
        let (checkboxes, other) = try Self.page([.quiz(multiple)])
        defer { try? FileManager.default.removeItem(at: other) }
        #expect(checkboxes.contains("type=\"checkbox\"") && !checkboxes.contains("type=\"radio\""))
    }

    @Test("an explorer writes every frame, shows only the initial one, and labels its slider with the current value")
    func explorerMarkup() throws {
        let explorer = ExplorerBlock(
            parameter: "rate <p>",
            frames: [
                .init(value: "p = 0", group: "training", drawing: BlankFigure()),
                .init(value: "p = 0.5 " + Self.hostile, group: "training", drawing: BlankFigure()),
                .init(value: "all units", group: "inference", drawing: BlankFigure()),
            ],
            initialFrame: 1, animated: true, caption: [.text("Frames " + Self.hostile)], label: "fig-x")
        let (html, folder) = try Self.page([.explorer(explorer)])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(!html.contains("<script>alert") && !html.contains("\"' onload"))
        for index in 1...3 {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("assets/figures/c1-figure-1-frame-\(index).svg").path))
        }
        let images = html.components(separatedBy: "<img ").dropFirst()
        #expect(images.count == 3)
        #expect(images.map { $0.contains(" hidden>") } == [true, false, true])
        #expect(html.contains("<label for=\"c1-figure-1-slider\">rate &lt;p&gt;</label><input type=\"range\" id=\"c1-figure-1-slider\" min=\"0\" max=\"1\" step=\"1\" value=\"1\""))
        #expect(html.contains("<button type=\"button\" class=\"explorer-group\" data-group=\"0\" aria-pressed=\"true\">training</button>"))
        #expect(html.contains("<button type=\"button\" class=\"explorer-group\" data-group=\"1\" aria-pressed=\"false\">inference</button>"))
        #expect(html.contains("<button type=\"button\" class=\"explorer-animate\" aria-pressed=\"false\">Animate</button>"))
        #expect(html.contains("<output for=\"c1-figure-1-slider\" class=\"explorer-value\">p = 0.5 &lt;script&gt;"))
    }
}

/// Swift listings are coloured at render time, in Swift: no script, every character kept.
@Suite struct SyntaxColouringHTMLTests {
    @Test("a Swift listing's keywords, types, strings and comments are spans; the text is the source, escaped")
    func colouredListing() throws {
        let source = "let x: Int = 1 // \"</code><script>\"\nlet s = \"<script>alert(1)</script>\""
        let html = ChapterRenderer.codeMarkup(CodeBlock(code: source))
        #expect(html.hasPrefix("<span class=\"tk-keyword\">let</span> x: <span class=\"tk-type\">Int</span> = <span class=\"tk-number\">1</span> "))
        #expect(html.contains("<span class=\"tk-comment\">// &quot;&lt;/code&gt;&lt;script&gt;&quot;</span>"))
        #expect(html.contains("<span class=\"tk-string\">&quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;</span>"))
        #expect(!html.contains("<script>"))
        // Without the tags and with the entities undone, the listing is the source.
        let text = html.replacingOccurrences(of: "<[^>]+>", with: "", options: .regularExpression)
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        #expect(text == source)
        #expect(ChapterRenderer.codeMarkup(CodeBlock(language: "python", code: "let x = 1")) == "let x = 1")
    }
}

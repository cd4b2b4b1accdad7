import Foundation
import NotebookDocument
import Testing

@testable import NotebookPDF

/// A paragraph of 5,000 characters wraps: every line fits the text width, whatever the paragraph
/// is made of (issue 10, item 9: a very long paragraph used to run off the page as one line).
@Suite struct LongParagraphTests {
    static let words = (0..<1000).map { ["dropout", "keeps", "each", "unit", "with", "probability"][$0 % 6] }

    static let paragraphs: [(String, [Inline])] = [
        ("words", [.text(words.joined(separator: " "))]),
        ("one unbreakable run", [.text(String(repeating: "a", count: 5000))]),
        ("a long URL", [.link(url: "https://example.com/", content: [.text("https://example.com/" + String(repeating: "x", count: 4980))])]),
        ("inline code", [.code(String(repeating: "w", count: 5000))]),
        ("words with non-breaking spaces", [.text(words.joined(separator: "\u{00A0}"))]),
    ]

    @Test("every line of a 5,000-character paragraph fits the text width", arguments: 0..<5)
    func wraps(index: Int) throws {
        let (name, inlines) = Self.paragraphs[index]
        let document = Document(
            title: "Long", chapters: [Chapter(title: "Long", blocks: [.paragraph(inlines)])],
            metadata: DocumentMetadata(seed: 1))
        let style = TypesetStyle(bodySize: 10, justify: true)
        let numbering = try DocumentNumbering(document)
        let overflows: [Double] = try PDFTypesetter.withPangoContext { context in
            let layout = try PDFTypesetter().layout(document, style: style, numbering: numbering, context: context)
            var widths: [Double] = []
            for item in layout.composer.items {
                guard case .text(let text) = item.content, text.lines.count > 0 else { continue }
                widths += text.lines.map { $0.x + $0.width }.filter { $0 > style.textWidth + 0.5 }
            }
            return widths
        }
        #expect(overflows.isEmpty, "\(name): \(overflows.count) lines wider than \(style.textWidth) pt, e.g. \(overflows.prefix(3))")
    }
}

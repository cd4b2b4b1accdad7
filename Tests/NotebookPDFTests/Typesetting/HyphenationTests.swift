import Foundation
import Testing

@testable import NotebookDocument
@testable import NotebookPDF

@Suite struct HyphenationTests {
    let soft = "\u{00AD}"

    func hyphenator() throws -> Hyphenator { try Hyphenator.required() }

    @Test("ordinary words get soft hyphens where the US English patterns allow, two letters before and three after")
    func words() throws {
        let hyphenator = try hyphenator()
        #expect(hyphenator.hyphenated(word: "regularization").replacingOccurrences(of: soft, with: "-") == "reg-u-lar-iza-tion")
        #expect(hyphenator.hyphenated(word: "probability").replacingOccurrences(of: soft, with: "-") == "prob-a-bil-ity")
        for word in ["network", "dropout", "training", "expected"] {
            let parts = hyphenator.hyphenated(word: word).components(separatedBy: soft)
            #expect(parts.joined() == word)
            #expect(parts.first!.count >= 2 && parts.last!.count >= 3, "\(word): \(parts)")
        }
        #expect(hyphenator.hyphenated(word: "short") == "short")
    }

    @Test("never inside names, code, URLs, numbers or identifiers; punctuation stays outside")
    func leftAlone() throws {
        let hyphenator = try hyphenator()
        for token in [
            "Srivastava", "PyTorch", "https://pytorch.org/docs/stable", "Sources/NeuralKit/Dropout.swift",
            "1,000,000", "sumOfSquares", "dropout_forward", "eval()", "x86_64", "0.123456", "user@example.org",
        ] {
            #expect(hyphenator.softHyphenated(token) == token, "\(token)")
        }
        let sentence = "(regularization), \"probability\"; weight-decay"
        let hyphenated = hyphenator.softHyphenated(sentence)
        #expect(hyphenated.replacingOccurrences(of: soft, with: "") == sentence)
        #expect(hyphenated.hasPrefix("(reg\(soft)u"))
        #expect(hyphenated.contains("prob\(soft)a"))
    }

    @Test("a justified paragraph breaks inside words, and its text still extracts to the right words")
    func typesetParagraph() throws {
        let words = "regularization probability independently generalization understanding"
        let paragraph = String(repeating: words + " ", count: 12)
        var document = Document(title: "Hyphens", chapters: [Chapter(title: "Hyphens", blocks: [
            .paragraph([.text(paragraph), .code("averyveryverylongidentifier"), .text(" end.")]),
        ])])
        document.metadata.creationDate = "2026-01-01T00:00:00Z"
        let url = try temporaryDirectory().appendingPathComponent("hyphens.pdf")
        try PDFTypesetter().write(document, to: url)
        let raw = try PDFTools.run("pdftotext", ["-enc", "UTF-8", url.path, "-"])
        #expect(raw.contains("\u{00AD}\n"), "some line ends in a hyphenated word")
        #expect(!raw.contains("averyvery\u{00AD}"), "code is never hyphenated")
        let text = try PDFTools.text(of: url)
        #expect(text.contains(paragraph.trimmingCharacters(in: .whitespaces)), "the words come back whole")
        // Hyphenation makes gaps narrower than ragged justification without it.
        let with = try PDFTypesetter().justificationReport(for: document)
        let without = try PDFTypesetter(options: .init(hyphenate: false)).justificationReport(for: document)
        #expect(with.meanStretch < without.meanStretch)
        #expect(with.worstStretch <= TextLayout.maximumStretch && without.worstStretch <= TextLayout.maximumStretch)
    }
}

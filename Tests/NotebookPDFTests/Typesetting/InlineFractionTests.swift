import Foundation
import Testing

@testable import NotebookDocument
@testable import NotebookPDF

/// Fractions in running text are stacked, as TeX sets them in text style, yet the PDF still reads
/// them on one line in their place: each formula carries its actual text, and each inline fraction
/// is a `Formula` structure element inside its paragraph.
@Suite(.serialized) struct InlineFractionTests {
    let url: URL

    static func document() -> Document {
        var document = Document(title: "Fractions", chapters: [Chapter(title: "Inverted dropout", blocks: [
            .paragraph([
                .text("The factor "), .math(formula(#"\frac{1}{1-p}"#)),
                .text(" is what makes it inverted dropout, and "), .math(formula(#"\frac{\lambda}{2}\lVert w \rVert^2"#)),
                .text(" is the penalty; at inference the output is "), .math(formula(#"\frac{1}{1-p}"#)),
                .text(" times the training mean. The ratio is at least "), .math(formula(#"\frac{1}{1-p}"#)),
                .text(", more when the mean is large."),
            ]),
            .displayMath(DisplayMath(formula(#"y = \frac{m \cdot a}{1-p}"#), label: "eq-y")),
            .paragraph(SampleDocuments.paragraph(120, seed: 3)),
        ])])
        document.metadata.creationDate = "2026-01-01T00:00:00Z"
        return document
    }

    init() throws {
        url = try temporaryDirectory().appendingPathComponent("fractions.pdf")
        try PDFTypesetter().write(Self.document(), to: url)
    }

    /// pdftotext's text with the narrow and no-break spaces of formulas as plain spaces.
    func text() throws -> String {
        try PDFTools.text(of: url).replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
    }

    @Test("a stacked fraction reads on one line, in its place in the sentence")
    func readingOrder() throws {
        let text = try text()
        let (inOrder, missing) = text.containsInOrder([
            // The fraction is the box; the rest of the formula is text (its superscript reads "2").
            "The factor 1/(1 − p) is what makes it inverted dropout, and (λ/2)‖w‖2 is the penalty;",
            "times the training mean.",
            // No space before the comma after a fraction (the box's edge is where its text ends).
            "The ratio is at least 1/(1 − p), more when the mean is large.",
            "y = (m · a)/(1 − p) (1)",
        ])
        #expect(inOrder, "missing or out of order: \(missing ?? "") in\n\(text.prefix(600))")
        // No numerator or denominator on a line of its own.
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(!lines.contains("1") && !lines.contains("1 − p") && !lines.contains("1−p"))
    }

    @Test("each inline fraction is a Formula element inside its paragraph, with its one-line text as /Alt (in parentheses beside a factor)")
    func tagged() throws {
        let raw = try PDFTools.raw(url)
        let paragraphs = Set(TaggedPDFFinisher.structureElements(of: "P", in: raw).map(\.number))
        let formulas = TaggedPDFFinisher.structureElements(of: "Formula", in: raw)
        let parents = formulas.compactMap { element in element.body.firstMatch(of: /\/P (\d+) 0 R/).flatMap { Int($0.1) } }
        // Cairo's objects and the update's copies: 4 inline and 1 display formula, each twice.
        #expect(formulas.count == 10, "\(formulas.count) Formula objects")
        #expect(parents.filter { paragraphs.contains($0) }.count == 8, "inline formulas whose parent is a P")
        for alternative in ["1/(1\u{202F}−\u{202F}p)", "(λ/2)"] {
            #expect(raw.contains("/Alt \(TaggedPDFFinisher.pdfString(alternative))"), "no /Alt \(alternative)")
        }
    }

    @Test("typesetting the same document twice gives the same bytes")
    func reproducible() throws {
        let again = try temporaryDirectory().appendingPathComponent("fractions-again.pdf")
        try PDFTypesetter().write(Self.document(), to: again)
        #expect(try Data(contentsOf: url) == Data(contentsOf: again))
    }
}

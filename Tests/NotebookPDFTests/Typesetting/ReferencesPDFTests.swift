import Foundation
import Testing

@testable import NotebookDocument
@testable import NotebookPDF

/// Citations and a reference list in the PDF: numbered "[n]", linked to entries that print in full.
@Suite struct ReferencesPDFTests {
    static let references = [
        Reference(
            id: "srivastava2014", authors: ["Nitish Srivastava", "Geoffrey Hinton"],
            title: "Dropout: A Simple Way to Prevent Neural Networks from Overfitting",
            venue: "Journal of Machine Learning Research 15(56):1929–1958", year: 2014,
            url: "https://jmlr.org/papers/v15/srivastava14a.html"),
        Reference(
            id: "li2019", authors: ["Xiang Li", "Shuo Chen"], title: "Understanding the Disharmony <b>between</b> Dropout & BN",
            venue: "CVPR", year: 2019, doi: "10.1109/CVPR.2019.00279"),
    ]

    static func document() -> Document {
        let cite: [Inline] = [
            .text("Dropout "), .text("["), .internalLink(label: "cite-srivastava2014", content: [.text("1")]), .text(", "),
            .internalLink(label: "cite-li2019", content: [.text("2")]), .text("] works."),
        ]
        return Document(
            title: "Cited", chapters: [
                Chapter(title: "Cited", blocks: [.paragraph(cite)] + ReferenceList.section(references))
            ])
    }

    @Test("the PDF prints the citations and the reference list, and each entry is a link target")
    func referenceList() throws {
        let url = try temporaryDirectory().appendingPathComponent("references.pdf")
        try PDFTypesetter().write(Self.document(), to: url)
        let text = try PDFTools.text(of: url)
        #expect(text.contains("Dropout [1, 2] works."))
        #expect(text.contains("References"))
        #expect(text.contains("[1] Nitish Srivastava and Geoffrey Hinton. Dropout: A Simple Way to Prevent Neural Networks from Overfitting. Journal of Machine Learning Research 15(56):1929–1958, 2014."))
        #expect(text.contains("[2] Xiang Li and Shuo Chen. Understanding the Disharmony <b>between</b> Dropout & BN. CVPR, 2019. doi:10.1109/CVPR.2019.00279"))
        let destinations = try PDFTools.destinations(of: url)
        #expect(destinations["c1-citation-1"] != nil && destinations["c1-citation-2"] != nil)
        // The DOI and the address are links.
        let raw = try PDFTools.raw(url)
        #expect(raw.contains("https://doi.org/10.1109/CVPR.2019.00279") && raw.contains("https://jmlr.org/papers/v15/srivastava14a.html"))
        // Byte-reproducible.
        let again = try temporaryDirectory().appendingPathComponent("references-again.pdf")
        try PDFTypesetter().write(Self.document(), to: again)
        #expect(try Data(contentsOf: url) == Data(contentsOf: again))
    }
}

import Foundation
import Testing

@testable import NotebookDocument
@testable import NotebookPDF

/// Words of a PDF with their boxes, from `pdftotext -bbox`.
struct PDFWord {
    var text: String
    var page: Int
    var xMin: Double, yMin: Double, xMax: Double, yMax: Double

    static func words(of url: URL) throws -> [PDFWord] {
        let html = try PDFTools.run("pdftotext", ["-bbox", "-enc", "UTF-8", url.path, "-"])
        var words: [PDFWord] = []
        var page = 0
        for line in html.split(separator: "\n") {
            if line.contains("<page ") { page += 1 }
            guard line.contains("<word "), let open = line.firstIndex(of: ">"),
                let close = line.range(of: "</word>")
            else { continue }
            func attribute(_ name: String) -> Double {
                guard let range = line.range(of: "\(name)=\"") else { return 0 }
                return Double(line[range.upperBound...].prefix { $0 != "\"" }) ?? 0
            }
            words.append(PDFWord(
                text: String(line[line.index(after: open)..<close.lowerBound]), page: page,
                xMin: attribute("xMin"), yMin: attribute("yMin"), xMax: attribute("xMax"), yMax: attribute("yMax")))
        }
        return words
    }
}

@Suite struct TableHeaderTests {
    @Test("a wrapped header stands on the header's last line, level with one-line headers")
    func bottomAlignedHeader() throws {
        let headers = ["p", "mean of the measured activation", "kept", "standard unscaled ratio", "variance over seeds"]
        let document = Document(title: "Tables", chapters: [Chapter(title: "Tables", blocks: [
            .table(TableBlock(
                header: headers.map { [.text($0)] },
                rows: [["0.10", "1.5009", "90.05 %", "1.11", "0.249"].map { [.text($0)] }],
                alignments: [.right, .right, .right, .right, .right], caption: [.text("Headers.")])),
        ])])
        let url = try temporaryDirectory().appendingPathComponent("table-header.pdf")
        try PDFTypesetter().write(document, to: url)
        let words = try PDFWord.words(of: url)
        let kept = try #require(words.first { $0.text == "kept" })
        let ratio = try #require(words.first { $0.text == "ratio" })
        let standard = try #require(words.first { $0.text == "standard" })
        let value = try #require(words.first { $0.text == "90.05" })
        #expect(standard.yMax < ratio.yMin, "the long header wraps: standard above ratio")
        #expect(abs(kept.yMin - ratio.yMin) < 0.5, "kept stands on the same line as ratio")
        #expect(kept.yMax < value.yMin)
    }
}

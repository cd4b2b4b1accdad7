import Foundation
import Testing

@testable import NotebookDocument
@testable import NotebookPDF

/// The finisher's rewrite of page content: formulas get their actual text, and what is drawn
/// outside the structure becomes an artifact.
@Suite struct PageContentMarkingTests {
    func rewrite(_ content: String, texts: [String] = []) throws -> String {
        var next = 0
        let output = try PageContentMarking.rewrite(Array(content.utf8), formulaTexts: texts, next: &next)
        #expect(next == texts.count)
        return String(decoding: output, as: UTF8.self)
    }

    @Test("a formula's drawing is wrapped in a span with its actual text; cairo's inner spans are dropped")
    func formula() throws {
        let content = """
            /P << /MCID 0 >> BDC
            BT
            (The factor )Tj
            ET
            EMC
            /Formula << /MCID 1 >> BDC
            BT
            /Span << /ActualText <feff0020> >> BDC
            EMC
            (1)Tj
            ET
            EMC

            """
        #expect(try rewrite(content, texts: ["1/(1 − p)"]) == """
            /P << /MCID 0 >> BDC
            BT
            (The factor )Tj
            ET
            EMC
            /Formula << /MCID 1 >> BDC
            /Span << /ActualText \(TaggedPDFFinisher.pdfString("1/(1 − p)")) >> BDC
            BT
            (1)Tj
            ET
            EMC
            EMC

            """)
    }

    @Test("more formulas than actual texts is an error, not a silent mismatch")
    func tooFewTexts() {
        var next = 0
        #expect(throws: TaggedPDFFinisher.Failure.self) {
            try PageContentMarking.rewrite(Array("/Formula << /MCID 1 >> BDC\nEMC\n".utf8), formulaTexts: [], next: &next)
        }
    }

    @Test("a box background, a running header and a rule drawn outside the structure become artifacts that nest with q/Q and BT/ET")
    func artifacts() throws {
        let content = """
            1 0 0 -1 0 841.89 cm
            q
            0.9 g
            78 84 439 87 re f
            /P << /MCID 0 >> BDC
            BT
            (Text)Tj
            ET
            EMC
            0.3 g BT
            (Header)Tj
            ET
            78 57 m
            517 57 l
            S
            Q

            """
        #expect(try rewrite(content) == """
            1 0 0 -1 0 841.89 cm
            q
            0.9 g
            /Artifact BMC
            78 84 439 87 re f
            EMC
            /P << /MCID 0 >> BDC
            BT
            (Text)Tj
            ET
            EMC
            0.3 g BT
            /Artifact BMC
            (Header)Tj
            EMC
            ET
            /Artifact BMC
            78 57 m
            517 57 l
            S
            EMC
            Q

            """)
    }

    @Test("drawing that only sets state is left as it is")
    func stateOnly() throws {
        let content = "q\n0.5 g\n1 0 0 1 0 0 cm\nQ\n"
        #expect(try rewrite(content) == content)
    }

    @Test("deflate and inflate round-trip")
    func deflate() throws {
        let bytes = Array(String(repeating: "BT (abc) Tj ET\n", count: 1000).utf8)
        let compressed = try Deflate.deflate(bytes)
        #expect(compressed.count < bytes.count / 10)
        #expect(try Deflate.inflate(compressed[...]) == bytes)
    }
}

/// In a typeset document, nothing is painted outside marked content: every mark on a page belongs
/// to a structure element or is an artifact (PDF/UA's first rule for content).
@Suite struct EveryMarkIsTaggedTests {
    @Test("every painting operator of every page is inside a structure element's marked content or an artifact",
          arguments: ["lesson", "course", "fractions"])
    func noUnmarkedPainting(_ name: String) throws {
        let url = try temporaryDirectory().appendingPathComponent("marked-\(name).pdf")
        let document = switch name {
        case "lesson": SampleDocuments.lesson()
        case "course": SampleDocuments.course()
        default: InlineFractionTests.document()
        }
        try PDFTypesetter().write(document, to: url)
        let pdf = PDFBytes(try Data(contentsOf: url))
        // The finisher rewrote every page: the update after cairo's end of file has them all.
        let update = try #require(pdf.firstIndex(of: "%%EOF"))
        var searchFrom = update
        var pages = 0
        var unmarked: [String] = []
        while let header = pdf.firstIndex(of: "/Filter /FlateDecode >>\nstream\n", in: searchFrom..<pdf.count) {
            let start = header + "/Filter /FlateDecode >>\nstream\n".utf8.count
            let end = try #require(pdf.firstIndex(of: "\nendstream", in: start..<pdf.count))
            searchFrom = end
            let content = String(decoding: try Deflate.inflate(pdf.slice(start..<end)), as: UTF8.self)
            pages += 1
            // For each open marked-content sequence: whether it tags (a structure element's, with an
            // MCID, or an artifact); cairo's own /ActualText spans do not.
            var open: [Bool] = []
            for line in content.split(separator: "\n") {
                if line.hasSuffix(" BDC") || line.hasSuffix("BMC") {
                    open.append(line.contains("/MCID") || line.hasPrefix("/Artifact"))
                    continue
                }
                if line == "EMC" { _ = open.popLast(); continue }
                let paints = ["Tj", "TJ", " f", " S", " B", " Do", " sh", " f*"].contains { line.hasSuffix($0) } || ["f", "S", "B"].contains(line)
                if paints, !open.contains(true) { unmarked.append(String(line.prefix(60))) }
            }
        }
        #expect(pages == Int(try PDFTools.info(of: url)["Pages"] ?? "") ?? -1)
        #expect(unmarked.isEmpty, "\(unmarked.count) painting operators outside marked content, e.g. \(unmarked.prefix(5))")
    }
}

import Foundation
import Testing

@testable import NotebookDocument
@testable import NotebookPDF

/// The typesetter writes a tagged PDF: a structure tree, the document language, alternative text
/// for figures and formulas; code copied from it keeps its lines and indentation.
@Suite(.serialized) struct TaggedPDFTests {
    let url: URL

    init() throws {
        url = try temporaryDirectory().appendingPathComponent("tagged.pdf")
        try PDFTypesetter().write(SampleDocuments.lesson(), to: url)
    }

    @Test("pdfinfo reports a tagged PDF; the catalog names the language")
    func tagged() throws {
        #expect(try PDFTools.info(of: url)["Tagged"] == "yes")
        let raw = try PDFTools.raw(url)
        #expect(raw.contains("/Lang (en-GB)"))
        #expect(raw.contains("/StructTreeRoot"))
        for element in ["/S /P", "/S /H1", "/S /H2", "/S /Figure", "/S /Formula", "/S /Table", "/S /Code"] {
            #expect(raw.contains(element), "no \(element) structure element")
        }
    }

    @Test("every figure and formula has alternative text: the figure's caption, the formula's characters")
    func alternativeText() throws {
        let raw = try PDFTools.raw(url)
        let figure = TaggedPDFFinisher.pdfString("Figure 1: Validation loss per epoch (digits, seed 42, p = 0.5, 30 epochs).")
        #expect(raw.contains("/Alt \(figure)"))
        let formulas = raw.components(separatedBy: "/S /Formula").count - 1
        let figures = raw.components(separatedBy: "/S /Figure").count - 1
        let alternatives = raw.components(separatedBy: "/Alt <FEFF").count - 1
        // Each element appears twice (cairo's object and the updated one); only the update has /Alt.
        #expect(alternatives * 2 == formulas + figures, "\(alternatives) /Alt for \(formulas) formula and \(figures) figure objects")
    }

    @Test("the incremental update is well formed: poppler reads every page and the text")
    func readable() throws {
        let info = try PDFTools.info(of: url)
        #expect(Int(info["Pages"] ?? "") ?? 0 >= 3)
        #expect(try PDFTools.text(of: url).contains("Inverted dropout"))
    }

    @Test("code copied from a listing keeps its line breaks and indentation")
    func codeKeepsIndentation() throws {
        let layout = try PDFTools.run("pdftotext", ["-layout", "-enc", "UTF-8", url.path, "-"])
        let lines = layout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func indentation(of fragment: String) throws -> Int {
            let line = try #require(lines.first { $0.contains(fragment) }, "no line with \(fragment)")
            return line.prefix { $0 == " " }.count
        }
        let function = try indentation(of: "public func forward(")
        let switchLine = try indentation(of: "switch phase {")
        let caseLine = try indentation(of: "case .training:")
        let body = try indentation(of: "let keepProbability = 1 - probability")
        #expect(switchLine > function && caseLine == switchLine && body > caseLine,
                "indents \(function), \(switchLine), \(caseLine), \(body)")
    }
}

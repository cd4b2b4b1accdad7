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

    /// The structure elements of the PDF: object number → (type, parent's object number).
    static func structureTree(_ raw: String) -> [Int: (type: String, parent: Int?)] {
        var tree: [Int: (String, Int?)] = [:]
        for type in ["L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD", "Caption", "P"] {
            for element in TaggedPDFFinisher.structureElements(of: type, in: raw) {
                let parent = element.body.firstMatch(of: /\/P (\d+) 0 R/).flatMap { Int($0.1) }
                tree[element.number] = (type, parent)
            }
        }
        return tree
    }

    @Test("a list is tagged L with LI items of Lbl and LBody; a nested list sits in its item's LBody")
    func lists() throws {
        let tree = Self.structureTree(try PDFTools.raw(url))
        func parents(of type: String) -> [String] {
            tree.values.filter { $0.type == type }.map { $0.parent.flatMap { tree[$0]?.type } ?? "none" }
        }
        // The sample lesson: a list of three items, the third with a nested list of two.
        #expect(parents(of: "L").sorted() == ["LBody", "none"], "L parents \(parents(of: "L")): the nested list is in an item's body")
        #expect(parents(of: "LI").count == 5 && Set(parents(of: "LI")) == ["L"], "LI parents \(parents(of: "LI"))")
        #expect(parents(of: "Lbl").count == 5 && Set(parents(of: "Lbl")) == ["LI"], "Lbl parents \(parents(of: "Lbl"))")
        #expect(parents(of: "LBody").count == 5 && Set(parents(of: "LBody")) == ["LI"])
        #expect(parents(of: "P").contains("LBody"), "the items' paragraphs are in their bodies")
    }

    @Test("a table is tagged with its Caption and rows (TR) of header (TH) and data (TD) cells")
    func tables() throws {
        let tree = Self.structureTree(try PDFTools.raw(url))
        func parents(of type: String) -> [String] {
            tree.values.filter { $0.type == type }.map { $0.parent.flatMap { tree[$0]?.type } ?? "none" }
        }
        // The sample lesson: a 4-column table of 4 rows and a 3-column table of 2 rows, each
        // with a header row and a caption.
        #expect(Set(parents(of: "TR")) == ["Table"] && parents(of: "TR").count == 8, "TR parents \(parents(of: "TR"))")
        #expect(Set(parents(of: "TH")) == ["TR"] && parents(of: "TH").count == 7)
        #expect(Set(parents(of: "TD")) == ["TR"] && parents(of: "TD").count == 22)
        // Two table captions in their tables; a figure's caption follows its Figure (cairo 1.16
        // would leave the drawing of a Figure with a child untagged).
        #expect(parents(of: "Caption").filter { $0 == "Table" }.count == 2, "Caption parents \(parents(of: "Caption"))")
    }

    @Test("a list that runs over several pages is a list on each page: every item in an L, every paragraph in an LBody")
    func listAcrossPages() throws {
        let items: [[Block]] = (1...90).map { [.paragraph([.text("Item \($0) of a long list.")])] }
        var document = Document(title: "Long list", chapters: [Chapter(title: "Long list", blocks: [
            .list(ListBlock(ordered: true, items: items)),
        ])])
        document.metadata.creationDate = "2026-01-01T00:00:00Z"
        let url = try temporaryDirectory().appendingPathComponent("long-list.pdf")
        try PDFTypesetter().write(document, to: url)
        #expect(Int(try PDFTools.info(of: url)["Pages"] ?? "") ?? 0 >= 2)
        let tree = Self.structureTree(try PDFTools.raw(url))
        let items90 = tree.values.filter { $0.type == "LI" }
        #expect(items90.count == 90 && items90.allSatisfy { $0.parent.flatMap { tree[$0]?.type } == "L" })
        #expect(tree.values.filter { $0.type == "Lbl" }.count == 90)
        #expect(tree.values.filter { $0.type == "P" }.allSatisfy { $0.parent.flatMap { tree[$0]?.type } == "LBody" })
    }
}

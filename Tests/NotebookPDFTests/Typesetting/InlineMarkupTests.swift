import Testing
@testable import NotebookDocument
@testable import NotebookPDF

@Suite struct InlineMarkupTests {
    static let document = Document(title: "T", chapters: [Chapter(title: "T", blocks: [
        .figure(FigureBlock(drawing: SampleFigure(), caption: [], label: "fig-a")),
    ])])

    func build(_ inlines: [Inline]) throws -> (InlineMarkup, String) {
        let environment = InlineMarkup.Environment(
            numbering: try DocumentNumbering(Self.document), chapterIndex: 0, chapterTitle: "T", fontSize: 10,
            style: TypesetStyle(bodySize: 10, justify: true))
        let markup = try InlineMarkup(inlines, environment: environment)
        return (markup, try parsedText(of: markup.markup, chapter: "T"))
    }

    @Test("link spans cover exactly the linked text, in Pango's byte offsets")
    func linkSpans() throws {
        let (markup, text) = try build([
            .text("α < β: "), .strong([.text("see ")]), .reference("fig-a"), .text(" and "),
            .math(try MathFormula(#"\lambda^2"#)), .text(" "), .link(url: "https://a.b", content: [.emphasis([.text("here")])]),
        ])
        #expect(text == "α < β: see Figure\u{00A0}1 and λ2 here")
        #expect(markup.textLength == text.utf8.count)
        let bytes = Array(text.utf8)
        let linked = markup.links.map { String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) }
        #expect(linked == ["Figure\u{00A0}1", "here"])
        #expect(markup.links.map(\.target) == [.destination("c1-figure-1"), .uri("https://a.b")])
    }

    @Test("plain text is escaped, soft line breaks become spaces")
    func escaping() throws {
        let (_, text) = try build([.text("a & b <c> \"d\" 'e'\nf"), .code("x<y")])
        #expect(text == "a & b <c> \"d\" 'e' fx<y")
    }

    @Test("inline formulas may break only after a relation")
    func bindingSpacesInFormulas() {
        let bound = bindingSpaces(inMath: "<i>E</i>[<i>y</i>] = (1 − <i>p</i>) · <i>a</i> &lt; <span font_family=\"x y\">b</span>")
        #expect(bound == "<i>E</i>[<i>y</i>]\u{00A0}= (1\u{00A0}−\u{00A0}<i>p</i>)\u{00A0}·\u{00A0}<i>a</i>\u{00A0}&lt; <span font_family=\"x y\">b</span>")
    }
}

@Suite struct InlineCodeBreakTests {
    @Test("long inline code may break after / . ( : , but reads the same")
    func longCodeBreaks() throws {
        #expect(breakable(code: "layer.eval()") == "layer.eval()")
        let long = "dropoutForward(_:mask:probability:)"
        let broken = breakable(code: long)
        #expect(broken.replacingOccurrences(of: "\u{200B}", with: "") == long)
        #expect(broken.contains("(\u{200B}_:\u{200B}mask:\u{200B}"))
        #expect(broken.hasSuffix("probability:)"), "no break before the closing parenthesis")
    }
}

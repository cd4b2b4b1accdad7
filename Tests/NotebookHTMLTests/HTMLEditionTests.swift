import Foundation
import Testing

@testable import NotebookDocument
@testable import NotebookHTML

/// A drawing that draws nothing: the HTML edition writes it through a Cairo SVG surface.
struct BlankFigure: DrawableFigure {
    var size: (width: Double, height: Double) { (300, 200) }
    func draw(in context: OpaquePointer, width: Double, height: Double) throws {}
}

func formula(_ source: String) -> MathFormula {
    do { return try MathFormula(source) } catch { fatalError("test formula `\(source)`: \(error)") }
}

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("html-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct MathMLTests {
    @Test("fractions stack, sums carry limits, scripts are msub/msup")
    func structure() {
        let fraction = MathMLRenderer.markup(for: formula(#"\frac{a}{1-p}"#), display: false)
        #expect(fraction.contains("<mfrac><mrow><mi>a</mi></mrow><mrow><mn>1</mn><mo>−</mo><mi>p</mi></mrow></mfrac>"))
        let sum = MathMLRenderer.markup(for: formula(#"\sum_{i=1}^{n} x_i^2"#), display: true)
        #expect(sum.hasPrefix("<math display=\"block\">"))
        #expect(sum.contains("<munderover><mo largeop=\"true\" movablelimits=\"true\">∑</mo><mrow><mi>i</mi><mo>=</mo><mn>1</mn></mrow><mrow><mi>n</mi></mrow></munderover>"))
        #expect(sum.contains("<msubsup><mrow><mi>x</mi></mrow><mrow><mi>i</mi></mrow><mrow><mn>2</mn></mrow></msubsup>"))
        let root = MathMLRenderer.markup(for: formula(#"\sqrt{1-p} \cdot \hat{y}"#), display: false)
        #expect(root.contains("<msqrt>") && root.contains("<mover accent=\"true\">"))
        #expect(MathMLRenderer.markup(for: formula("-x"), display: false).contains("<mo form=\"prefix\">−</mo>"))
    }

    @Test("a formula's characters cannot open markup")
    func escaping() {
        let markup = MathMLRenderer.markup(for: formula(#"a < b \text{</math><script>x</script>}"#), display: false)
        #expect(!markup.contains("<script>") && !markup.contains("</math><"))
        #expect(markup.contains("&lt;/math&gt;&lt;script&gt;"))
    }
}

@Suite struct HTMLEditionTests {
    static func chapter(_ title: String, label: String, hostile: Bool = false) -> Chapter {
        Chapter(title: title, label: label, subtitle: "About \(title)", blocks: [
            .heading(Heading(level: 1, [.text("First <section>")], label: "sec-first")),
            .paragraph([
                .text(hostile ? "<script>alert(1)</script> & " : "See "), .reference("fig-curve"), .text(", "),
                .reference("eq-mean"), .text(" and "), .reference("tab-rates"), .text("; "),
                .link(url: "javascript:alert(1)", content: [.text("a trap")]), .text(" "),
                .link(url: "https://example.org/?a=1&b=2", content: [.text("a page")]),
            ]),
            .displayMath(DisplayMath(formula(#"E[y] = \frac{a}{1-p}"#), label: "eq-mean")),
            .figure(FigureBlock(drawing: BlankFigure(), caption: [.text("A curve \"quoted\" <b>.")], label: "fig-curve")),
            .table(TableBlock(
                header: [[.text("p")], [.text("acc")]], rows: [[[.text("0.5")], [.text("91 %")]]],
                alignments: [.right, .right], caption: [.text("Rates.")], label: "tab-rates")),
            .code(CodeBlock(code: "let x = a < b && c > d", caption: [.text("Code.")], source: "Sources/X.swift:3–4", label: "lst-x")),
            .callout(CalloutBlock(kind: .pitfall, blocks: [.paragraph([.text("Careful.")])])),
            .exercise(ExerciseBlock(identifier: "x", title: [.text("Do it")], blocks: [], command: "swift test", label: "ex-x")),
        ])
    }

    @Test("a lesson page escapes hostile text, drops javascript: links, and every reference has its target")
    func lessonPage() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let document = Document(
            title: "T", chapters: [Self.chapter("Lesson <One>", label: "one", hostile: true)],
            metadata: DocumentMetadata(seed: 7, toolchain: "Swift 6.3.1", commit: "abc1234"))
        let page = try HTMLEdition().writeLesson(document, into: folder)
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp;"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("<a href=\"https://example.org/?a=1&amp;b=2\">a page</a>"))
        #expect(html.contains("Lesson &lt;One&gt;") && html.contains("First &lt;section&gt;"))
        // Every in-page link has its target.
        let ids = Set(matches(of: #"id="([^"]+)""#, in: html))
        let targets = matches(of: ##"href="#([^"]+)""##, in: html)
        #expect(!targets.isEmpty)
        for target in targets { #expect(ids.contains(target), "no element with id \(target)") }
        #expect(html.contains(">Figure\u{00A0}1</a>") && html.contains(">Equation\u{00A0}(1)</a>") && html.contains(">Table\u{00A0}1</a>"))
        // The figure is an SVG file with its caption as alt text.
        #expect(html.contains("alt=\"Figure 1: A curve &quot;quoted&quot; &lt;b&gt;.\""))
        let svg = folder.appendingPathComponent("assets/figures/c1-figure-1.svg")
        #expect(try String(contentsOf: svg, encoding: .utf8).contains("<svg"))
        // Provenance on the page; assets shipped beside it; nothing loaded from elsewhere.
        #expect(html.contains("<dt>Seed</dt><dd>7</dd>") && html.contains("abc1234") && html.contains("Swift 6.3.1"))
        for asset in ["style.css", "site.js", "search-index.js"] {
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("assets/\(asset)").path))
        }
        #expect(matches(of: #"src="([a-z]+:[^"]*)""#, in: html).isEmpty, "every resource is a relative file")
        #expect(matches(of: #"href="(https?:[^"]*)""#, in: html) == ["https://example.org/?a=1&amp;b=2"])
    }

    @Test("a course site has a landing page, a page per chapter, prev/next, cross-page references and a search index")
    func site() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var second = Self.chapter("Two", label: "two")
        second.blocks.append(.paragraph([.text("Back to "), .reference("one")]))
        let document = Document(kind: .course, title: "Course", chapters: [Self.chapter("One", label: "one"), second])
        let pages = try HTMLEdition().writeSite(document, into: folder)
        #expect(pages.map(\.lastPathComponent) == ["index.html", "one.html", "two.html"])
        let landing = try String(contentsOf: pages[0], encoding: .utf8)
        #expect(landing.contains("href=\"one.html#c1-exercise-1.1\"") && landing.contains("Index of exercises"))
        let two = try String(contentsOf: pages[2], encoding: .utf8)
        #expect(two.contains("rel=\"prev\" href=\"one.html\""))
        #expect(two.contains("href=\"one.html#c1-chapter-1\"") || two.contains("href=\"one.html#"))
        #expect(two.contains(">Figure\u{00A0}2.1</a>"))
        let index = try String(contentsOf: folder.appendingPathComponent("assets/search-index.js"), encoding: .utf8)
        #expect(index.hasPrefix("window.REGULARIZE_SEARCH = [") && index.contains("two.html#c2-section-2.1"))
    }

    func matches(of pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern)
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: $0.numberOfRanges - 1), in: text).map { String(text[$0]) }
        }
    }
}

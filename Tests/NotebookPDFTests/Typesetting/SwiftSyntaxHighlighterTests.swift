import Testing

@testable import NotebookPDF

@Suite struct SwiftSyntaxHighlighterTests {
    @Test("keywords, types, strings, comments, numbers and attributes get their colours")
    func colours() throws {
        let markup = SwiftSyntaxHighlighter.markup(for: "@inlinable public func f(x: Int) -> String { return \"a<b\" } // done 1\nlet y = 0.5")
        #expect(markup.contains("<span foreground=\"\(SwiftSyntaxHighlighter.attributeColor)\">@inlinable</span>"))
        #expect(markup.contains("<span foreground=\"\(SwiftSyntaxHighlighter.keywordColor)\">func</span>"))
        #expect(markup.contains("<span foreground=\"\(SwiftSyntaxHighlighter.typeColor)\">Int</span>"))
        #expect(markup.contains("<span foreground=\"\(SwiftSyntaxHighlighter.stringColor)\">&quot;a&lt;b&quot;</span>"))
        #expect(markup.contains("// done 1</span>"))
        #expect(markup.contains("<span foreground=\"\(SwiftSyntaxHighlighter.numberColor)\">0.5</span>"))
        #expect(!markup.contains(">f</span>"), "plain identifiers stay plain")
    }

    @Test("the markup is valid and keeps every character, even for odd code", arguments: [
        "let s = \"unterminated\nlet t = 1",
        "/* block\n comment */ let a = b < c && d > e",
        "let raw = \"\"\"\n  multi <line>\n  \"\"\"",
        "x.self.init(); 1..<n; 0x1F; 1_000; a.count",
        "#expect(a == \"\\\"quoted\\\"\")",
    ])
    func validMarkup(code: String) throws {
        let text = try parsedText(of: SwiftSyntaxHighlighter.markup(for: code), chapter: "test")
        #expect(text == code)
    }
}

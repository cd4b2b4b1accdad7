import Testing

@testable import NotebookDocument

@Suite struct FrontSnippetTests {
    @Test("a snippet is the de-indented code between its markers")
    func extraction() throws {
        let source = """
            struct Dropout {
                func forward() {
                    // snippet: dropout-forward
                    let mask = sample()

                    return input * mask
                    // end-snippet
                }
            }
            """
        var library = SnippetLibrary()
        try library.add(contentsOf: source, file: "Sources/X/Dropout.swift")
        let snippet = try library.snippet(named: "dropout-forward")
        #expect(snippet.code == "let mask = sample()\n\nreturn input * mask")
        #expect(snippet.firstLine == 4)
        #expect(snippet.lastLine == 6)
        #expect(snippet.sourceDescription == "Sources/X/Dropout.swift:4–6")
    }

    @Test("nested snippets leave their markers out of the outer one")
    func nesting() throws {
        let source = """
            // snippet: outer
            a()
            // snippet: inner
            b()
            // end-snippet: inner
            c()
            // end-snippet
            """
        var library = SnippetLibrary()
        try library.add(contentsOf: source, file: "F.swift")
        #expect(try library.snippet(named: "outer").code == "a()\nb()\nc()")
        #expect(try library.snippet(named: "inner").code == "b()")
    }

    @Test("an unterminated marker names the file and line")
    func unterminated() {
        var library = SnippetLibrary()
        #expect(throws: SnippetError.unterminated(name: "open", file: "F.swift", line: 2)) {
            try library.add(contentsOf: "x\n// snippet: open\ny", file: "F.swift")
        }
    }

    @Test("a duplicate name names both places")
    func duplicate() throws {
        var library = SnippetLibrary()
        try library.add(contentsOf: "// snippet: a\nx\n// end-snippet", file: "A.swift")
        #expect(throws: SnippetError.duplicate(name: "a", first: "A.swift:2", second: "B.swift:3")) {
            try library.add(contentsOf: "\n// snippet: a\ny\n// end-snippet", file: "B.swift")
        }
    }

    @Test("a stray end marker and an unknown name are errors with suggestions")
    func strayAndUnknown() throws {
        var library = SnippetLibrary()
        #expect(throws: SnippetError.self) { try library.add(contentsOf: "// end-snippet", file: "F.swift") }
        try library.add(contentsOf: "// snippet: dropout-forward\nx\n// end-snippet", file: "F.swift")
        #expect(throws: SnippetError.unknown(name: "dropout-froward", suggestions: ["dropout-forward"])) {
            try library.snippet(named: "dropout-froward")
        }
    }
}

/// The scanner both editions colour Swift listings with.
@Suite struct SwiftTokenizerTests {
    @Test("the tokens give the source back, and each piece has its kind", arguments: [
        "@inlinable public func f(x: Int) -> String { return \"a<b\" } // done 1\nlet y = 0.5",
        "/* block\n comment */ let a = b < c && d > e",
        "let raw = \"\"\"\n  multi <line>\n  \"\"\"",
        "#expect(a.count == 1_000)",
    ])
    func roundTrip(source: String) {
        let tokens = SwiftTokenizer.tokens(source)
        #expect(tokens.map(\.text).joined() == source)
        #expect(!tokens.contains { $0.kind != .plain && $0.text.contains("\n") }, "no coloured piece crosses a line")
    }

    @Test("kinds")
    func kinds() {
        let tokens = SwiftTokenizer.tokens("@MainActor static let n: Int = 42 // x\nlet s = \"t\"; a.self; #if")
        func kind(_ text: String) -> SwiftTokenizer.Kind? { tokens.first { $0.text == text }?.kind }
        #expect(kind("@MainActor") == .attribute && kind("static") == .keyword && kind("Int") == .type)
        #expect(kind("42") == .number && kind("// x") == .comment && kind("\"t\"") == .string && kind("#if") == .directive)
        #expect(!tokens.contains { $0.kind == .keyword && $0.text == "self" }, "a member named like a keyword stays plain")
    }
}

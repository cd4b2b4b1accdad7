import Testing

@testable import NotebookDocument

/// The parser's structures for the math engine: \left…\right, operator names, sized delimiters.
@Suite struct MathParsingTests {
    func parse(_ formula: String) throws -> [MathNode] {
        var parser = TeXParser(formula)
        return try parser.parse()
    }

    @Test("\\left( … \\right) keeps its body and delimiters; \\left. is no delimiter")
    func leftRight() throws {
        #expect(try parse(#"\left( a \right)"#) == [.delimited(left: "(", body: [.variable("a")], right: ")")])
        #expect(try parse(#"\left. a \right\rVert"#) == [.delimited(left: "", body: [.variable("a")], right: "‖")])
        #expect(throws: MathError.self) { try parse(#"\left( a"#) }
        #expect(throws: MathError.self) { try parse(#"a \right)"#) }
        #expect(throws: MathError.self) { try parse(#"\left\frac{a}{b} \right)"#) }
    }

    @Test("\\max and \\min are operator names with limits; \\log has none; \\big( is a sized delimiter")
    func operatorNames() throws {
        #expect(
            try parse(#"\max_i"#) == [.scripts(base: .operatorName("max", limits: true), subscript: [.variable("i")], superscript: nil)])
        #expect(try parse(#"\log"#) == [.operatorName("log", limits: false)])
        #expect(try parse(#"\bigl|"#) == [.sizedDelimiter(.opening("|"), size: 1)])
        #expect(try parse(#"\Bigg)"#) == [.sizedDelimiter(.closing(")"), size: 4)])
        #expect(throws: MathError.self) { try parse(#"\big"#) }
    }
}


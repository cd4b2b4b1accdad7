import Testing

@testable import NotebookDocument
@testable import NotebookPDF

@Suite struct FrontMathTests {
    let thin = MathRenderer.binarySpace
    let space = MathRenderer.relationSpace

    @Test("the expectation of inverted dropout reads E[y] = (1 − p) · a/(1 − p) = a")
    func invertedDropoutExpectation() throws {
        let markup = try MathRenderer.markup(for: #"E[y] = (1-p) \cdot \frac{a}{1-p} = a"#)
        let expected =
            "<i>E</i>[<i>y</i>]\(space)=\(space)(1\(thin)−\(thin)<i>p</i>)\(thin)·\(thin)<i>a</i>/(1\(thin)−\(thin)<i>p</i>)\(space)=\(space)<i>a</i>"
        #expect(markup == expected)
    }

    @Test("the weight-decay update reads w ← (1 − ηλ) w − η ∇L")
    func weightDecayUpdate() throws {
        let markup = try MathRenderer.markup(for: #"w \leftarrow (1-\eta\lambda) w - \eta \nabla L"#)
        let expected =
            "<i>w</i>\(space)←\(space)(1\(thin)−\(thin)<i>ηλ</i>)<i>w</i>\(thin)−\(thin)<i>η</i>∇<i>L</i>"
        #expect(markup == expected)
    }

    @Test("sub- and superscripts, sums, Greek capitals and blackboard E")
    func scriptsAndOperators() throws {
        #expect(try MathRenderer.markup(for: "x_i^2") == "<i>x</i><sub><i>i</i></sub><sup>2</sup>")
        #expect(try MathRenderer.markup(for: "e^{-x}") == "<i>e</i><sup>−<i>x</i></sup>")
        #expect(
            try MathRenderer.markup(for: #"\sum_{i=1}^{n} x_i"#)
                == "∑<sub><i>i</i>\(space)=\(space)1</sub><sup><i>n</i></sup><i>x</i><sub><i>i</i></sub>")
        #expect(try MathRenderer.markup(for: #"\Omega \prod"#) == "Ω∏")
        #expect(try MathRenderer.markup(for: #"\mathbb{E}[y]"#) == "𝔼[<i>y</i>]")
    }

    @Test("fractions get parentheses only around several terms")
    func fractions() throws {
        #expect(try MathRenderer.markup(for: #"\frac{1}{2}"#) == "1/2")
        #expect(try MathRenderer.markup(for: #"\frac{a+b}{c}"#) == "(<i>a</i>\(thin)+\(thin)<i>b</i>)/<i>c</i>")
    }

    @Test("accents, roots, norms, text and relations")
    func accentsAndText() throws {
        #expect(try MathRenderer.markup(for: #"\hat{y}"#) == "<i>y\u{0302}</i>")
        #expect(try MathRenderer.markup(for: #"\tilde{x}"#) == "<i>x\u{0303}</i>")
        #expect(try MathRenderer.markup(for: #"\bar{x}"#) == "<i>x\u{0304}</i>")
        #expect(try MathRenderer.markup(for: #"\sqrt{x}"#) == "√<i>x</i>")
        #expect(try MathRenderer.markup(for: #"\sqrt{1-p}"#) == "√<span overline=\"single\">1\(thin)−\(thin)<i>p</i></span>")
        #expect(try MathRenderer.markup(for: #"\lVert w \rVert^2"#) == "‖<i>w</i>‖<sup>2</sup>")
        #expect(try MathRenderer.markup(for: #"\text{if } p \le 0.5"#) == "if <i>p</i>\(space)≤\(space)0.5")
        #expect(try MathRenderer.markup(for: #"\mathrm{Var}"#) == "Var")
        #expect(try MathRenderer.markup(for: #"a \approx b \ne c \ge d"#).contains("≈"))
        #expect(try MathRenderer.markup(for: #"p \in [0, 1) \to \times"#).contains("∈"))
    }

    @Test("markup-reserved characters are escaped")
    func escaping() throws {
        #expect(try MathRenderer.markup(for: "a < b") == "<i>a</i>\(space)&lt;\(space)<i>b</i>")
    }

    @Test("an unknown command names itself and a near known one")
    func unknownCommand() {
        #expect {
            try MathRenderer.markup(for: #"\lamda x"#)
        } throws: { error in
            let description = "\(error)"
            return description.contains("\\lamda") && description.contains("lambda")
        }
    }

    @Test("unbalanced braces are an error")
    func unbalancedBraces() {
        #expect(throws: MathError.self) { try MathRenderer.markup(for: #"\frac{a}{b"#) }
        #expect(throws: MathError.self) { try MathRenderer.markup(for: "a}") }
    }
}

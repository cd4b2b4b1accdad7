import Testing

import NotebookDocument

/// A formula on one line (what the PDF gives when a formula is copied, and a screen reader's
/// text) must read as the typeset formula and as no other.
@Suite struct MathLinearTextTests {
    func linear(_ source: String) throws -> String {
        // Narrow no-break spaces around operators, no-break spaces around relations: compare with
        // plain spaces.
        try MathFormula(source).linearText
            .replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
    }

    @Test("a fraction's numerator and denominator are parenthesised when they have several terms")
    func fractions() throws {
        #expect(try linear(#"\frac{1}{1-p}"#) == "1/(1 − p)")
        #expect(try linear(#"\frac{m \cdot a}{1-p}"#) == "(m · a)/(1 − p)")
        #expect(try linear(#"\frac{a}{b}"#) == "a/b")
        #expect(try linear(#"E[y] = (1-p) \cdot \frac{a}{1-p} = a"#) == "E[y] = (1 − p) · a/(1 − p) = a")
    }

    @Test("a fraction next to a factor is parenthesised whole: λ/2‖w‖² is not λ/(2‖w‖²)")
    func fractionBesideFactor() throws {
        #expect(try linear(#"\frac{\lambda}{2}\lVert w \rVert^2"#) == "(λ/2)‖w‖²")
        #expect(try linear(#"\frac{\lambda}{2}\sum_i w_i^2"#) == "(λ/2)∑ᵢwᵢ²")
        #expect(try linear(#"\sigma_j^2 = \frac{1}{N} \sum_i x_{ij}"#) == "σⱼ² = (1/N)∑ᵢxᵢⱼ")
        #expect(try linear(#"(\frac{a}{b})"#) == "(a/b)")
    }

    @Test("scripts use Unicode sub- and superscripts when all characters have one, else _ and ^")
    func scripts() throws {
        #expect(try linear(#"10^{-4}"#) == "10⁻⁴")
        #expect(try linear(#"\sum_{i=1}^{N} x_i"#) == "∑ᵢ₌₁ᴺxᵢ")
        #expect(try linear(#"\lambda_1"#) == "λ₁")
        #expect(try linear(#"w_{\text{old}}"#) == "w_(old)")
        #expect(try linear(#"x_{\theta}"#) == "x_θ")
        #expect(try linear(#"W^\top"#) == "Wᵀ")
    }

    @Test("the node-in-context form agrees with the whole formula's")
    func nodeInContext() throws {
        let formula = try MathFormula(#"\frac{\lambda}{2}\lVert w \rVert^2 + \frac{1}{2}"#)
        let fractions = formula.nodes.indices.filter { if case .fraction = formula.nodes[$0] { return true } else { return false } }
        #expect(fractions.map { MathNode.linearText(at: $0, in: formula.nodes) } == ["(λ/2)", "1/2"])
    }
}

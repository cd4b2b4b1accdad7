import NotebookDocument

/// Sets a ``MathFormula`` as MathML Core, which Chromium, Firefox and Safari render natively (no
/// script, no web font): fractions stack (`<mfrac>`), big operators carry their limits above and
/// below in display math (`<munderover>`), scripts are `<msub>`/`<msup>`/`<msubsup>`, roots are
/// `<msqrt>`. Every character of the source is escaped: a formula cannot inject markup.
///
/// ```swift
/// MathMLRenderer.markup(for: try MathFormula(#"\frac{a}{1-p}"#), display: false)
/// // <math><mfrac><mi>a</mi><mrow><mn>1</mn><mo>−</mo><mi>p</mi></mrow></mfrac></math>
/// ```
public enum MathMLRenderer {
    /// The `<math>` element of `formula`; `display` sets it as a block (limits above and below).
    public static func markup(for formula: MathFormula, display: Bool) -> String {
        let open = display ? "<math display=\"block\">" : "<math>"
        let label = HTMLEscaping.attribute(formula.source)
        return open + "<semantics><mrow>" + render(formula.nodes) + "</mrow>"
            + "<annotation encoding=\"application/x-tex\">" + label + "</annotation></semantics></math>"
    }

    static func render(_ nodes: [MathNode]) -> String {
        var output = ""
        var previous: MathNode?
        for node in nodes {
            switch node {
            case .binary(let symbol) where MathNode.isSign(after: previous):
                // A sign: no space around it (MathML's `form="prefix"`).
                output += "<mo form=\"prefix\">" + HTMLEscaping.text(symbol) + "</mo>"
            default:
                output += render(node)
            }
            if case .space = node {} else { previous = node }
        }
        return output
    }

    static func render(_ node: MathNode) -> String {
        switch node {
        case .variable(let letter):
            return "<mi>" + HTMLEscaping.text(letter) + "</mi>"
        case .number(let digits):
            return "<mn>" + HTMLEscaping.text(digits) + "</mn>"
        case .upright(let text):
            if text.contains(" ") || text.count > 1 && !text.allSatisfy(\.isLetter) {
                return "<mtext>" + HTMLEscaping.text(text) + "</mtext>"
            }
            return "<mi mathvariant=\"normal\">" + HTMLEscaping.text(text) + "</mi>"
        case .bold(let nodes):
            return "<mrow class=\"bold\">" + render(nodes) + "</mrow>"
        case .ordinary(let symbol) where symbol.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }):
            // 𝔼, ℝ, ℓ, ∂-like letters are identifiers: no operator spacing.
            return "<mi mathvariant=\"normal\">" + HTMLEscaping.text(symbol) + "</mi>"
        case .ordinary(let symbol):
            return "<mo>" + HTMLEscaping.text(symbol) + "</mo>"
        case .opening(let symbol), .closing(let symbol):
            return "<mo stretchy=\"false\">" + HTMLEscaping.text(symbol) + "</mo>"
        case .binary(let symbol), .relation(let symbol):
            return "<mo>" + HTMLEscaping.text(symbol) + "</mo>"
        case .punctuation(let symbol):
            return "<mo separator=\"true\">" + HTMLEscaping.text(symbol) + "</mo>"
        case .largeOperator(let symbol):
            return "<mo largeop=\"true\" movablelimits=\"true\">" + HTMLEscaping.text(symbol) + "</mo>"
        case .fraction(let numerator, let denominator):
            return "<mfrac>" + row(numerator) + row(denominator) + "</mfrac>"
        case .squareRoot(let radicand):
            return "<msqrt>" + render(radicand) + "</msqrt>"
        case .accent(let base, let combining):
            let mark = spacingAccents[combining] ?? combining
            return "<mover accent=\"true\">" + row(base) + "<mo stretchy=\"false\">"
                + HTMLEscaping.text(mark) + "</mo></mover>"
        case .scripts(let base, let subscriptNodes, let superscriptNodes):
            let baseMarkup: String
            if case .operatorName(let name, true) = base {
                baseMarkup = "<mo movablelimits=\"true\" form=\"prefix\">" + HTMLEscaping.text(name) + "</mo>"
            } else {
                baseMarkup = render(base)
            }
            if Self.takesLimits(base) {
                switch (subscriptNodes, superscriptNodes) {
                case (let lower?, let upper?):
                    return "<munderover>" + baseMarkup + row(lower) + row(upper) + "</munderover>"
                case (let lower?, nil): return "<munder>" + baseMarkup + row(lower) + "</munder>"
                case (nil, let upper?): return "<mover>" + baseMarkup + row(upper) + "</mover>"
                case (nil, nil): return baseMarkup
                }
            }
            switch (subscriptNodes, superscriptNodes) {
            case (let lower?, let upper?):
                return "<msubsup>" + wrap(baseMarkup) + row(lower) + row(upper) + "</msubsup>"
            case (let lower?, nil): return "<msub>" + wrap(baseMarkup) + row(lower) + "</msub>"
            case (nil, let upper?): return "<msup>" + wrap(baseMarkup) + row(upper) + "</msup>"
            case (nil, nil): return baseMarkup
            }
        case .group(let nodes):
            return "<mrow>" + render(nodes) + "</mrow>"
        case .space(let space):
            let width = space.unicodeScalars.reduce(0.0) { $0 + (spaceWidths[$1] ?? 0.25) }
            return width > 0 ? "<mspace width=\"\(width)em\"></mspace>" : ""
        case .operatorName(let name, _):
            return "<mi>" + HTMLEscaping.text(name) + "</mi>"
        case .delimited(let left, let body, let right):
            // `\left( … \right)`: fences that stretch with the body (`\left.` is none).
            let fence = { (symbol: String) in
                symbol.isEmpty ? "" : "<mo fence=\"true\" stretchy=\"true\" symmetric=\"true\">" + HTMLEscaping.text(symbol) + "</mo>"
            }
            return "<mrow>" + fence(left) + render(body) + fence(right) + "</mrow>"
        case .sizedDelimiter(let delimiter, let size):
            // `\big(` … `\Bigg)`: 1.2, 1.8, 2.4 or 3 times the normal size, as in the PDF.
            let factor = [1.2, 1.8, 2.4, 3.0][min(max(size, 1), 4) - 1]
            return "<mo stretchy=\"true\" symmetric=\"true\" minsize=\"\(factor)em\" maxsize=\"\(factor)em\">"
                + HTMLEscaping.text(delimiter.plainText) + "</mo>"
        }
    }

    /// Whether `base`'s scripts are limits (under and over, in display style): big operators and
    /// operator names such as `\max`.
    private static func takesLimits(_ base: MathNode) -> Bool {
        switch base {
        case .largeOperator: return true
        case .operatorName(_, let limits): return limits
        default: return false
        }
    }

    /// A script element's argument must be one element: several nodes go into an `<mrow>`.
    private static func row(_ nodes: [MathNode]) -> String {
        "<mrow>" + render(nodes) + "</mrow>"
    }

    private static func wrap(_ markup: String) -> String { "<mrow>" + markup + "</mrow>" }

    /// The combining accents of the TeX subset and the spacing characters MathML sets over a base.
    static let spacingAccents: [String: String] = [
        "\u{0302}": "^", "\u{0303}": "~", "\u{0304}": "\u{00AF}", "\u{20D7}": "\u{2192}",
        "\u{0307}": "\u{02D9}", "\u{0308}": "\u{00A8}",
    ]

    /// Widths in em of the space characters `\,`, `\:`, `\;`, `\ `, `\quad`.
    static let spaceWidths: [Unicode.Scalar: Double] = [
        "\u{2009}": 1.0 / 6, "\u{2005}": 2.0 / 9, "\u{2004}": 5.0 / 18, " ": 0.25, "\u{2003}": 1,
    ]
}

extension MathFormula {
    /// The formula on one line, written so that it reads the same as the typeset formula: what a
    /// reader gets when copying it from the PDF, and what a screen reader says (see
    /// ``MathNode/linearText(_:)``).
    public var linearText: String { MathNode.linearText(nodes) }
}

extension MathNode {
    /// A formula on one line that keeps its meaning, the way one types mathematics in an email:
    /// - a fraction is `numerator/denominator`, each in parentheses when it has more than one
    ///   term, and the whole fraction in parentheses when a factor stands next to it:
    ///   `\frac{1}{1-p}` → `1/(1 − p)`, `\frac{\lambda}{2}\lVert w \rVert^2` → `(λ/2)‖w‖²`;
    /// - a script is written with Unicode's subscript and superscript characters when each of
    ///   its characters has one (`x_{ij}` → `xᵢⱼ`, `10^{-4}` → `10⁻⁴`, `\sum_{i=1}^{N}` → `∑ᵢ₌₁ᴺ`),
    ///   otherwise as `_` or `^` and the script, in parentheses when it is longer than one
    ///   character (`w_{\text{old}}` → `w_(old)`);
    /// - spacing is that of ``plainText(_:)``: spaced relations and binary operators, unspaced
    ///   signs.
    ///
    /// Unlike ``plainText(_:)`` (`λ/2∑iwi2`), the result cannot be misread as another formula.
    public static func linearText(_ nodes: [MathNode]) -> String {
        spaced(nodes) { linearText(at: $0, in: nodes) }
    }

    /// The node at `index` of `nodes` on one line, as it reads among its neighbours: a fraction
    /// next to a factor in parentheses (`(λ/2)‖w‖²`), else as ``linearText``.
    public static func linearText(at index: Int, in nodes: [MathNode]) -> String {
        let node = nodes[index]
        guard case .fraction = node else { return node.linearText }
        let previous = nodes[..<index].last { !$0.isSpace }
        let next = nodes[(index + 1)...].first { !$0.isSpace }
        let standsAlone = separatesFactors(previous, before: true) && separatesFactors(next, before: false)
        return standsAlone ? node.linearText : "(" + node.linearText + ")"
    }

    /// Whether `neighbour`, just before (or after) a fraction, keeps it from reading as part of a
    /// product: nothing, an operator, a relation, punctuation, or the delimiter that encloses it.
    private static func separatesFactors(_ neighbour: MathNode?, before: Bool) -> Bool {
        switch neighbour {
        case nil, .binary?, .relation?, .punctuation?: return true
        case .opening?: return before
        case .closing?: return !before
        default: return false
        }
    }

    /// This node on one line (see ``linearText(_:)``).
    public var linearText: String {
        switch self {
        case .variable(let text), .number(let text), .upright(let text), .ordinary(let text),
            .opening(let text), .closing(let text), .binary(let text), .relation(let text),
            .punctuation(let text), .largeOperator(let text), .space(let text):
            return text
        case .bold(let nodes), .group(let nodes):
            return MathNode.linearText(nodes)
        case .fraction(let numerator, let denominator):
            return MathNode.linearOperand(numerator) + "/" + MathNode.linearOperand(denominator)
        case .squareRoot(let radicand):
            return "√" + MathNode.linearOperand(radicand)
        case .accent(let base, let combining):
            let text = MathNode.linearText(base)
            return text.count == 1 ? text + combining : "(" + text + ")" + combining
        case .scripts(let base, let subscriptNodes, let superscriptNodes):
            var text = base.linearText
            if case .fraction = base { text = "(" + text + ")" }
            if let subscriptNodes { text += MathNode.script(subscriptNodes, marker: "_", characters: MathNode.subscripts) }
            if let superscriptNodes { text += MathNode.script(superscriptNodes, marker: "^", characters: MathNode.superscripts) }
            return text
        case .operatorName(let name, _):
            return name
        case .delimited(let left, let body, let right):
            return left + MathNode.linearText(body) + right
        case .sizedDelimiter(let delimiter, _):
            return delimiter.linearText
        }
    }

    /// A numerator, denominator or radicand: in parentheses when it has more than one term.
    private static func linearOperand(_ nodes: [MathNode]) -> String {
        let text = linearText(nodes)
        return hasSeveralTerms(nodes) ? "(" + text + ")" : text
    }

    /// Whether `nodes` has an operator or relation outside any delimiters (`1 − p`, not `(1 − p)`
    /// or `−p`), or a fraction among other nodes: a numerator or denominator that needs
    /// parentheses when written on one line.
    public static func hasSeveralTerms(_ nodes: [MathNode]) -> Bool {
        if nodes.count == 1, case .group(let inner) = nodes[0] { return hasSeveralTerms(inner) }
        var depth = 0
        for (index, node) in nodes.enumerated() {
            switch node {
            case .opening: depth += 1
            case .closing: depth -= 1
            case .binary where depth == 0 && index > 0, .relation where depth == 0: return true
            case .fraction where nodes.count > 1: return true
            default: break
            }
        }
        return false
    }

    /// A subscript or superscript: in Unicode's script characters when all of them exist, else
    /// `marker` and the script (in parentheses when longer than one character).
    private static func script(_ nodes: [MathNode], marker: String, characters: [Character: Character]) -> String {
        let spaces: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}"]
        let compact = linearText(nodes).filter { !spaces.contains($0) }
        let mapped = compact.compactMap { characters[$0] }
        if !compact.isEmpty, mapped.count == compact.count { return String(mapped) }
        return marker + (compact.count == 1 ? compact : "(" + compact + ")")
    }

    private static let subscripts: [Character: Character] = {
        var table: [Character: Character] = [:]
        for (plain, script) in zip("0123456789+−=()aehijklmnoprstuvxβγρφχ", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ") {
            table[plain] = script
        }
        return table
    }()

    private static let superscripts: [Character: Character] = {
        var table: [Character: Character] = [:]
        let plain = "0123456789+−=()abcdefghijklmnoprstuvwxyzABDEGHIJKLMNOPRTUVWβγδθφχ⊤"
        let script = "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵀᵁⱽᵂᵝᵞᵟᶿᵠᵡᵀ"
        for (plain, script) in zip(plain, script) { table[plain] = script }
        return table
    }()
}

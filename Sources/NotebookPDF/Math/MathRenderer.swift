import Foundation
import NotebookDocument

/// Sets a formula of the lesson's TeX-like subset as Pango markup.
///
/// Conventions follow printed mathematics: variables in italic, digits, capital Greek and operator
/// names upright; a narrow no-break space around binary operators (`a + b`) and a no-break space
/// around relations (`a = b`); a minus sign (−, U+2212), not a hyphen; a sign directly before its
/// operand (`−x`). Scripts use Pango's `<sub>`/`<sup>`. A fraction is set on one line,
/// `a/(1 − p)`, with parentheses only where the numerator or denominator has more than one term.
/// Accents on a single letter are combining characters (x̂); on longer bases, a line over them.
///
/// ```swift
/// try MathRenderer.markup(for: #"E[y] = (1-p) \cdot \frac{a}{1-p} = a"#)
/// // <i>E</i>[<i>y</i>] = (1 − <i>p</i>) · <i>a</i>/(1 − <i>p</i>) = <i>a</i>
/// ```
public enum MathRenderer {
    /// Space around a binary operator: narrow no-break space (U+202F).
    public static let binarySpace = "\u{202F}"
    /// Space around a relation: no-break space (U+00A0).
    public static let relationSpace = "\u{00A0}"

    /// The Pango markup for `formula`; throws `MathError` naming the formula and the problem.
    public static func markup(for formula: String) throws -> String {
        markup(for: try MathFormula(formula))
    }

    /// The Pango markup of a parsed formula.
    public static func markup(for formula: MathFormula) -> String {
        mergeItalicRuns(render(formula.nodes))
    }

    /// The Pango markup of part of a formula that follows `previous` (which decides whether a
    /// leading `−` is a sign or an operator), e.g. the text around a fraction set as a box.
    static func markup(for nodes: [MathNode], after previous: MathNode?) -> String {
        mergeItalicRuns(render(nodes, after: previous))
    }

    /// The plain text of `formula` (the markup without tags), e.g. for PDF bookmarks.
    public static func plainText(for formula: String) throws -> String {
        let markup = try markup(for: formula)
        var text = ""
        var insideTag = false
        for character in markup {
            if character == "<" { insideTag = true; continue }
            if character == ">" { insideTag = false; continue }
            if !insideTag { text.append(character) }
        }
        return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&amp;", with: "&")
    }

    // MARK: - Rendering

    static func render(_ nodes: [MathNode], after start: MathNode? = nil) -> String {
        var output = ""
        var previous = start
        for node in nodes {
            switch node {
            case .binary(let symbol):
                if isSign(after: previous) {
                    output += escape(symbol)
                } else {
                    output += binarySpace + escape(symbol) + binarySpace
                }
            case .relation(let symbol):
                output += relationSpace + escape(symbol) + relationSpace
            case .punctuation(let symbol):
                output += escape(symbol) + "\u{2009}"
            case .operatorName where isOperator(previous):
                output += "\u{2009}" + render(node)
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
            return "<i>" + escape(letter) + "</i>"
        case .number(let digits):
            return digits
        case .upright(let text):
            return escape(text)
        case .bold(let nodes):
            return "<b>" + render(nodes) + "</b>"
        case .ordinary(let symbol), .opening(let symbol), .closing(let symbol),
            .largeOperator(let symbol):
            return escape(symbol)
        case .binary, .relation, .punctuation:
            return render([node])
        case .space(let space):
            return space
        case .operatorName(let name, _):
            return escape(name)
        case .delimited(let left, let body, let right):
            return escape(left) + render(body) + escape(right)
        case .sizedDelimiter(let delimiter, _):
            return render(delimiter)
        case .group(let nodes):
            return render(nodes)
        case .fraction(let numerator, let denominator):
            return parenthesized(numerator) + "/" + parenthesized(denominator)
        case .squareRoot(let radicand):
            if isSingleAtom(radicand) {
                return "√" + render(radicand)
            }
            return "√<span overline=\"single\">" + render(radicand) + "</span>"
        case .accent(let base, let combining):
            if case .variable(let letter)? = singleNode(base) {
                return "<i>" + escape(letter) + combining + "</i>"
            }
            if case .upright(let text)? = singleNode(base), text.count == 1 {
                return escape(text) + combining
            }
            return "<span overline=\"single\">" + render(base) + "</span>"
        case .scripts(let base, let subscriptNodes, let superscriptNodes):
            var text = render(base)
            if let subscriptNodes {
                text += "<sub>" + render(subscriptNodes) + "</sub>"
            }
            if let superscriptNodes {
                text += "<sup>" + render(superscriptNodes) + "</sup>"
            }
            return text
        }
    }

    /// A `-` or `+` is a sign (no spaces) at the start, after an operator, a relation, an opening
    /// delimiter, punctuation or a big operator.
    private static func isSign(after previous: MathNode?) -> Bool {
        guard let previous else { return true }
        switch previous {
        case .binary, .relation, .opening, .punctuation, .largeOperator, .operatorName: return true
        default: return false
        }
    }

    /// `\arg\min`: two operator names in a row get a thin space between them.
    private static func isOperator(_ node: MathNode?) -> Bool {
        if case .operatorName? = node { return true }
        if case .scripts(let base, _, _)? = node, case .operatorName = base { return true }
        return false
    }

    /// The numerator or denominator of an inline fraction, in parentheses when it has several terms.
    private static func parenthesized(_ nodes: [MathNode]) -> String {
        let inner = render(nodes)
        return MathNode.hasSeveralTerms(nodes) ? "(" + inner + ")" : inner
    }

    private static func singleNode(_ nodes: [MathNode]) -> MathNode? {
        guard nodes.count == 1 else { return nil }
        if case .group(let inner) = nodes[0] { return singleNode(inner) }
        return nodes[0]
    }

    private static func isSingleAtom(_ nodes: [MathNode]) -> Bool {
        guard let node = singleNode(nodes) else { return false }
        switch node {
        case .variable, .number, .ordinary, .upright: return true
        default: return false
        }
    }

    /// `<i>a</i><i>b</i>` → `<i>ab</i>`: the same text, fewer spans.
    private static func mergeItalicRuns(_ markup: String) -> String {
        markup.replacingOccurrences(of: "</i><i>", with: "")
    }

    /// Escapes the three characters that Pango markup reserves.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

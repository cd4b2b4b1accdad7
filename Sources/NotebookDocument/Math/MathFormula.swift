/// A formula of the lesson's TeX-like subset, parsed once: the source as the author wrote it and
/// the tree of ``MathNode``s it means. Every renderer sets the same tree (the PDF as Pango
/// markup, the HTML edition as MathML), so the editions cannot disagree about a formula.
///
/// ```swift
/// let formula = try MathFormula(#"\frac{a}{1-p}"#)   // throws MathError on unknown commands
/// formula.nodes   // [.fraction(numerator: [.variable("a")], denominator: [...])]
/// ```
public struct MathFormula: Sendable, Equatable {
    /// The formula as written between the dollar signs.
    public var source: String
    /// What the formula means.
    public var nodes: [MathNode]

    /// Parses `source`; throws `MathError` naming the formula and the problem.
    public init(_ source: String) throws {
        var parser = TeXParser(source)
        self.nodes = try parser.parse()
        self.source = source
    }

    /// The formula's characters without layout (`a/(1 − p)` reads `a/1−p`): for bookmarks, the
    /// table of contents, search indexes and error messages.
    public var plainText: String { MathNode.plainText(nodes) }
}

extension MathNode {
    /// The characters of `nodes` in reading order, spaced as printed mathematics spaces them: a
    /// no-break space around a relation (`p = 0.5`), a narrow no-break space around a binary
    /// operator unless it is a sign (`a + b`, `−x`), a thin space after punctuation.
    public static func plainText(_ nodes: [MathNode]) -> String {
        spaced(nodes) { nodes[$0].plainText }
    }

    /// `nodes` spaced as printed mathematics spaces them (see ``plainText(_:)``), each node that
    /// is not an operator, relation or punctuation written by `write` (given its index).
    static func spaced(_ nodes: [MathNode], write: (Int) -> String) -> String {
        var text = ""
        var previous: MathNode?
        for (index, node) in nodes.enumerated() {
            switch node {
            case .binary(let symbol):
                text += isSign(after: previous) ? symbol : "\u{202F}" + symbol + "\u{202F}"
            case .relation(let symbol):
                text += "\u{00A0}" + symbol + "\u{00A0}"
            case .punctuation(let symbol):
                text += symbol + "\u{2009}"
            default:
                text += write(index)
            }
            if !node.isSpace { previous = node }
        }
        return text
    }

    /// Whether a `+` or `−` after `previous` is a sign (no spaces): at the start, after an
    /// operator, a relation, an opening delimiter, punctuation or a big operator.
    public static func isSign(after previous: MathNode?) -> Bool {
        guard let previous else { return true }
        switch previous {
        case .binary, .relation, .opening, .punctuation, .largeOperator, .operatorName: return true
        default: return false
        }
    }

    /// The characters of this node in reading order, without layout.
    public var plainText: String {
        switch self {
        case .variable(let text), .number(let text), .upright(let text), .ordinary(let text),
            .opening(let text), .closing(let text), .binary(let text), .relation(let text),
            .punctuation(let text), .largeOperator(let text), .space(let text):
            return text
        case .bold(let nodes), .group(let nodes):
            return MathNode.plainText(nodes)
        case .fraction(let numerator, let denominator):
            return MathNode.plainText(numerator) + "/" + MathNode.plainText(denominator)
        case .squareRoot(let radicand):
            return "√" + MathNode.plainText(radicand)
        case .accent(let base, let combining):
            return MathNode.plainText(base) + combining
        case .scripts(let base, let subscriptNodes, let superscriptNodes):
            return base.plainText + MathNode.plainText(subscriptNodes ?? [])
                + MathNode.plainText(superscriptNodes ?? [])
        case .operatorName(let name, _):
            return name
        case .delimited(let left, let body, let right):
            return left + MathNode.plainText(body) + right
        case .sizedDelimiter(let delimiter, _):
            return delimiter.plainText
        }
    }
}

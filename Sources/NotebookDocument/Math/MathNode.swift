/// One piece of a parsed formula: what the TeX-like source means, before a renderer sets it (Pango
/// markup in the PDF, MathML in the HTML edition).
public indirect enum MathNode: Sendable, Equatable {
    /// A variable: one letter or Greek letter, set in italic (`x`, `λ`).
    case variable(String)
    /// Digits and a decimal point, set upright (`0.5`).
    case number(String)
    /// Upright text: `\text{...}`, `\mathrm{...}`, capital Greek, operator names (`log`).
    case upright(String)
    /// Bold text from `\mathbf{...}`.
    case bold([MathNode])
    /// A symbol with no extra space around it (`∇`, `(`, `‖`).
    case ordinary(String)
    /// An opening delimiter (`(`, `[`); a following `-` is a sign, not a subtraction.
    case opening(String)
    /// A closing delimiter (`)`, `]`).
    case closing(String)
    /// A binary operator, spaced unless it is a sign (`+`, `−`, `·`, `×`).
    case binary(String)
    /// A relation or arrow, spaced (`=`, `≈`, `←`).
    case relation(String)
    /// Punctuation followed by a thin space (`,`, `;`).
    case punctuation(String)
    /// A big operator (`∑`, `∏`); its limits are its scripts.
    case largeOperator(String)
    /// `\frac{numerator}{denominator}`.
    case fraction(numerator: [MathNode], denominator: [MathNode])
    /// `\sqrt{radicand}`.
    case squareRoot([MathNode])
    /// `\hat{x}` and friends: a combining character over the base.
    case accent(base: [MathNode], combining: String)
    /// A base with a subscript and/or superscript.
    case scripts(base: MathNode, subscript: [MathNode]?, superscript: [MathNode]?)
    /// A braced group `{...}`: rendered as its contents.
    case group([MathNode])
    /// An explicit space (`\,`, `\quad`).
    case space(String)
    /// An operator name set upright (`\log`, `\max`); with `limits`, its scripts go above and
    /// below it in display style (`\max_i`, `\min_e`), beside it in text.
    case operatorName(String, limits: Bool)
    /// `\left( body \right)`: delimiters as tall as the body; an empty string is `\left.` (none).
    case delimited(left: String, body: [MathNode], right: String)
    /// `\big(` … `\Bigg)`: a delimiter of fixed size 1 (`big`) to 4 (`Bigg`).
    case sizedDelimiter(MathNode, size: Int)

    /// Whether this is an explicit space, which does not change the spacing between its
    /// neighbours (a `−` after `\,` is still a sign or an operator as it would be without it).
    public var isSpace: Bool {
        if case .space = self { return true }
        return false
    }
}

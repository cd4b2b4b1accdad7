import CPangoCairo
import NotebookDocument

/// Lays out a parsed formula (`MathNode`s) as nested boxes, the way TeX does (The TeXbook,
/// appendix G), with the constants and glyph variants of an OpenType MATH font:
///
/// - variables in italic, digits, operator names and `\text{…}` upright (DejaVu Serif, the text
///   face), symbols, delimiters, big operators and radicals from the math font;
/// - between neighbouring atoms TeX's spaces: thin (3 mu) around big operators, medium (4 mu)
///   around binary operators, thick (5 mu) around relations, none in scripts (1 mu = 1/18 em);
///   a `+` or `−` after an operator, relation or opening is a sign and gets no space;
/// - `\frac` stacked on the axis with a rule in display style (numerator and denominator one
///   style smaller);
/// - `\sum`, `\prod` and `\max`-like operator names take their limits above and below in display
///   style, beside them in text style; in display style `∑` uses the font's larger variant;
/// - `\sqrt` with a radical sign as tall as the radicand and a rule over it;
/// - `\left( … \right)` with delimiters at least 90 % as tall as the body around the axis;
/// - `\hat`, `\tilde` and friends centred over the base, `\bar` a rule.
final class MathLayout {
    /// The size of display and text style, in points.
    let size: Double
    let context: OpaquePointer
    private var fonts: [Double: MathFont] = [:]
    /// The text face for letters, digits and words.
    let textFamily: String

    init(size: Double, textFamily: String, context: OpaquePointer) {
        self.size = size
        self.textFamily = textFamily
        self.context = context
    }

    // MARK: - Fonts and sizes

    func font(_ style: MathStyle) throws -> MathFont {
        let points = try fontSize(style)
        if let font = fonts[points] { return font }
        let font = try MathFont(size: points, context: context)
        fonts[points] = font
        return font
    }

    /// The font size of `style`: scripts are scaled by the font's script percentages.
    func fontSize(_ style: MathStyle) throws -> Double {
        if style <= .text { return size }
        if fonts[size] == nil { fonts[size] = try MathFont(size: size, context: context) }
        let percent = fonts[size]!.constant(
            style == .script
                ? HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN : HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN)
        return (size * percent).rounded() / 100
    }

    /// One em (and 18 mu) of `style`.
    func em(_ style: MathStyle) throws -> Double { try fontSize(style) }

    // MARK: - Lists

    /// Lays out a whole formula (one line of a display).
    func layout(_ nodes: [MathNode], style: MathStyle) throws -> MathBox {
        try layoutList(nodes, style: style, bold: false)
    }

    /// An atom of a list: its box and class (`nil` for explicit spaces, which do not change the
    /// spacing between their neighbours).
    private struct Atom {
        var box: MathBox
        var kind: AtomClass?
    }

    func layoutList(_ nodes: [MathNode], style: MathStyle, bold: Bool) throws -> MathBox {
        var atoms: [Atom] = []
        for node in nodes {
            if let atom = try atom(for: node, style: style, bold: bold) { atoms.append(atom) }
        }
        // A binary operator with nothing to its left, or after an operator, relation, opening or
        // punctuation, is a sign (ordinary); so is one before a relation, closing or punctuation.
        var previous: AtomClass?
        for index in atoms.indices {
            guard let kind = atoms[index].kind else { continue }
            if kind == .binary {
                switch previous {
                case nil, .binary?, .largeOperator?, .relation?, .opening?, .punctuation?:
                    atoms[index].kind = .ordinary
                default: break
                }
            }
            if [.relation, .closing, .punctuation].contains(kind), previous == .binary,
                let last = atoms[..<index].lastIndex(where: { $0.kind != nil })
            {
                atoms[last].kind = .ordinary
            }
            previous = atoms[index].kind
        }
        if let last = atoms.lastIndex(where: { $0.kind != nil }), atoms[last].kind == .binary {
            atoms[last].kind = .ordinary
        }
        // TeX's spaces between neighbours.
        let mu = try em(style) / 18
        var parts: [(box: MathBox, x: Double, raise: Double)] = []
        var x = 0.0
        previous = nil
        for atom in atoms {
            if let kind = atom.kind {
                if let previous { x += AtomClass.space(between: previous, and: kind, style: style) * mu }
                previous = kind
            }
            parts.append((atom.box, x, 0))
            x += atom.box.width
        }
        var row = MathBox.row(parts, width: x)
        row.italicCorrection = atoms.last?.box.italicCorrection ?? 0
        return row
    }

    // MARK: - Atoms

    private func atom(for node: MathNode, style: MathStyle, bold: Bool) throws -> Atom? {
        switch node {
        case .variable(let letter):
            return Atom(box: text(letter, style: style, italic: true, bold: bold), kind: .ordinary)
        case .number(let digits):
            return Atom(box: text(digits, style: style, bold: bold), kind: .ordinary)
        case .upright(let words):
            return Atom(box: text(words, style: style, bold: bold), kind: .ordinary)
        case .operatorName(let name, _):
            return Atom(box: text(name, style: style, bold: bold), kind: .largeOperator)
        case .bold(let nodes):
            return Atom(box: try layoutList(nodes, style: style, bold: true), kind: .ordinary)
        case .ordinary(let symbol):
            return Atom(box: try symbolBox(symbol, style: style), kind: .ordinary)
        case .opening(let symbol):
            return Atom(box: try symbolBox(symbol, style: style), kind: .opening)
        case .closing(let symbol):
            return Atom(box: try symbolBox(symbol, style: style), kind: .closing)
        case .binary(let symbol):
            return Atom(box: try symbolBox(symbol, style: style), kind: .binary)
        case .relation(let symbol):
            return Atom(box: try symbolBox(symbol, style: style), kind: .relation)
        case .punctuation(let symbol):
            return Atom(box: text(symbol, style: style), kind: .punctuation)
        case .largeOperator(let symbol):
            return Atom(box: try largeOperator(symbol, style: style), kind: .largeOperator)
        case .fraction(let numerator, let denominator):
            return Atom(box: try fraction(numerator, denominator, style: style, bold: bold), kind: .inner)
        case .squareRoot(let radicand):
            return Atom(box: try squareRoot(radicand, style: style, bold: bold), kind: .ordinary)
        case .accent(let base, let combining):
            return Atom(box: try accent(base, combining: combining, style: style, bold: bold), kind: .ordinary)
        case .scripts(let base, let subscriptNodes, let superscriptNodes):
            return try scripts(base, subscriptNodes, superscriptNodes, style: style, bold: bold)
        case .group(let nodes):
            return Atom(box: try layoutList(nodes, style: style, bold: bold), kind: .ordinary)
        case .space(let space):
            return Atom(box: .kern(try spaceWidth(space, style: style)), kind: nil)
        case .delimited(let left, let body, let right):
            return Atom(box: try delimited(left, body, right, style: style, bold: bold), kind: .inner)
        case .sizedDelimiter(let delimiter, let size):
            return try sizedDelimiter(delimiter, size: size, style: style)
        }
    }

    /// A run of the text face: italic for variables, upright for the rest.
    func text(_ string: String, style: MathStyle, italic: Bool = false, bold: Bool = false) -> MathBox {
        let points = (try? fontSize(style)) ?? size
        let run = MathTextRun(
            string, font: FontSpec(family: textFamily, size: points, bold: bold, italic: italic), context: context)
        return run.box
    }

    /// A symbol of the math font (one glyph when the font has it, else a Pango run that falls
    /// back to another face).
    func symbolBox(_ symbol: String, style: MathStyle) throws -> MathBox {
        let font = try font(style)
        if symbol.unicodeScalars.count == 1, let scalar = symbol.unicodeScalars.first, let glyph = font.glyph(for: scalar) {
            return glyphBox(glyph, font: font)
        }
        let run = MathTextRun(symbol, font: FontSpec(family: MathFont.family, size: font.size), context: context)
        return run.box
    }

    func glyphBox(_ glyph: MathFont.Glyph, font: MathFont, raise: Double = 0) -> MathBox {
        MathBox(width: glyph.advance, ascent: glyph.ascent + raise, descent: glyph.descent - raise) {
            cairo, x, baseline in
            font.draw(glyph, at: x, baseline - raise, on: cairo)
        }
    }

    /// The explicit spaces `\,` (3 mu), `\:` (4 mu), `\;` (5 mu), `\quad` (1 em), `\qquad`,
    /// `\ ` (a word space) and `\!` (−3 mu), from the characters the parser stores for them.
    func spaceWidth(_ space: String, style: MathStyle) throws -> Double {
        let mu = try em(style) / 18
        switch space {
        case "\u{2009}": return 3 * mu
        case "\u{2005}": return 4 * mu
        case "\u{2004}": return 5 * mu
        case "\u{2003}": return 18 * mu
        case "\u{2003}\u{2003}": return 36 * mu
        case "": return -3 * mu
        default: return 6 * mu
        }
    }

    // MARK: - Big operators and limits

    /// `∑`, `∏`, `∫`: in display style the font's first variant at least `DisplayOperatorMinHeight`
    /// tall; centred on the math axis.
    func largeOperator(_ symbol: String, style: MathStyle) throws -> MathBox {
        let font = try font(style)
        guard let scalar = symbol.unicodeScalars.first, let base = font.glyph(for: scalar) else {
            return try symbolBox(symbol, style: style)
        }
        var glyph = base
        if style == .display {
            let minimum = font.constant(HB_OT_MATH_CONSTANT_DISPLAY_OPERATOR_MIN_HEIGHT)
            glyph = font.variants(of: base, vertical: true).first { $0.height >= minimum } ?? base
        }
        let axis = font.constant(HB_OT_MATH_CONSTANT_AXIS_HEIGHT)
        let raise = axis - (glyph.ascent - glyph.descent) / 2
        return glyphBox(glyph, font: font, raise: raise)
    }

    /// Whether `node`'s scripts are limits (above and below) in `style`.
    private func takesLimits(_ node: MathNode, style: MathStyle) -> Bool {
        guard style == .display else { return false }
        switch node {
        case .largeOperator(let symbol): return symbol != "∫" && symbol != "∮"
        case .operatorName(_, let limits): return limits
        default: return false
        }
    }

    private func scripts(
        _ base: MathNode, _ subscriptNodes: [MathNode]?, _ superscriptNodes: [MathNode]?, style: MathStyle,
        bold: Bool
    ) throws -> Atom {
        let baseAtom = try atom(for: base, style: style, bold: bold) ?? Atom(box: .kern(0), kind: .ordinary)
        let lower = try subscriptNodes.map { try layoutList($0, style: style.scripts, bold: bold) }
        let upper = try superscriptNodes.map { try layoutList($0, style: style.scripts, bold: bold) }
        if takesLimits(base, style: style) {
            return Atom(box: try limits(baseAtom.box, upper: upper, lower: lower, style: style), kind: .largeOperator)
        }
        let isCharacter: Bool
        switch base {
        case .variable, .number, .upright, .ordinary, .opening, .closing, .operatorName: isCharacter = true
        default: isCharacter = false
        }
        let box = try attach(to: baseAtom.box, isCharacter: isCharacter, lower: lower, upper: upper, style: style)
        return Atom(box: box, kind: baseAtom.kind ?? .ordinary)
    }

    /// Sub- and superscripts beside a base (OpenType MATH rules, TeX's rules 18a–f).
    func attach(to base: MathBox, isCharacter: Bool, lower: MathBox?, upper: MathBox?, style: MathStyle) throws
        -> MathBox
    {
        let font = try font(style)
        let scriptFont = try self.font(style.scripts)
        var up = isCharacter ? 0 : base.ascent - scriptFont.constant(HB_OT_MATH_CONSTANT_SUPERSCRIPT_BASELINE_DROP_MAX)
        var down = isCharacter ? 0 : base.descent + scriptFont.constant(HB_OT_MATH_CONSTANT_SUBSCRIPT_BASELINE_DROP_MIN)
        if let upper {
            up = max(
                up, font.constant(HB_OT_MATH_CONSTANT_SUPERSCRIPT_SHIFT_UP),
                upper.descent + font.constant(HB_OT_MATH_CONSTANT_SUPERSCRIPT_BOTTOM_MIN))
        }
        if let lower {
            down = max(down, font.constant(HB_OT_MATH_CONSTANT_SUBSCRIPT_SHIFT_DOWN))
            if upper == nil {
                down = max(down, lower.ascent - font.constant(HB_OT_MATH_CONSTANT_SUBSCRIPT_TOP_MAX))
            }
        }
        if let upper, let lower {
            let gapMin = font.constant(HB_OT_MATH_CONSTANT_SUB_SUPERSCRIPT_GAP_MIN)
            let gap = (up - upper.descent) - (lower.ascent - down)
            if gap < gapMin {
                // First lift the superscript (up to a limit), then lower the subscript.
                let lift = max(
                    0, min(gapMin - gap,
                        font.constant(HB_OT_MATH_CONSTANT_SUPERSCRIPT_BOTTOM_MAX_WITH_SUBSCRIPT) - (up - upper.descent)))
                up += lift
                down += gapMin - gap - lift
            }
        }
        let after = font.constant(HB_OT_MATH_CONSTANT_SPACE_AFTER_SCRIPT)
        var parts: [(box: MathBox, x: Double, raise: Double)] = [(base, 0, 0)]
        var width = base.width
        if let upper {
            parts.append((upper, base.width + base.italicCorrection, up))
            width = max(width, base.width + base.italicCorrection + upper.width)
        }
        if let lower {
            parts.append((lower, base.width, -down))
            width = max(width, base.width + lower.width)
        }
        return MathBox.row(parts, width: width + after)
    }

    /// Limits centred above and below a big operator (display style).
    func limits(_ base: MathBox, upper: MathBox?, lower: MathBox?, style: MathStyle) throws -> MathBox {
        let font = try font(style)
        let width = max(base.width, upper?.width ?? 0, lower?.width ?? 0)
        var parts: [(box: MathBox, x: Double, raise: Double)] = [(base, (width - base.width) / 2, 0)]
        if let upper {
            // At least TeX's big_op_spacing1 and 3 (2 pt, 2 pt at 10 pt).
            let gap = max(
                font.constant(HB_OT_MATH_CONSTANT_UPPER_LIMIT_GAP_MIN), 0.2 * font.size,
                font.constant(HB_OT_MATH_CONSTANT_UPPER_LIMIT_BASELINE_RISE_MIN) - upper.descent)
            parts.append((upper, (width - upper.width) / 2, base.ascent + gap + upper.descent))
        }
        if let lower {
            // At least TeX's big_op_spacing2 and 4 (1.67 pt, 6 pt at 10 pt).
            let gap = max(
                font.constant(HB_OT_MATH_CONSTANT_LOWER_LIMIT_GAP_MIN), 0.167 * font.size,
                font.constant(HB_OT_MATH_CONSTANT_LOWER_LIMIT_BASELINE_DROP_MIN) - lower.ascent,
                0.6 * font.size - lower.ascent)
            parts.append((lower, (width - lower.width) / 2, -(base.descent + gap + lower.ascent)))
        }
        return MathBox.row(parts, width: width)
    }

    // MARK: - Fractions and radicals

    /// `\frac`: numerator over denominator, one style smaller, with a rule on the math axis.
    func fraction(_ numerator: [MathNode], _ denominator: [MathNode], style: MathStyle, bold: Bool) throws
        -> MathBox
    {
        let font = try font(style)
        let top = try layoutList(numerator, style: style.fraction, bold: bold)
        let bottom = try layoutList(denominator, style: style.fraction, bold: bold)
        let display = style == .display
        let axis = font.constant(HB_OT_MATH_CONSTANT_AXIS_HEIGHT)
        let rule = font.constant(HB_OT_MATH_CONSTANT_FRACTION_RULE_THICKNESS)
        let up = max(
            font.constant(
                display ? HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_DISPLAY_STYLE_SHIFT_UP
                    : HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_SHIFT_UP),
            axis + rule / 2 + top.descent
                + font.constant(
                    display ? HB_OT_MATH_CONSTANT_FRACTION_NUM_DISPLAY_STYLE_GAP_MIN
                        : HB_OT_MATH_CONSTANT_FRACTION_NUMERATOR_GAP_MIN))
        let down = max(
            font.constant(
                display ? HB_OT_MATH_CONSTANT_FRACTION_DENOMINATOR_DISPLAY_STYLE_SHIFT_DOWN
                    : HB_OT_MATH_CONSTANT_FRACTION_DENOMINATOR_SHIFT_DOWN),
            bottom.ascent - axis + rule / 2
                + font.constant(
                    display ? HB_OT_MATH_CONSTANT_FRACTION_DENOM_DISPLAY_STYLE_GAP_MIN
                        : HB_OT_MATH_CONSTANT_FRACTION_DENOMINATOR_GAP_MIN))
        let padding = 0.12 * font.size  // TeX's \nulldelimiterspace
        let barWidth = max(top.width, bottom.width) + 0.1 * font.size
        let bar = MathBox.rule(width: barWidth, thickness: rule, bottom: axis - rule / 2)
        return MathBox.row(
            [
                (top, padding + (barWidth - top.width) / 2, up),
                (bar, padding, 0),
                (bottom, padding + (barWidth - bottom.width) / 2, -down),
            ], width: barWidth + 2 * padding)
    }

    /// `\sqrt`: a radical sign tall enough for the radicand, and a rule over it.
    func squareRoot(_ radicand: [MathNode], style: MathStyle, bold: Bool) throws -> MathBox {
        let font = try font(style)
        let inner = try layoutList(radicand, style: style, bold: bold)
        let rule = font.constant(HB_OT_MATH_CONSTANT_RADICAL_RULE_THICKNESS)
        var gap = font.constant(
            style == .display ? HB_OT_MATH_CONSTANT_RADICAL_DISPLAY_STYLE_VERTICAL_GAP
                : HB_OT_MATH_CONSTANT_RADICAL_VERTICAL_GAP)
        let needed = inner.height + gap + rule
        guard let sign = font.verticalVariant(of: "\u{221A}", atLeast: needed) else {
            return inner
        }
        if sign.height > needed { gap += (sign.height - needed) / 2 }
        let ruleBottom = inner.ascent + gap
        let raise = ruleBottom + rule - sign.ascent
        let signBox = glyphBox(sign, font: font, raise: raise)
        let ruleStart = sign.inkLeft + sign.inkWidth - rule / 2
        let overbar = MathBox.rule(width: inner.width + rule, thickness: rule, bottom: ruleBottom)
        var box = MathBox.row(
            [(signBox, 0, 0), (overbar, ruleStart, 0), (inner, ruleStart, 0)],
            width: ruleStart + inner.width + rule)
        box.ascent += font.constant(HB_OT_MATH_CONSTANT_RADICAL_EXTRA_ASCENDER)
        return box
    }

    // MARK: - Accents

    /// `\hat{x}`, `\tilde{L}`: the accent glyph centred over the base (a little to the right over
    /// an italic letter), raised when the base is taller than the font's accent base height;
    /// `\bar` and `\overline`: a rule over the base.
    func accent(_ baseNodes: [MathNode], combining: String, style: MathStyle, bold: Bool) throws -> MathBox {
        let font = try font(style)
        let base = try layoutList(baseNodes, style: style, bold: bold)
        let isItalicLetter: Bool
        if case .variable? = Self.single(baseNodes) { isItalicLetter = true } else { isItalicLetter = false }
        let skew = isItalicLetter ? 0.1 * base.ascent : 0
        let gap = font.constant(HB_OT_MATH_CONSTANT_OVERBAR_VERTICAL_GAP) * 0.5
        if combining == "\u{0304}" {
            let thickness = font.constant(HB_OT_MATH_CONSTANT_OVERBAR_RULE_THICKNESS)
            let inset = isItalicLetter ? 0.08 * base.width : 0
            let bar = MathBox.rule(width: base.width - 2 * inset, thickness: thickness, bottom: base.ascent + gap)
            var box = MathBox.row([(base, 0, 0), (bar, inset + skew, 0)], width: base.width)
            box.italicCorrection = base.italicCorrection
            return box
        }
        // One letter takes the accent as it is; a longer base a wider variant that fits it.
        guard let scalar = combining.unicodeScalars.first,
            let glyph = Self.single(baseNodes) != nil
                ? font.glyph(for: scalar) : font.horizontalVariant(of: scalar, atMost: base.width * 1.05)
        else { return base }
        let accentBase = font.constant(HB_OT_MATH_CONSTANT_ACCENT_BASE_HEIGHT)
        let raise = max(0, base.ascent - accentBase)
        let accentX = base.width / 2 + skew - (glyph.inkLeft + glyph.inkWidth / 2)
        let accentBox = glyphBox(glyph, font: font, raise: raise)
        var box = MathBox.row([(base, 0, 0), (accentBox, accentX, 0)], width: base.width)
        box.italicCorrection = base.italicCorrection
        return box
    }

    static func single(_ nodes: [MathNode]) -> MathNode? {
        guard nodes.count == 1 else { return nil }
        if case .group(let inner) = nodes[0] { return single(inner) }
        return nodes[0]
    }

    // MARK: - Delimiters

    /// `\left( body \right)`: each delimiter at least 90.1 % of twice the body's larger extent
    /// from the axis (and at most 5 pt short of it), centred on the axis (TeX's rule 19).
    func delimited(_ left: String, _ body: [MathNode], _ right: String, style: MathStyle, bold: Bool) throws
        -> MathBox
    {
        let font = try font(style)
        let inner = try layoutList(body, style: style, bold: bold)
        let axis = font.constant(HB_OT_MATH_CONSTANT_AXIS_HEIGHT)
        let extent = max(inner.ascent - axis, inner.descent + axis)
        let target = max(2 * extent * 0.901, 2 * extent - 0.5 * font.size)
        let open = try delimiter(left, height: target, style: style)
        let close = try delimiter(right, height: target, style: style)
        return MathBox.row(
            [(open, 0, 0), (inner, open.width, 0), (close, open.width + inner.width, 0)],
            width: open.width + inner.width + close.width)
    }

    /// A delimiter at least `height` tall (or the tallest variant), centred on the axis; an empty
    /// string is TeX's null delimiter.
    func delimiter(_ symbol: String, height: Double, style: MathStyle) throws -> MathBox {
        let font = try font(style)
        guard let scalar = symbol.unicodeScalars.first, symbol.unicodeScalars.count == 1,
            let base = font.glyph(for: scalar)
        else {
            return symbol.isEmpty ? .kern(0.12 * font.size) : try symbolBox(symbol, style: style)
        }
        if base.height >= height { return glyphBox(base, font: font) }
        var glyph = font.verticalVariant(of: scalar, atLeast: height) ?? base
        // Some fonts give the taller sizes of `|` and `‖` only to U+2223 and U+2225.
        if glyph.height < height, let twin = Self.verticalTwins[scalar],
            let taller = font.verticalVariant(of: twin, atLeast: height), taller.height > glyph.height
        {
            glyph = taller
        }
        let axis = font.constant(HB_OT_MATH_CONSTANT_AXIS_HEIGHT)
        if glyph.height < height * 0.98, let stems = Self.barStems[scalar] {
            return bars(stems, like: base, height: height, axis: axis)
        }
        return glyphBox(glyph, font: font, raise: axis - (glyph.ascent - glyph.descent) / 2)
    }

    /// Vertical bars drawn as rules when the font has no taller size of them: `|` one stem, `‖`
    /// two.
    static let barStems: [Unicode.Scalar: Int] = ["|": 1, "\u{2223}": 1, "\u{2016}": 2, "\u{2225}": 2]

    /// `stems` rules as thick as `glyph`'s stems, `height` tall, centred on the axis, at the
    /// glyph's ink position and with its advance.
    private func bars(_ stems: Int, like glyph: MathFont.Glyph, height: Double, axis: Double) -> MathBox {
        let stem = stems == 1 ? glyph.inkWidth : glyph.inkWidth * 0.3
        let bottom = axis - height / 2
        return MathBox(width: glyph.advance, ascent: bottom + height, descent: max(0, -bottom)) { cairo, x, baseline in
            for index in 0..<stems {
                let left = x + glyph.inkLeft + (stems == 1 ? 0 : Double(index) * (glyph.inkWidth - stem))
                cairo_rectangle(cairo, left, baseline - bottom - height, stem, height)
            }
            cairo_fill(cairo)
        }
    }

    static let verticalTwins: [Unicode.Scalar: Unicode.Scalar] = ["|": "\u{2223}", "\u{2016}": "\u{2225}"]

    /// `\big(` … `\Bigg)`: 1.2, 1.8, 2.4 or 3 times the delimiter's normal height.
    private func sizedDelimiter(_ node: MathNode, size: Int, style: MathStyle) throws -> Atom {
        let symbol: String
        let kind: AtomClass
        switch node {
        case .opening(let text): (symbol, kind) = (text, .opening)
        case .closing(let text): (symbol, kind) = (text, .closing)
        case .ordinary(let text): (symbol, kind) = (text, .ordinary)
        case .relation(let text): (symbol, kind) = (text, .relation)
        default: return try atom(for: node, style: style, bold: false) ?? Atom(box: .kern(0), kind: nil)
        }
        let normal = try symbolBox(symbol, style: style).height
        let factor = [1.2, 1.8, 2.4, 3.0][min(max(size, 1), 4) - 1]
        return Atom(box: try delimiter(symbol, height: normal * factor, style: style), kind: kind)
    }
}

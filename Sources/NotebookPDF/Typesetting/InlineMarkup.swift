import CPangoCairo
import NotebookDocument

/// Turns ``Inline`` runs into Pango markup, remembering where the links are in the resulting text
/// (Pango's byte indices), so that the typesetter can tag them as PDF links.
struct InlineMarkup {
    private(set) var markup = ""
    private(set) var links: [LinkSpan] = []
    /// Formulas set as boxes in the line (stacked fractions), at their byte offsets.
    private(set) var objects: [InlineMathObject] = []
    /// The byte length of the text Pango will see (markup tags removed).
    private(set) var textLength = 0

    /// What the builder needs to resolve references and to size inline code.
    struct Environment {
        var numbering: DocumentNumbering
        var chapterIndex: Int
        var chapterTitle: String
        /// The size of the surrounding text, for inline code (set a little smaller).
        var fontSize: Double
        var style: TypesetStyle
        /// Puts soft hyphens into the ordinary words of plain text (justified paragraphs); never
        /// into code, math, links or references.
        var hyphenator: Hyphenator? = nil
        /// Sets inline formulas with a fraction as stacked boxes in text style (`nil`: all
        /// formulas as Pango markup on one line).
        var math: MathLayout? = nil
    }

    init() {}

    /// Builds the markup of `inlines`.
    init(_ inlines: [Inline], environment: Environment) throws {
        try append(inlines, environment)
    }

    /// Appends plain text, escaped.
    mutating func appendText(_ text: String) {
        markup += escapeMarkup(text)
        textLength += text.utf8.count
    }

    /// Appends markup whose text is known to be `text` (e.g. a fixed span around escaped text).
    mutating func appendRaw(_ rawMarkup: String, textLength length: Int) {
        markup += rawMarkup
        textLength += length
    }

    mutating func append(_ inlines: [Inline], _ environment: Environment) throws {
        for inline in inlines { try append(inline, environment) }
    }

    mutating func append(_ inline: Inline, _ environment: Environment) throws {
        switch inline {
        case .text(let text):
            let line = text.utf8.contains(10) ? text.replacingOccurrences(of: "\n", with: " ") : text
            appendText(environment.hyphenator?.softHyphenated(line) ?? line)
        case .emphasis(let content):
            markup += "<i>"
            try append(content, environment)
            markup += "</i>"
        case .strong(let content):
            markup += "<b>"
            try append(content, environment)
            markup += "</b>"
        case .code(let code):
            let size = Int((environment.fontSize * 0.88 * Double(PANGO_SCALE)).rounded())
            markup += "<span font_family=\"\(environment.style.monospace.family)\" size=\"\(size)\""
                + " foreground=\"\(environment.style.inlineCodeColor)\" insert_hyphens=\"false\">"
            appendText(breakable(code: code.utf8.contains(10) ? code.replacingOccurrences(of: "\n", with: " ") : code))
            markup += "</span>"
        case .math(let formula):
            if let math = environment.math, InlineMathObject.needsBox(formula.nodes) {
                try appendMath(formula, stackingFractionsWith: math, environment)
                return
            }
            let mathMarkup = MathRenderer.markup(for: formula)
            _ = try parsedText(of: mathMarkup, chapter: environment.chapterTitle)
            let bound = bindingSpaces(inMath: mathMarkup)
            let text = try parsedText(of: bound, chapter: environment.chapterTitle)
            markup += bound
            textLength += text.utf8.count
        case .link(let url, let content):
            let start = textLength
            markup += "<span foreground=\"\(environment.style.linkColor)\" insert_hyphens=\"false\">"
            var unhyphenated = environment
            unhyphenated.hyphenator = nil
            try append(content, unhyphenated)
            markup += "</span>"
            links.append(LinkSpan(start: start, end: textLength, target: .uri(url)))
        case .internalLink(let label, let content):
            let entry = try environment.numbering.resolve(label, fromChapter: environment.chapterIndex)
            let start = textLength
            markup += "<span foreground=\"\(environment.style.linkColor)\">"
            try append(content, environment)
            markup += "</span>"
            links.append(LinkSpan(start: start, end: textLength, target: .destination(entry.destination)))
        case .reference(let label), .referenceNumber(let label):
            let entry = try environment.numbering.resolve(label, fromChapter: environment.chapterIndex)
            let text: String
            if case .reference = inline {
                text = entry.reference.replacingOccurrences(of: " ", with: "\u{00A0}")
            } else {
                text = entry.number
            }
            let start = textLength
            markup += "<span foreground=\"\(environment.style.linkColor)\">"
            appendText(text)
            markup += "</span>"
            links.append(LinkSpan(start: start, end: textLength, target: .destination(entry.destination)))
        case .lineBreak:
            appendText("\u{2028}")
        }
    }

    /// A formula with fractions, set as TeX sets `$\sigma^2 = \frac{1}{N} \sum_i x_i^2$` in a
    /// paragraph: each node that holds a fraction becomes a stacked box in text style
    /// (`InlineMathObject`), the nodes between stay Pango markup. A thin space separates a box from
    /// a neighbouring factor (TeX's space between an inner atom and an ordinary one); word joiners
    /// keep the line from breaking between a box and the formula or punctuation around it.
    private mutating func appendMath(
        _ formula: MathFormula, stackingFractionsWith math: MathLayout, _ environment: Environment
    ) throws {
        let wordJoiner = "\u{2060}"
        let nodes = formula.nodes
        var run: [MathNode] = []
        var previous: MathNode?
        func appendRun() throws {
            guard !run.isEmpty else { return }
            let markup = bindingSpaces(inMath: MathRenderer.markup(for: run, after: previous))
            let text = try parsedText(of: markup, chapter: environment.chapterTitle)
            appendRaw(markup, textLength: text.utf8.count)
            previous = run.last { !$0.isSpace } ?? previous
            run = []
        }
        for (index, node) in nodes.enumerated() {
            guard InlineMathObject.needsBox([node]) else {
                run.append(node)
                continue
            }
            try appendRun()
            let next = nodes[(index + 1)...].first { !$0.isSpace }
            if previous != nil {
                appendRaw(wordJoiner, textLength: wordJoiner.utf8.count)
                if InlineMathObject.isFactor(previous) { appendText("\u{202F}") }
            }
            let box = InlineMathObject.anchored(try math.layout([node], style: .text), math: math)
            objects.append(InlineMathObject(start: textLength, text: MathNode.linearText(at: index, in: nodes), box: box))
            appendRaw(InlineMathObject.replacement, textLength: InlineMathObject.replacement.utf8.count)
            appendRaw(wordJoiner, textLength: wordJoiner.utf8.count)
            if InlineMathObject.isFactor(next) { appendText("\u{202F}") }
            previous = node
        }
        try appendRun()
    }

    /// Appends another builder's markup, shifting its links.
    mutating func append(_ other: InlineMarkup) {
        links += other.links.map {
            LinkSpan(start: $0.start + textLength, end: $0.end + textLength, target: $0.target)
        }
        objects += other.objects.map { InlineMathObject(start: $0.start + textLength, text: $0.text, box: $0.box) }
        markup += other.markup
        textLength += other.textLength
    }

    /// Wraps everything so far in `<span attributes>…</span>`.
    mutating func wrap(inSpan attributes: String) {
        markup = "<span \(attributes)>" + markup + "</span>"
    }
}

/// Makes the spaces of an inline formula non-breaking, except after a relation (`=`, `≈`, `≤`,
/// `←`, …), so that a line breaks inside a formula only where TeX would: `E[y] =` / `a`, never
/// `(1 −` / `p)`.
func bindingSpaces(inMath markup: String) -> String {
    let relations: Set<Character> = ["=", "≈", "≠", "≤", "≥", "←", "→", "⇒", "∝", "≡", ";", ","]
    var result = ""
    var insideTag = false
    var previous: Character = " "
    for character in markup {
        if character == "<" { insideTag = true }
        if !insideTag && character == " " && !relations.contains(previous) {
            result.append("\u{00A0}")
        } else {
            result.append(character)
        }
        if character == ">" { insideTag = false } else if !insideTag && character != " " { previous = character }
    }
    return result
}

/// Long inline code (a signature, a path) gets invisible break opportunities (zero-width spaces)
/// after `/ . ( : ,`, so that a justified line need not stretch its spaces around an unbreakable
/// run; short code stays whole.
func breakable(code: String) -> String {
    guard code.count > 16 else { return code }
    var result = ""
    let characters = Array(code)
    for (index, character) in characters.enumerated() {
        result.append(character)
        // Never leave a closing parenthesis (or nothing) to start the next line.
        guard index + 1 < characters.count, characters[index + 1] != ")" else { continue }
        if "/.(:,".contains(character) { result.append("\u{200B}") }
    }
    return result
}

/// Escapes `&`, `<`, `>`, `"` and `'` for Pango markup.
func escapeMarkup(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for character in text {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&apos;"
        default: result.append(character)
        }
    }
    return result
}

/// The text of Pango markup, or a thrown ``TypesettingError/invalidMarkup(_:chapter:reason:)``.
func parsedText(of markup: String, chapter: String) throws -> String {
    var text: UnsafeMutablePointer<CChar>?
    var error: UnsafeMutablePointer<GError>?
    let ok = pango_parse_markup(markup, -1, 0, nil, &text, nil, &error)
    defer {
        if let text { g_free(text) }
        if let error { g_error_free(error) }
    }
    guard ok != 0, let text else {
        let reason = error.map { String(cString: $0.pointee.message) } ?? "unknown error"
        throw TypesettingError.invalidMarkup(markup, chapter: chapter, reason: reason)
    }
    return String(cString: text)
}

/// The fenced directives a lesson can use (`:::{name} argument`), and the options each accepts.
public enum DirectiveKind: String, CaseIterable, Sendable {
    /// `:::{figure} result-name` — a figure recorded by the run; body = caption.
    case figure
    /// `:::{table} result-name` — a table recorded by the run; body = caption. Without a name, the
    /// body holds a Markdown table and its caption.
    case table
    /// `:::{snippet} snippet-name` — the code between `// snippet: name` and `// end-snippet` in
    /// Sources/; body = optional caption.
    case snippet
    /// `:::{math}` — a display formula; body = TeX-like math.
    case math
    /// `:::{takeaway} optional title` — a key-takeaway box.
    case takeaway
    /// `:::{pitfall} optional title` — a box warning of a common mistake.
    case pitfall
    /// `:::{exam-tip} optional title` — a box with advice for the exam.
    case examTip = "exam-tip"
    /// `:::{note} optional title` — a box with an aside.
    case note
    /// `:::{exercise} grader-id` — a graded exercise; body = the task.
    case exercise
    /// `:::{pagebreak}` — start the next block on a new page.
    case pageBreak = "pagebreak"
    /// `:::{claim} claim-id` — the text for this run's verdict of a claim (`holds:`, `mixed:`,
    /// `fails:` lines in the body); it joins the surrounding paragraph.
    case claim
    /// `:::{quiz}` — a quick check: a question, then options `- [x] right` / `- [ ] wrong` (or
    /// `- [claim-id: holds] …`, right when this run's verdict is one of those listed), each with
    /// its explanation indented under it.
    case quiz
    /// `:::{explorer} result-name` — an interactive figure over frames recorded with
    /// `results.record(explorer:named:configuration:)`; body = caption.
    case explorer

    /// The `:key:` options the directive understands.
    public var allowedOptions: Set<String> {
        switch self {
        case .figure: return ["label", "width"]
        case .table: return ["label", "formats", "align"]
        case .snippet: return ["label", "caption"]
        case .math: return ["label"]
        case .takeaway, .pitfall, .examTip, .note: return ["title"]
        case .exercise: return ["title", "label", "command"]
        case .pageBreak, .claim: return []
        case .quiz: return ["label", "multiple"]
        case .explorer: return ["label", "width", "pdf-frames", "animate"]
        }
    }

    /// Alternative spellings authors of MyST or Quarto documents might type.
    static let aliases: [String: DirectiveKind] = [
        "key-takeaway": .takeaway, "tip": .examTip, "warning": .pitfall, "caution": .pitfall,
        "important": .takeaway, "listing": .snippet, "page-break": .pageBreak,
        "quick-check": .quiz, "interactive": .explorer,
    ]

    /// The kind for `name` (or one of its aliases), nil if unknown.
    public init?(name: String) {
        if let kind = DirectiveKind(rawValue: name) {
            self = kind
        } else if let kind = Self.aliases[name] {
            self = kind
        } else {
            return nil
        }
    }

    /// Every accepted name, for suggestions.
    static var allNames: [String] { allCases.map(\.rawValue) + aliases.keys }
}

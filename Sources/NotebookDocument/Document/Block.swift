/// A block of a chapter, in reading order.
///
/// Blocks that can be referred to carry an optional `label`; the typesetter numbers them (see
/// ``Document``) and makes them targets of internal links.
public enum Block: Sendable {
    /// A section heading. Level 1 is a section ("2 Inverted dropout"), level 2 a subsection
    /// ("2.1 …"), level 3 an unnumbered run-in heading. (The chapter title is above level 1; a
    /// lesson's `# Title` line becomes the chapter title, not a heading block.) Levels 1 and 2 get
    /// PDF bookmarks.
    case heading(Heading)
    /// A paragraph of running text.
    case paragraph([Inline])
    /// A code listing in the monospace font, with light syntax colouring for Swift.
    case code(CodeBlock)
    /// A formula on its own line, centred; numbered "(n)" at the right margin if it has a label.
    case displayMath(DisplayMath)
    /// A numbered figure drawn as vector graphics, with a caption ("Figure 3: …").
    case figure(FigureBlock)
    /// A numbered table with a caption ("Table 1: …").
    case table(TableBlock)
    /// A boxed aside with a coloured bar: key takeaway, pitfall, exam tip or note.
    case callout(CalloutBlock)
    /// A numbered graded exercise; listed in the course's index of exercises.
    case exercise(ExerciseBlock)
    /// A bulleted or numbered list; each item is a sequence of blocks.
    case list(ListBlock)
    /// A quick check: a question with options and an explanation per option ("Quick check n").
    case quiz(QuizBlock)
    /// An interactive figure over a swept parameter's recorded frames; numbered as a figure.
    case explorer(ExplorerBlock)
    /// A quotation, set indented.
    case blockQuote([Block])
    /// A horizontal rule between paragraphs.
    case thematicBreak
    /// Start the next block on a new page.
    case pageBreak
    /// A numbered list of cited works ("[3] Authors. Title. *Venue*, year. doi:…"); each entry is
    /// the target of the citations that link to it (label ``Reference/label``).
    case references(ReferenceList)
}

/// The works cited in a chapter, or in the whole course (see ``Block/references(_:)``).
public struct ReferenceList: Sendable {
    /// One numbered work.
    public struct Entry: Sendable {
        /// The number printed as "[3]", in order of first citation (alphabetical in the appendix).
        public var number: Int
        public var reference: Reference

        public init(number: Int, reference: Reference) {
            self.number = number
            self.reference = reference
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    /// The works numbered 1, 2, … in the order given.
    public init(_ references: [Reference]) {
        entries = references.enumerated().map { Entry(number: $0.offset + 1, reference: $0.element) }
    }
}

/// A section heading (see ``Block/heading(_:)``).
public struct Heading: Sendable {
    /// 1 = section, 2 = subsection, 3 = unnumbered paragraph heading.
    public var level: Int
    public var content: [Inline]
    /// Label for "Section 2.1" references. Only numbered headings of level 1 and 2 can be referred
    /// to; a reference to any other heading's label fails as unknown.
    public var label: String?
    /// Whether levels 1 and 2 get a number (e.g. "Exercises" or "Summary" may not want one).
    public var numbered: Bool

    public init(level: Int, _ content: [Inline], label: String? = nil, numbered: Bool = true) {
        self.level = level
        self.content = content
        self.label = label
        self.numbered = numbered
    }
}

/// A code listing (see ``Block/code(_:)``). Numbered "Listing n" when it has a caption or label.
public struct CodeBlock: Sendable {
    /// The language for syntax colouring: `"swift"` is coloured; anything else is set plain.
    public var language: String?
    /// The code, lines separated by `"\n"`, without a trailing newline. Tabs count as 4 spaces.
    public var code: String
    /// Caption under the listing, after "Listing n:".
    public var caption: [Inline]?
    /// Where the code comes from, e.g. `"Sources/NeuralKit/Layers/Dropout.swift, snippet forward"`;
    /// printed in small type in the listing's caption line.
    public var source: String?
    public var label: String?

    public init(
        language: String? = "swift", code: String, caption: [Inline]? = nil, source: String? = nil,
        label: String? = nil
    ) {
        self.language = language
        self.code = code
        self.caption = caption
        self.source = source
        self.label = label
    }
}

/// A display formula (see ``Block/displayMath(_:)``).
public struct DisplayMath: Sendable {
    /// The formula's lines (`\\` in the source separates them), centred one under another.
    public var lines: [MathFormula]
    /// When set, the equation is numbered "(n)" and can be referred to as "Equation (n)".
    public var label: String?

    public init(lines: [MathFormula], label: String? = nil) {
        self.lines = lines
        self.label = label
    }

    /// A one-line formula.
    public init(_ formula: MathFormula, label: String? = nil) {
        self.init(lines: [formula], label: label)
    }
}

/// A figure (see ``Block/figure(_:)``). Always numbered.
public struct FigureBlock: Sendable {
    /// What to draw. Drawn as vector graphics, scaled to fit the text width (or `widthFraction`
    /// of it) keeping the figure's aspect ratio.
    public var drawing: any DrawableFigure
    /// The caption after "Figure n:"; it should carry the configuration that made the figure
    /// (data set, seed, p, λ, epochs).
    public var caption: [Inline]
    public var label: String?
    /// Width as a fraction of the text width, in (0, 1]; `nil` uses the figure's natural size,
    /// shrunk to the text width if wider.
    public var widthFraction: Double?

    public init(
        drawing: any DrawableFigure, caption: [Inline], label: String? = nil,
        widthFraction: Double? = nil
    ) {
        self.drawing = drawing
        self.caption = caption
        self.label = label
        self.widthFraction = widthFraction
    }
}

/// A table (see ``Block/table(_:)``). Always numbered; the caption goes above the table.
public struct TableBlock: Sendable {
    /// How a column's cells are aligned.
    public enum Alignment: Sendable, Equatable {
        case left, center, right
    }

    /// Header cells, one per column.
    public var header: [[Inline]]
    /// Body rows; each row has one cell per column (a shorter row is padded with empty cells).
    public var rows: [[[Inline]]]
    /// One alignment per column; missing entries are `.left`. Numbers read best `.right`.
    public var alignments: [Alignment]
    public var caption: [Inline]
    public var label: String?

    public init(
        header: [[Inline]], rows: [[[Inline]]], alignments: [Alignment] = [], caption: [Inline],
        label: String? = nil
    ) {
        self.header = header
        self.rows = rows
        self.alignments = alignments
        self.caption = caption
        self.label = label
    }
}

/// A boxed aside (see ``Block/callout(_:)``).
public struct CalloutBlock: Sendable {
    /// The kind decides the colour of the bar and the default title.
    public enum Kind: Sendable, Equatable, CaseIterable {
        case keyTakeaway, pitfall, examTip, note

        /// "Key takeaway", "Pitfall", "Exam tip", "Note".
        public var defaultTitle: String {
            switch self {
            case .keyTakeaway: return "Key takeaway"
            case .pitfall: return "Pitfall"
            case .examTip: return "Exam tip"
            case .note: return "Note"
            }
        }
    }

    public var kind: Kind
    /// The title in the box's first line; `kind.defaultTitle` when `nil`.
    public var title: [Inline]?
    public var blocks: [Block]

    public init(kind: Kind, title: [Inline]? = nil, blocks: [Block]) {
        self.kind = kind
        self.title = title
        self.blocks = blocks
    }
}

/// A graded exercise (see ``Block/exercise(_:)``), printed as "Exercise n: title" with its text
/// and the command that grades it, and listed in the course's index of exercises.
public struct ExerciseBlock: Sendable {
    /// The grader's identifier, e.g. `"dropout-forward"`.
    public var identifier: String
    public var title: [Inline]
    public var blocks: [Block]
    /// The command that checks a solution, e.g. `"swift run grade dropout-forward"`.
    public var command: String?
    public var label: String?

    public init(
        identifier: String, title: [Inline], blocks: [Block], command: String? = nil,
        label: String? = nil
    ) {
        self.identifier = identifier
        self.title = title
        self.blocks = blocks
        self.command = command
        self.label = label
    }
}

/// A list (see ``Block/list(_:)``).
public struct ListBlock: Sendable {
    /// Numbered (`1.`, `2.`, …) when `true`, bulleted when `false`.
    public var ordered: Bool
    /// The first number of an ordered list.
    public var start: Int
    /// Each item is a sequence of blocks (usually one paragraph; nested lists are allowed).
    public var items: [[Block]]

    public init(ordered: Bool, start: Int = 1, items: [[Block]]) {
        self.ordered = ordered
        self.start = start
        self.items = items
    }
}

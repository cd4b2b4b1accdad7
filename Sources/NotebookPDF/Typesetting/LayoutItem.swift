import NotebookDocument

/// A decorated region that spans several layout items and may be split between pages: a call-out
/// or exercise box, the background of a code listing, the bar of a quotation.
final class Frame {
    enum Style {
        /// A tinted box with a coloured bar on the left.
        case box(BoxColors)
        /// A light grey box with a thin border.
        case code
        /// A grey bar on the left.
        case quote
    }

    let style: Style
    let x: Double
    let width: Double
    let paddingTop: Double
    let paddingBottom: Double

    init(style: Style, x: Double, width: Double, paddingTop: Double, paddingBottom: Double) {
        self.style = style
        self.x = x
        self.width = width
        self.paddingTop = paddingTop
        self.paddingBottom = paddingBottom
    }
}

/// Drawing code for an unsplittable item: `(cairo context, x, y of the item's top-left corner)`.
typealias AtomicDrawing = (OpaquePointer, Double, Double) throws -> Void

/// Something drawn in pieces that may be split between pages (the rows of a long table).
struct SplittableDrawing {
    /// The number of pieces.
    var unitCount: Int
    /// The height of pieces `range` drawn together (including any heading repeated on a new page).
    var height: (Range<Int>) -> Double
    /// Draws pieces `range` with their top-left corner at `(x, y)`.
    var draw: (OpaquePointer, Double, Double, Range<Int>) throws -> Void
}

/// What a layout item holds.
enum ItemContent {
    /// Lines of text, splittable between any two lines.
    case text(TextLayout)
    /// Pieces splittable between any two (table rows).
    case pieces(SplittableDrawing)
    /// Something drawn whole: a figure, a table, a formula, a title block.
    case atomic(height: Double, draw: AtomicDrawing)
    /// The top edge of a frame; its height is the frame's top padding.
    case frameStart(Frame)
    /// The bottom edge of a frame; its height is the frame's bottom padding.
    case frameEnd(Frame)
    /// Start a new page (after placing any figure still waiting).
    case pageBreak
}

/// The element of the PDF's structure tree (tagged PDF) that an item's content belongs to: `P`,
/// `H1`…`H4`, `Figure`, `Formula`, `Table`, `Code`, `Caption`; figures and formulas carry the
/// alternative text a screen reader speaks.
struct StructureTag {
    var name: String
    var alternativeText: String?
    /// For a `Formula`: the text that stands for its glyphs when the PDF is copied or read as text
    /// (PDF `/ActualText`), e.g. the formula on one line and its equation number.
    var actualText: String?

    init(_ name: String, alternativeText: String? = nil, actualText: String? = nil) {
        self.name = name
        self.alternativeText = alternativeText
        self.actualText = actualText
    }
}

/// What is begun before an item that opens enclosing structure elements.
enum StructureOpening: Equatable {
    /// Begins the element (it ends with a later item's `closesStructure`).
    case element(String)
    /// Draws the item's marker as a list item's label (`Lbl`, begun and ended around it).
    case label
}

/// An entry of the PDF outline (bookmarks).
struct OutlineEntry {
    var title: String
    /// 0 = top level.
    var level: Int
    var bold = false
}

/// One item of the flat sequence the composer makes from a document and the paginator breaks into
/// pages: a heading, a paragraph, a code listing, a figure, a frame edge, …
struct LayoutItem {
    var content: ItemContent
    /// Left edge, in page coordinates.
    var x: Double
    var spaceBefore = 0.0
    var spaceAfter = 0.0
    /// Never the last item on a page (headings, captions above things).
    var keepWithNext = false
    /// May wait for the next page when it does not fit, letting the following text go first
    /// (figures and tables).
    var isFloat = false
    /// Figures and tables still waiting are placed before this item (the colophon).
    var isFloatBarrier = false
    /// Items with the same group are kept on one page when they fit on one.
    var group: Int?
    /// PDF destinations at the item's top.
    var destinations: [String] = []
    /// A bookmark pointing at the item's top.
    var outline: OutlineEntry?
    /// The text of the running header from this item on (a section title).
    var runningSection: String?
    /// The chapter that starts with this item (its page gets no running header); -1 for the
    /// opening of the contents or the index of exercises.
    var startsChapter: Int?
    /// This item is the title page (no header, no page number).
    var isTitlePage = false
    /// The structure element of the item's content in the tagged PDF.
    var structure: StructureTag?
    /// A list bullet or number, drawn left of the first line at `markerX`.
    var marker: TextLayout?
    var markerX = 0.0
    /// Structure elements that enclose this item and the ones after it (a list's `L`, an item's
    /// `LI` and `LBody`), begun before the item's first piece is drawn, outermost first.
    var opensStructure: [StructureOpening] = []
    /// How many enclosing structure elements end after the item's last piece is drawn.
    var closesStructure = 0

    init(_ content: ItemContent, x: Double) {
        self.content = content
        self.x = x
    }

    /// The pieces the item can be split into (lines of text; 1 for anything else).
    var unitCount: Int {
        switch content {
        case .text(let layout): return layout.lines.count
        case .pieces(let drawing): return drawing.unitCount
        default: return 1
        }
    }

    /// The height of units `range`.
    func height(of range: Range<Int>) -> Double {
        switch content {
        case .text(let layout): return layout.height(of: range)
        case .pieces(let drawing): return range.isEmpty ? 0 : drawing.height(range)
        case .atomic(let height, _): return range.isEmpty ? 0 : height
        case .frameStart(let frame): return frame.paddingTop
        case .frameEnd(let frame): return frame.paddingBottom
        case .pageBreak: return 0
        }
    }

    var height: Double { height(of: 0..<unitCount) }

    var isSplittable: Bool {
        switch content {
        case .text, .pieces: return true
        default: return false
        }
    }
}

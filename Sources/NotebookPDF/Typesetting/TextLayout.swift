import CPangoCairo
import Foundation
import NotebookDocument
import Plots

/// Where a link inside a piece of text points.
enum LinkTarget: Hashable {
    /// A named destination inside the PDF.
    case destination(String)
    /// A web address.
    case uri(String)

    /// The attributes of cairo's `Link` tag (with the single quotes in the value escaped).
    var cairoAttributes: String {
        switch self {
        case .destination(let name): return "dest='\(LinkTarget.quote(name))'"
        case .uri(let uri): return "uri='\(LinkTarget.quote(uri))'"
        }
    }

    static func quote(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }
}

/// A link over the byte range `start..<end` of a layout's text.
struct LinkSpan: Hashable {
    var start: Int
    var end: Int
    var target: LinkTarget
}

/// A paragraph of Pango markup laid out at a fixed width, measured line by line, so that it can be
/// split between pages. Owns its `PangoLayout`.
final class TextLayout {
    /// The vertical extent of one line, relative to the top of the layout.
    struct Line {
        var top: Double
        var bottom: Double
        var baseline: Double
        /// The x offset of the line's start (alignment, indentation).
        var x: Double
        var width: Double
        var startIndex: Int
        var length: Int
        var height: Double { bottom - top }
    }

    let layout: OpaquePointer
    let lines: [Line]
    let links: [LinkSpan]
    /// Where the inline formulas' boxes are in the text (byte offsets).
    let objectStarts: [Int]
    /// The width the text was laid out in (or its natural width if not wrapped).
    let width: Double
    /// Whether the lines (all but the last) are stretched to the full width.
    let justified: Bool
    /// The same text unjustified, the gaps of each justified line, and the loose lines drawn
    /// from the natural layout: measured when first drawn or asked for (a course is composed up
    /// to three times but drawn once).
    private struct Justification {
        var natural: OpaquePointer
        var stretches: [(index: Int, ratio: Double, text: String)]
        var loose: Set<Int>
    }
    private var measuredJustification: Justification?
    private var justification: Justification? {
        guard justified, lines.count > 1, let width = wrapWidth else { return nil }
        if let measuredJustification { return measuredJustification }
        let (natural, stretches) = PangoLayoutLock.withLock {
            Self.measureStretches(of: layout, lines: lines, width: width)
        }
        let result = Justification(
            natural: natural, stretches: stretches,
            loose: Set(stretches.filter { $0.ratio > Self.maximumStretch }.map(\.index)))
        measuredJustification = result
        return result
    }
    private let wrapWidth: Double?

    /// Lays out `markup` (already validated) with `font`.
    /// - Parameters:
    ///   - width: the wrapping width in points; `nil` lays out a single unwrapped paragraph.
    ///   - lineSpacing: the line height as a multiple of the font's height (Pango's factor).
    init(
        markup: String, font: FontSpec, width: Double?, alignment: PangoAlignment = PANGO_ALIGN_LEFT,
        justify: Bool = false, lineSpacing: Double = 0, indent: Double = 0,
        wrap: PangoWrapMode = PANGO_WRAP_WORD,
        links: [LinkSpan] = [], objects: [InlineMathObject] = [], context: OpaquePointer
    ) {
        // Under the process-wide lock: Pango computes a font's metrics on first use with a
        // global recursion guard, so two threads laying out text at once can spoil each other's
        // line breaks (see `PangoLayoutLock`).
        let (layout, lines, naturalWidth, placed) = PangoLayoutLock.withLock {
            Self.lay(markup: markup, font: font, width: width, alignment: alignment, justify: justify,
                     lineSpacing: lineSpacing, indent: indent, wrap: wrap, objects: objects, context: context)
        }
        self.layout = layout
        self.lines = lines
        self.links = links
        self.objectStarts = placed.map(\.start)
        self.justified = justify && width != nil
        self.wrapWidth = width
        self.width = width ?? naturalWidth
    }

    /// Makes and measures the Pango layout: the layout, its lines, its natural width, and the
    /// inline formulas where they were placed.
    private static func lay(
        markup: String, font: FontSpec, width: Double?, alignment: PangoAlignment, justify: Bool,
        lineSpacing: Double, indent: Double, wrap: PangoWrapMode, objects: [InlineMathObject], context: OpaquePointer
    ) -> (OpaquePointer, [Line], Double, [InlineMathObject]) {
        var objects = objects
        let layout = pango_layout_new(context)!
        let description = font.makeDescription()
        pango_layout_set_font_description(layout, description)
        pango_font_description_free(description)
        pango_layout_set_markup(layout, markup, -1)
        InlineMathObject.attach(objects, to: layout)
        if let width {
            pango_layout_set_width(layout, Int32((width * Double(PANGO_SCALE)).rounded()))
            pango_layout_set_wrap(layout, wrap)
        }
        pango_layout_set_alignment(layout, alignment)
        pango_layout_set_justify(layout, justify ? 1 : 0)
        if lineSpacing > 0 { pango_layout_set_line_spacing(layout, Float(lineSpacing)) }
        if indent != 0 { pango_layout_set_indent(layout, Int32(indent * Double(PANGO_SCALE))) }
        if let width, wrap == PANGO_WRAP_WORD {
            // Word wrapping cannot break a run with no break opportunity (a 5,000-character word,
            // a long URL or code, words joined by no-break spaces): that line would run off the
            // page. Only then, allow breaks between characters inside such a run.
            var logical = PangoRectangle()
            pango_layout_get_extents(layout, nil, &logical)
            if Double(logical.x + logical.width) / Double(PANGO_SCALE) > width + 0.5 {
                pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
                // A break between characters needs no hyphenation points, and Pango does not
                // leave room for the hyphen it would print at a soft hyphen chosen in this mode
                // (lines overflowed by 0.6 pt): drop the soft hyphens of such a paragraph.
                let softHyphen = String(Hyphenator.softHyphen)
                if markup.contains(softHyphen) {
                    // The formulas move back by the soft hyphens' bytes before them.
                    let text = Array(UnsafeBufferPointer(start: UnsafeRawPointer(pango_layout_get_text(layout)!)
                        .assumingMemoryBound(to: UInt8.self), count: Int(strlen(pango_layout_get_text(layout)!))))
                    let moved = objects.map { object in
                        var shifted = object
                        let before = text[..<object.start]
                        shifted.start -= zip(before, before.dropFirst()).filter { $0 == (0xC2, 0xAD) }.count * 2
                        return shifted
                    }
                    pango_layout_set_markup(layout, markup.replacingOccurrences(of: softHyphen, with: ""), -1)
                    InlineMathObject.attach(moved, to: layout)
                    objects = moved
                }
            }
        }
        var measured: [Line] = []
        let iterator = pango_layout_get_iter(layout)
        repeat {
            var top: Int32 = 0
            var bottom: Int32 = 0
            pango_layout_iter_get_line_yrange(iterator, &top, &bottom)
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iterator, nil, &logical)
            let line = pango_layout_iter_get_line_readonly(iterator)!
            measured.append(
                Line(
                    top: Double(top) / Double(PANGO_SCALE),
                    bottom: Double(bottom) / Double(PANGO_SCALE),
                    baseline: Double(pango_layout_iter_get_baseline(iterator)) / Double(PANGO_SCALE),
                    x: Double(logical.x) / Double(PANGO_SCALE),
                    width: Double(logical.width) / Double(PANGO_SCALE),
                    startIndex: Int(line.pointee.start_index),
                    length: Int(line.pointee.length)))
        } while pango_layout_iter_next_line(iterator) != 0
        pango_layout_iter_free(iterator)
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        return (layout, measured, Double(logical.width) / Double(PANGO_SCALE), objects)
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(layout))
        if let natural = measuredJustification?.natural { g_object_unref(UnsafeMutableRawPointer(natural)) }
    }

    /// The widest inter-word gap a justified line may have, as a multiple of a normal space; a
    /// line that would need more (before a long unbreakable word, a URL or code) is set at its
    /// natural width instead, flush left, as TeX leaves an underfull line rather than tearing it.
    static let maximumStretch = 2.5

    /// For each justified line (all but the last, and not before a forced break): the width of its
    /// inter-word gaps as printed, as a multiple of a normal space, and the line's text.
    func interwordStretches() -> [(ratio: Double, text: String)] {
        (justification?.stretches ?? []).map { ($0.ratio > Self.maximumStretch ? 1 : $0.ratio, $0.text) }
    }

    /// Measures the gaps of each justified line. Pango breaks lines before it justifies them, so
    /// the same layout unjustified has the same lines at their natural widths.
    private static func measureStretches(of layout: OpaquePointer, lines: [Line], width: Double)
        -> (natural: OpaquePointer, stretches: [(index: Int, ratio: Double, text: String)])
    {
        let natural = pango_layout_copy(layout)!
        pango_layout_set_justify(natural, 0)
        let space = pango_layout_copy(layout)!
        defer { g_object_unref(UnsafeMutableRawPointer(space)) }
        pango_layout_set_attributes(space, nil)
        pango_layout_set_text(space, "x x", -1)
        var spaced = PangoRectangle()
        pango_layout_get_extents(space, nil, &spaced)
        pango_layout_set_text(space, "xx", -1)
        var unspaced = PangoRectangle()
        pango_layout_get_extents(space, nil, &unspaced)
        let spaceWidth = Double(spaced.width - unspaced.width) / Double(PANGO_SCALE)
        let text = pango_layout_get_text(layout)!
        var result: [(Int, Double, String)] = []
        for index in 0..<(lines.count - 1) {
            let line = lines[index]
            let bytes = UnsafeRawBufferPointer(start: text + line.startIndex, count: line.length)
            let lineText = String(decoding: bytes, as: UTF8.self)
            if lineText.hasSuffix("\u{2028}") || lineText.hasSuffix("\n") { continue }
            let gaps = lineText.trimmingCharacters(in: .whitespaces).filter { $0 == " " }.count
            guard gaps > 0, spaceWidth > 0 else { continue }
            var logical = PangoRectangle()
            pango_layout_line_get_extents(pango_layout_get_line_readonly(natural, Int32(index)), nil, &logical)
            let extra = max(0, width - Double(logical.width) / Double(PANGO_SCALE))
            result.append((index, (spaceWidth + extra / Double(gaps)) / spaceWidth, lineText))
        }
        return (natural, result)
    }

    /// The Pango line drawn for line `index`: the justified one, or the natural one if it is loose.
    private func pangoLine(_ index: Int) -> UnsafeMutablePointer<PangoLayoutLine> {
        guard let justification, justification.loose.contains(index) else {
            return pango_layout_get_line_readonly(layout, Int32(index))
        }
        return pango_layout_get_line_readonly(justification.natural, Int32(index))
    }

    /// The height of all lines.
    var height: Double { (lines.last?.bottom ?? 0) - (lines.first?.top ?? 0) }

    /// The height of lines `range`.
    func height(of range: Range<Int>) -> Double {
        guard !range.isEmpty else { return 0 }
        return lines[range.upperBound - 1].bottom - lines[range.lowerBound].top
    }

    /// The baseline of the first line, from the layout's top.
    var firstBaseline: Double { lines.first.map { $0.baseline - $0.top } ?? 0 }

    /// Draws lines `range` with the top of the first one at `(x, y)`, and tags the links in them.
    func draw(lines range: Range<Int>, at x: Double, _ y: Double, on context: OpaquePointer) {
        guard !range.isEmpty else { return }
        let origin = lines[range.lowerBound].top
        for index in range {
            let line = lines[index]
            let baselineY = y + line.baseline - origin
            cairo_move_to(context, x + line.x, baselineY)
            pango_cairo_show_layout_line(context, pangoLine(index))
            tagLinks(in: index, lineTop: y + line.top - origin, on: context, x: x)
        }
    }

    /// Whether the lines `range` hold links or inline formulas, which are structure elements of
    /// their own inside the element the text belongs to (see `StructureTags`).
    func hasInlineElements(inLines range: Range<Int>) -> Bool {
        guard !range.isEmpty, !(links.isEmpty && objectStarts.isEmpty) else { return false }
        let start = lines[range.lowerBound].startIndex
        let end = lines[range.upperBound - 1].startIndex + lines[range.upperBound - 1].length
        return links.contains { $0.start < end && $0.end > start } || objectStarts.contains { $0 >= start && $0 < end }
    }

    var hasInlineElements: Bool { hasInlineElements(inLines: 0..<lines.count) }

    /// Draws every line with the top of the layout at `(x, y)`.
    func draw(at x: Double, _ y: Double, on context: OpaquePointer) {
        draw(lines: 0..<lines.count, at: x, y, on: context)
    }

    private func tagLinks(in lineIndex: Int, lineTop: Double, on context: OpaquePointer, x: Double) {
        let line = lines[lineIndex]
        let lineEnd = line.startIndex + line.length
        for link in links where link.start < lineEnd && link.end > line.startIndex {
            let start = max(link.start, line.startIndex)
            let end = min(link.end, lineEnd)
            let pangoLine = pangoLine(lineIndex)
            var startX: Int32 = 0
            var endX: Int32 = 0
            pango_layout_line_index_to_x(pangoLine, Int32(start), 0, &startX)
            pango_layout_line_index_to_x(pangoLine, Int32(end), 0, &endX)
            let left = x + line.x + Double(min(startX, endX)) / Double(PANGO_SCALE)
            let width = Double(abs(endX - startX)) / Double(PANGO_SCALE)
            guard width > 0 else { continue }
            let rect = "rect=[\(format(left)) \(format(lineTop)) \(format(width)) \(format(line.height))]"
            StructureTags.begin(StructureTag("Link"), attributes: "\(link.target.cairoAttributes) \(rect)", on: context)
            StructureTags.endInline("Link", on: context)
        }
    }
}

/// A number with at most two decimals, for cairo tag attributes (independent of locale).
func format(_ value: Double) -> String {
    let rounded = (value * 100).rounded() / 100
    return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
}

import CPangoCairo
import NotebookDocument

/// A stacked fraction set inside a line of text, the way TeX sets `$\frac{1}{1-p}$` in a
/// paragraph: a smaller fraction centred on the math axis instead of `1/(1 − p)` on one line. The
/// paragraph holds an object replacement character (U+FFFC) where the fraction goes, with a Pango
/// shape attribute of the box's size; Pango breaks and justifies the line around it, and the shape
/// renderer of the document's Pango context (`InlineMathObject.installRenderer`) draws the box as
/// a `Formula` structure element whose alternative and actual text is the fraction on one line
/// (see `StructureTags`), so that it reads and copies as `1/(1 − p)` in its place in the sentence.
struct InlineMathObject: Hashable {
    /// The byte offset of the replacement character in the paragraph's text.
    var start: Int
    /// The fraction on one line (`1/(1 − p)`); with `start`, what makes two objects the same, for
    /// `TextLayoutCache`.
    var text: String
    var box: MathBox

    static let replacement = "\u{FFFC}"

    static func == (a: InlineMathObject, b: InlineMathObject) -> Bool { a.start == b.start && a.text == b.text }
    func hash(into hasher: inout Hasher) {
        hasher.combine(start)
        hasher.combine(text)
    }

    /// Whether `nodes` ask for a stacked fraction anywhere (the only formulas set as boxes in text).
    static func needsBox(_ nodes: [MathNode]) -> Bool {
        nodes.contains { node in
            switch node {
            case .fraction: return true
            case .bold(let inner), .squareRoot(let inner), .group(let inner): return needsBox(inner)
            case .accent(let base, _): return needsBox(base)
            case .delimited(_, let body, _): return needsBox(body)
            case .scripts(let base, let lower, let upper):
                return needsBox([base]) || needsBox(lower ?? []) || needsBox(upper ?? [])
            default: return false
            }
        }
    }

    /// `box` between two space glyphs on the baseline, one at its left edge and one ending at its
    /// right edge. A text extractor puts a marked-content sequence's actual text where the
    /// sequence's first glyph begins and ends it where the last glyph ends: without the first, a
    /// numerator raised above the line (λ₂ over 2) would put the fraction's text on a line of its
    /// own; without the last, the gap to a following comma would read as a space. The spaces have
    /// no ink, and the box keeps its size.
    static func anchored(_ box: MathBox, math: MathLayout) -> MathBox {
        let anchor = math.text(" ", style: .text)
        return MathBox(width: box.width, ascent: box.ascent, descent: box.descent, italicCorrection: box.italicCorrection) {
            cairo, x, baseline in
            anchor.draw(cairo, x, baseline)
            box.draw(cairo, x, baseline)
            anchor.draw(cairo, x + box.width - anchor.width, baseline)
        }
    }

    /// Whether `node`, next to a fraction's box, is a factor that TeX separates from it by a thin
    /// space (not an operator, relation, punctuation or delimiter, which bring their own spacing).
    static func isFactor(_ node: MathNode?) -> Bool {
        switch node {
        case nil, .binary?, .relation?, .punctuation?, .opening?, .closing?, .space?: return false
        default: return true
        }
    }

    /// The box and its text, retained by the shape attribute that carries them.
    final class Holder {
        let box: MathBox
        let text: String
        init(_ object: InlineMathObject) {
            box = object.box
            text = object.text
        }
    }

    /// Adds a shape attribute for each object to `layout`'s attributes.
    static func attach(_ objects: [InlineMathObject], to layout: OpaquePointer) {
        guard !objects.isEmpty else { return }
        let list = pango_layout_get_attributes(layout).map { pango_attr_list_copy($0)! } ?? pango_attr_list_new()!
        defer { pango_attr_list_unref(list) }
        let scale = Double(PANGO_SCALE)
        for object in objects {
            var logical = PangoRectangle(
                x: 0, y: Int32((-object.box.ascent * scale).rounded()), width: Int32((object.box.width * scale).rounded()),
                height: Int32((object.box.height * scale).rounded()))
            var ink = logical
            let data = Unmanaged.passRetained(Holder(object)).toOpaque()
            let attribute = pango_attr_shape_new_with_data(&ink, &logical, data, retainHolder, releaseHolder)!
            attribute.pointee.start_index = guint(object.start)
            attribute.pointee.end_index = guint(object.start + replacement.utf8.count)
            pango_attr_list_insert(list, attribute)
        }
        pango_layout_set_attributes(layout, list)
    }

    /// Makes Pango draw the objects of every layout of `context`.
    static func installRenderer(on context: OpaquePointer) {
        pango_cairo_context_set_shape_renderer(context, drawShape, nil, nil)
    }
}

/// Pango copies an attribute (and its data) when it splits runs: one more reference to the holder.
private let retainHolder: PangoAttrDataCopyFunc = { data in
    guard let data else { return nil }
    _ = Unmanaged<InlineMathObject.Holder>.fromOpaque(data).retain()
    return UnsafeMutableRawPointer(mutating: data)
}

private let releaseHolder: GDestroyNotify = { data in
    guard let data else { return }
    Unmanaged<InlineMathObject.Holder>.fromOpaque(data).release()
}

/// Draws a shape attribute's box with its origin at cairo's current point (Pango moves there: the
/// left end of the shape's baseline), as a `Formula` structure element (see `StructureTags`).
private let drawShape: PangoCairoShapeRendererFunc = { cairo, attribute, doPath, _ in
    guard let cairo, let attribute, doPath == 0, let data = attribute.pointee.data else { return }
    let holder = Unmanaged<InlineMathObject.Holder>.fromOpaque(data).takeUnretainedValue()
    var x = 0.0
    var y = 0.0
    cairo_get_current_point(cairo, &x, &y)
    StructureTags.begin(StructureTag("Formula", alternativeText: holder.text, actualText: holder.text), on: cairo)
    holder.box.draw(cairo, x, y)
    StructureTags.endInline("Formula", on: cairo)
}

import CPangoCairo
import Foundation
import Synchronization

/// The size of a laid-out text in points: `width` × `height` of Pango's logical box, and the
/// `baseline` measured from its top.
struct TextSize: Sendable {
    var width: Double
    var height: Double
    var baseline: Double
}

/// Lays out and draws text with Pango on a Cairo context, at 72 dpi so that a 9 pt label is
/// 9 units tall in PNG, PDF and SVG alike.
///
/// A label is Pango markup when it parses as markup (`<i>p</i>`, `L<sub>2</sub>`); otherwise
/// it is shown as plain text, so `a < b` or `R&D` need no escaping.
///
/// Text is laid out in user space (points), never in the device space of the context's
/// transformation: Cairo then scales the laid-out glyphs like any other drawing. Pango 1.50
/// sizes and shifts `<sub>` and `<sup>` from the font as it is in device space, so on a PNG
/// drawn at scale 2 (or a figure scaled into a PDF page) a subscript came out about twice too
/// large and on the baseline (`max<sub>c</sub>` read "maxC"). Laid out in user space, a label
/// measures and draws the same at every scale.
struct TextRenderer {
    let context: OpaquePointer
    let family: String

    /// Font options shared by all surfaces: no hinting, so text metrics (and hence layout) are
    /// the same in PNG, PDF and SVG.
    static func applyFontOptions(to context: OpaquePointer) {
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        cairo_set_font_options(context, options)
        cairo_font_options_destroy(options)
    }

    /// A Pango layout of `text` in `style`; the caller releases it with `g_object_unref`.
    func makeLayout(_ text: String, _ style: TextStyle) -> OpaquePointer {
        let layout = pango_cairo_create_layout(context)!
        let pangoContext = pango_layout_get_context(layout)
        // User space, not the context's transformation (see the type's comment).
        pango_context_set_matrix(pangoContext, nil)
        pango_cairo_context_set_resolution(pangoContext, 72)
        // Setting the resolution empties Pango's font caches, so only when it is not 72 yet.
        let fontMap = OpaquePointer(pango_context_get_font_map(pangoContext))
        if pango_cairo_font_map_get_resolution(fontMap) != 72 {
            pango_cairo_font_map_set_resolution(fontMap, 72)
        }
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        pango_cairo_context_set_font_options(pangoContext, options)
        cairo_font_options_destroy(options)
        pango_layout_context_changed(layout)

        let font = pango_font_description_new()
        pango_font_description_set_family(font, family)
        pango_font_description_set_absolute_size(font, style.size * 1024)
        pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        pango_layout_set_font_description(layout, font)
        pango_font_description_free(font)

        if Self.isMarkup(text) {
            pango_layout_set_markup(layout, text, -1)
        } else {
            pango_layout_set_text(layout, text, -1)
        }
        return layout
    }

    /// Whether `text` contains markup that Pango accepts.
    static func isMarkup(_ text: String) -> Bool {
        guard text.contains("<") || text.contains("&") else { return false }
        var error: UnsafeMutablePointer<GError>?
        let ok = pango_parse_markup(text, -1, 0, nil, nil, nil, &error)
        if let error { g_error_free(error) }
        return ok != 0
    }

    static func size(of layout: OpaquePointer) -> TextSize {
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        return TextSize(
            width: Double(logical.width) / 1024, height: Double(logical.height) / 1024,
            baseline: Double(pango_layout_get_baseline(layout)) / 1024)
    }

    func measure(_ text: String, _ style: TextStyle) -> TextSize {
        PangoLayoutLock.withLock {
            let layout = makeLayout(text, style)
            defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
            return Self.size(of: layout)
        }
    }

    /// Draws `text` so that the point of its box named by `anchor` is at (x, y), rotated by
    /// `angle` radians (counter-clockwise on screen for positive angles) about that point.
    /// Returns the box in unrotated coordinates.
    @discardableResult
    func draw(_ text: String, x: Double, y: Double, style: TextStyle, anchor: TextAnchor, angle: Double = 0) -> PlotRect {
        // Made and drawn under the lock: Pango's font caches are shared.
        PangoLayoutLock.withLock { drawLocked(text, x: x, y: y, style: style, anchor: anchor, angle: angle) }
    }

    private func drawLocked(_ text: String, x: Double, y: Double, style: TextStyle, anchor: TextAnchor, angle: Double) -> PlotRect {
        let layout = makeLayout(text, style)
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        let size = Self.size(of: layout)
        let left = -size.width * anchor.horizontal
        let top = -size.height * anchor.vertical
        cairo_save(context)
        cairo_translate(context, x, y)
        if angle != 0 { cairo_rotate(context, -angle) }
        cairo_move_to(context, left, top)
        cairo_set_source_rgba(context, style.color.red, style.color.green, style.color.blue, style.color.alpha)
        // No `pango_cairo_update_layout`: it would lay the text out again in device space.
        pango_cairo_show_layout(context, layout)
        cairo_restore(context)
        return PlotRect(x: x + left, y: y + top, width: size.width, height: size.height)
    }
}

/// Checks once per font family that fontconfig has the font itself, not a substitute.
enum FontCheck {
    private static let verified = Mutex<[String: String]>([:])

    /// Throws `PlotError.missingFont` when `family` resolves to another family.
    static func require(_ family: String) throws {
        if let found = verified.withLock({ $0[family] }) {
            if found.lowercased() != family.lowercased() {
                throw PlotError.missingFont(family: family, substitute: found)
            }
            return
        }
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 1, 1)
        let context = cairo_create(surface)
        defer {
            cairo_destroy(context)
            cairo_surface_destroy(surface)
        }
        let layout = pango_cairo_create_layout(context)!
        defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
        let description = pango_font_description_new()
        pango_font_description_set_family(description, family)
        pango_font_description_set_absolute_size(description, 10 * 1024)
        defer { pango_font_description_free(description) }
        var found = "(none)"
        if let font = pango_context_load_font(pango_layout_get_context(layout), description) {
            let loaded = pango_font_describe(font)
            if let name = pango_font_description_get_family(loaded) { found = String(cString: name) }
            pango_font_description_free(loaded)
            g_object_unref(UnsafeMutableRawPointer(font))
        }
        verified.withLock { $0[family] = found }
        if found.lowercased() != family.lowercased() {
            throw PlotError.missingFont(family: family, substitute: found)
        }
    }
}

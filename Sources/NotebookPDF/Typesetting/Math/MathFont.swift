import CPangoCairo
import NotebookDocument

/// The OpenType MATH font that display formulas are set in: its constants (axis height, fraction
/// rule, script shifts, limit gaps, radical gaps, in points) and its glyph variants (the display
/// size of `∑`, taller parentheses and radical signs), read with HarfBuzz from the font Pango
/// loads, and drawn as glyphs with cairo.
///
/// The font is DejaVu Math TeX Gyre (Debian's `fonts-dejavu-extra`), made to match the DejaVu Serif
/// of the text. The values follow the OpenType MATH table; the layout rules that use them
/// (`MathLayout`) are TeX's (The TeXbook, appendix G).
final class MathFont {
    /// The family Pango is asked for.
    static let family = "DejaVu Math TeX Gyre"

    /// A glyph of the math font with its ink extents, in points, relative to its origin on the
    /// baseline (ascent up, descent down).
    struct Glyph {
        var index: UInt32
        var advance: Double
        var inkLeft: Double
        var inkWidth: Double
        var ascent: Double
        var descent: Double
        var height: Double { ascent + descent }
    }

    /// The size in points.
    let size: Double
    private let font: UnsafeMutablePointer<PangoFont>
    private let hbFont: OpaquePointer
    /// The cairo font the glyphs are drawn with.
    let scaledFont: OpaquePointer
    /// Points per HarfBuzz unit.
    private let pointsPerUnit: Double

    /// Loads the math font at `size` points in `context`'s font map; throws when the font is not
    /// installed (fontconfig would silently substitute another one).
    init(size: Double, context: OpaquePointer) throws {
        self.size = size
        let description = pango_font_description_new()!
        pango_font_description_set_family(description, Self.family)
        pango_font_description_set_absolute_size(description, size * Double(PANGO_SCALE))
        defer { pango_font_description_free(description) }
        guard let font = pango_font_map_load_font(pango_context_get_font_map(context), context, description)
        else { throw TypesettingError.invalidDocument(Self.missingFontMessage) }
        let loaded = pango_font_describe(font)!
        let family = String(cString: pango_font_description_get_family(loaded))
        pango_font_description_free(loaded)
        guard family == Self.family else {
            g_object_unref(UnsafeMutableRawPointer(font))
            throw TypesettingError.invalidDocument(Self.missingFontMessage + " (fontconfig offered \(family))")
        }
        self.font = font
        hbFont = pango_font_get_hb_font(font)
        scaledFont = pango_cairo_font_get_scaled_font(OpaquePointer(font))
        var xScale: Int32 = 0
        var yScale: Int32 = 0
        hb_font_get_scale(hbFont, &xScale, &yScale)
        pointsPerUnit = size / Double(yScale)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(font)) }

    static let missingFontMessage =
        "the math font '\(family)' is not installed; run scripts/setup.sh (Debian package fonts-dejavu-extra)"

    /// A MATH table constant in points (or, for the two percentages, the percentage).
    func constant(_ constant: hb_ot_math_constant_t) -> Double {
        let value = Double(hb_ot_math_get_constant(hbFont, constant))
        if constant == HB_OT_MATH_CONSTANT_SCRIPT_PERCENT_SCALE_DOWN
            || constant == HB_OT_MATH_CONSTANT_SCRIPT_SCRIPT_PERCENT_SCALE_DOWN
        {
            return value
        }
        return value * pointsPerUnit
    }

    /// The glyph the font maps `scalar` to, or `nil` if it has none.
    func glyph(for scalar: Unicode.Scalar) -> Glyph? {
        var index: hb_codepoint_t = 0
        guard hb_font_get_nominal_glyph(hbFont, scalar.value, &index) != 0 else { return nil }
        return glyph(index: index)
    }

    /// The glyph with font index `index`, measured.
    func glyph(index: UInt32) -> Glyph {
        var glyph = cairo_glyph_t(index: UInt(index), x: 0, y: 0)
        var extents = cairo_text_extents_t()
        cairo_scaled_font_glyph_extents(scaledFont, &glyph, 1, &extents)
        return Glyph(
            index: index, advance: extents.x_advance, inkLeft: extents.x_bearing, inkWidth: extents.width,
            ascent: -extents.y_bearing, descent: extents.height + extents.y_bearing)
    }

    /// The vertical (`vertical: true`) or horizontal size variants of `glyph`, smallest first,
    /// starting with the glyph itself.
    func variants(of glyph: Glyph, vertical: Bool) -> [Glyph] {
        var count: UInt32 = 16
        var variants = [hb_ot_math_glyph_variant_t](repeating: hb_ot_math_glyph_variant_t(), count: 16)
        let direction = vertical ? HB_DIRECTION_TTB : HB_DIRECTION_LTR
        _ = hb_ot_math_get_glyph_variants(hbFont, glyph.index, direction, 0, &count, &variants)
        let found = variants.prefix(Int(count)).map { self.glyph(index: $0.glyph) }
        return found.first?.index == glyph.index ? found : [glyph] + found
    }

    /// The smallest vertical variant of `scalar` at least `height` points tall (ink), or the
    /// tallest there is.
    func verticalVariant(of scalar: Unicode.Scalar, atLeast height: Double) -> Glyph? {
        guard let base = glyph(for: scalar) else { return nil }
        let all = variants(of: base, vertical: true)
        return all.first { $0.height >= height } ?? all.last
    }

    /// The widest horizontal variant of `scalar` no wider than `width` points (ink), or the
    /// glyph itself.
    func horizontalVariant(of scalar: Unicode.Scalar, atMost width: Double) -> Glyph? {
        guard let base = glyph(for: scalar) else { return nil }
        return variants(of: base, vertical: false).last { $0.inkWidth <= width } ?? base
    }

    /// Draws `glyph` with its origin at `(x, baseline)`, in the current source colour.
    func draw(_ glyph: Glyph, at x: Double, _ baseline: Double, on cairo: OpaquePointer) {
        cairo_set_scaled_font(cairo, scaledFont)
        var drawn = cairo_glyph_t(index: UInt(glyph.index), x: x, y: baseline)
        cairo_show_glyphs(cairo, &drawn, 1)
    }
}

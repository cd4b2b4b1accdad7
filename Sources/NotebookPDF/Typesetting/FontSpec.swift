import CPangoCairo
import NotebookDocument

/// A font: family, size in points, weight and style.
struct FontSpec: Hashable {
    var family: String
    var size: Double
    var bold = false
    var italic = false

    func makeDescription() -> OpaquePointer {
        let description = pango_font_description_new()!
        pango_font_description_set_family(description, family)
        pango_font_description_set_size(description, Int32((size * Double(PANGO_SCALE)).rounded()))
        pango_font_description_set_weight(description, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL)
        pango_font_description_set_style(description, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        return description
    }

    func with(size: Double? = nil, bold: Bool? = nil, italic: Bool? = nil) -> FontSpec {
        FontSpec(
            family: family, size: size ?? self.size, bold: bold ?? self.bold,
            italic: italic ?? self.italic)
    }
}

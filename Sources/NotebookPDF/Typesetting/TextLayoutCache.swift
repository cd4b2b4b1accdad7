import CPangoCairo

/// The text layouts of one document, by everything that determines them: a document whose page
/// numbers must settle is composed two or three times, and the running header is the same on
/// every page, so the same paragraph is laid out once, not once per pass (or per page).
///
/// A ``TextLayout`` is immutable once made (its justification is measured once, on demand), so
/// items of different passes may share one.
final class TextLayoutCache {
    struct Key: Hashable {
        var markup: String
        var font: FontSpec
        var width: Double?
        var alignment: UInt32
        var justify: Bool
        var lineSpacing: Double
        var indent: Double
        var wrap: UInt32
        var links: [LinkSpan]
        var objects: [InlineMathObject]
    }

    private var layouts: [Key: TextLayout] = [:]

    /// The layout of `markup` with these settings (see ``TextLayout/init``), made on first use.
    func layout(
        markup: String, font: FontSpec, width: Double?, alignment: PangoAlignment = PANGO_ALIGN_LEFT,
        justify: Bool = false, lineSpacing: Double = 0, indent: Double = 0, wrap: PangoWrapMode = PANGO_WRAP_WORD,
        links: [LinkSpan] = [], objects: [InlineMathObject] = [], context: OpaquePointer
    ) -> TextLayout {
        let key = Key(
            markup: markup, font: font, width: width, alignment: alignment.rawValue, justify: justify,
            lineSpacing: lineSpacing, indent: indent, wrap: wrap.rawValue, links: links, objects: objects)
        if let layout = layouts[key] { return layout }
        let layout = TextLayout(
            markup: markup, font: font, width: width, alignment: alignment, justify: justify,
            lineSpacing: lineSpacing, indent: indent, wrap: wrap, links: links, objects: objects, context: context)
        layouts[key] = layout
        return layout
    }
}

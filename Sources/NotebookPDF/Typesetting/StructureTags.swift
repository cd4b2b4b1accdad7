import CPangoCairo

/// The structure tags of a PDF being drawn. Every structure tag of the typesetter is begun and
/// ended here, for two reasons:
/// - **All text is tagged.** Cairo 1.16 marks content only for *leaf* elements: once an element
///   has a child (a paragraph with a link or an inline formula, a caption with a citation), the
///   element's own text is drawn outside the structure, invisible to a screen reader. So an
///   element that will hold inline children puts its text into `Span` children: one from its
///   beginning to its first inline child, and one after each inline child until the next tag.
/// - **What `TaggedPDFFinisher` needs**, in drawing order: the alternative text of each `Figure`
///   and `Formula`, and the actual text of each `Formula` (the formula on one line, which replaces
///   its glyphs when the PDF is copied or read as text).
///
/// Inline fractions are drawn by Pango's shape renderer, deep inside a paragraph's drawing, and
/// links by the text layout: they find the tags through the cairo context they are attached to
/// (the static functions; on a context without them they call cairo directly).
final class StructureTags {
    private(set) var alternatives: [String: [String]] = [:]
    private(set) var formulaActualTexts: [String] = []
    /// Whether a `Span` holds the enclosing element's text (see above).
    private var spanOpen = false

    /// Begins an element and records its texts. `inlineChildren`: the element will hold inline
    /// elements (links, formulas), so its own text goes into `Span`s.
    func begin(_ structure: StructureTag, attributes: String = "", inlineChildren: Bool = false, on cairo: OpaquePointer) {
        closeSpan(on: cairo)
        cairo_tag_begin(cairo, structure.name, attributes)
        record(structure)
        if inlineChildren { openSpan(on: cairo) }
    }

    func end(_ name: String, on cairo: OpaquePointer) {
        closeSpan(on: cairo)
        cairo_tag_end(cairo, name)
    }

    /// Ends an element inside a line of text; what the line and its paragraph draw next goes into
    /// a `Span` of the enclosing element.
    func endInline(_ name: String, on cairo: OpaquePointer) {
        end(name, on: cairo)
        openSpan(on: cairo)
    }

    private func openSpan(on cairo: OpaquePointer) {
        cairo_tag_begin(cairo, "Span", "")
        spanOpen = true
    }

    private func closeSpan(on cairo: OpaquePointer) {
        guard spanOpen else { return }
        spanOpen = false
        cairo_tag_end(cairo, "Span")
    }

    /// Records an element's alternative text and, for a formula, its actual text.
    private func record(_ structure: StructureTag) {
        if let alternative = structure.alternativeText {
            alternatives[structure.name, default: []].append(alternative)
        }
        if structure.name == "Formula" { formulaActualTexts.append(structure.actualText ?? structure.alternativeText ?? "") }
    }

    // MARK: - Through the cairo context

    /// Begins an element on whatever `cairo` draws (see the instance method).
    static func begin(
        _ structure: StructureTag, attributes: String = "", inlineChildren: Bool = false, on cairo: OpaquePointer
    ) {
        guard let tags = attached(to: cairo) else { return cairo_tag_begin(cairo, structure.name, attributes) }
        tags.begin(structure, attributes: attributes, inlineChildren: inlineChildren, on: cairo)
    }

    static func end(_ name: String, on cairo: OpaquePointer) {
        guard let tags = attached(to: cairo) else { return cairo_tag_end(cairo, name) }
        tags.end(name, on: cairo)
    }

    static func endInline(_ name: String, on cairo: OpaquePointer) {
        guard let tags = attached(to: cairo) else { return cairo_tag_end(cairo, name) }
        tags.endInline(name, on: cairo)
    }

    /// Attaches these tags to `cairo` (retained until they are detached or the context is
    /// destroyed).
    func attach(to cairo: OpaquePointer) {
        cairo_set_user_data(cairo, StructureTags.key, Unmanaged.passRetained(self).toOpaque()) { data in
            if let data { Unmanaged<StructureTags>.fromOpaque(data).release() }
        }
    }

    static func detach(from cairo: OpaquePointer) {
        cairo_set_user_data(cairo, key, nil, nil)
    }

    /// The tags attached to `cairo`, if any.
    static func attached(to cairo: OpaquePointer) -> StructureTags? {
        guard let data = cairo_get_user_data(cairo, key) else { return nil }
        return Unmanaged<StructureTags>.fromOpaque(data).takeUnretainedValue()
    }

    /// The key's address is what identifies it to cairo: one allocation for the process.
    nonisolated(unsafe) private static let key: UnsafeMutablePointer<cairo_user_data_key_t> = {
        let key = UnsafeMutablePointer<cairo_user_data_key_t>.allocate(capacity: 1)
        key.initialize(to: cairo_user_data_key_t())
        return key
    }()
}

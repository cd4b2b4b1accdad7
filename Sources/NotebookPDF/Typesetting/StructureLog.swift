import CPangoCairo

/// What the page renderer tells `TaggedPDFFinisher` about the structure elements it drew, in
/// drawing order: the alternative text of each `Figure` and `Formula`, and the actual text of each
/// `Formula` (the formula on one line, which replaces its glyphs when the PDF is copied or read as
/// text: a stacked fraction reads `1/(1 − p)`, not a numerator on the line above).
///
/// Inline fractions are drawn by Pango's shape renderer, deep inside a paragraph's drawing; they
/// find the log through the cairo context it is attached to.
final class StructureLog {
    private(set) var alternatives: [String: [String]] = [:]
    private(set) var formulaActualTexts: [String] = []

    func record(_ structure: StructureTag) {
        if let alternative = structure.alternativeText {
            alternatives[structure.name, default: []].append(alternative)
        }
        if structure.name == "Formula" { formulaActualTexts.append(structure.actualText ?? structure.alternativeText ?? "") }
    }

    func recordFormula(alternativeText: String, actualText: String) {
        record(StructureTag("Formula", alternativeText: alternativeText, actualText: actualText))
    }

    // MARK: - Attached to a cairo context

    /// Attaches the log to `cairo` (retained until it is detached or the context is destroyed).
    func attach(to cairo: OpaquePointer) {
        cairo_set_user_data(cairo, StructureLog.key, Unmanaged.passRetained(self).toOpaque()) { data in
            if let data { Unmanaged<StructureLog>.fromOpaque(data).release() }
        }
    }

    static func detach(from cairo: OpaquePointer) {
        cairo_set_user_data(cairo, key, nil, nil)
    }

    /// The log attached to `cairo`, if any.
    static func attached(to cairo: OpaquePointer) -> StructureLog? {
        guard let data = cairo_get_user_data(cairo, key) else { return nil }
        return Unmanaged<StructureLog>.fromOpaque(data).takeUnretainedValue()
    }

    /// The key's address is what identifies it to cairo: one allocation for the process.
    nonisolated(unsafe) private static let key: UnsafeMutablePointer<cairo_user_data_key_t> = {
        let key = UnsafeMutablePointer<cairo_user_data_key_t>.allocate(capacity: 1)
        key.initialize(to: cairo_user_data_key_t())
        return key
    }()
}

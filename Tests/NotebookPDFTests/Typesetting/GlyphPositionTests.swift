import Testing

@testable import NotebookPDF

/// Text is set with the advances the font gives its glyphs, not rounded to whole points (Pango's
/// default at 72 dpi), so letter spacing is the font designer's.
@Suite struct GlyphPositionTests {
    @Test("ten d's in 10 pt DejaVu Serif are 64 pt wide (6.40 pt each), not 60 pt (rounded to 6 pt)")
    func advancesAreNotRounded() {
        let width = PDFTypesetter.withPangoContext { context in
            TextLayout(markup: String(repeating: "d", count: 10), font: FontSpec(family: "DejaVu Serif", size: 10), width: nil, context: context).width
        }
        // DejaVu Serif's `d` advances 1311 of 2048 units: 6.40 pt at 10 pt.
        #expect(abs(width - 10 * 10 * 1311 / 2048) < 0.05, "width \(width) pt")
    }
}

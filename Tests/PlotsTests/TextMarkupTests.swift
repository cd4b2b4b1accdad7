import CPangoCairo
import Foundation
import Testing
@testable import Plots

/// Markup in labels (`<sub>`, `<sup>`, `<i>`) is drawn as typography, never as its tags, and
/// the same at every output scale (PNG at scale 2, a figure scaled into a PDF page).
@Suite struct TextMarkupTests {
    /// The distillation lesson's reliability-diagram axis label.
    static let confidenceLabel = "confidence max<sub><i>c</i></sub> <i>p<sub>c</sub></i>"

    /// Where one character of a laid-out text sits: its logical box in points.
    struct Glyph {
        var top: Double
        var height: Double
        var bottom: Double { top + height }
    }

    /// Lays out `text` at 9 pt on a context scaled by `scale` and returns the text Pango shows
    /// (markup removed) and the logical box of each character.
    func layOut(_ text: String, scale: Double) throws -> (shown: String, glyphs: [Glyph]) {
        let surface = try #require(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10))
        let context = try #require(cairo_create(surface))
        defer {
            cairo_destroy(context)
            cairo_surface_destroy(surface)
        }
        cairo_scale(context, scale, scale)
        TextRenderer.applyFontOptions(to: context)
        let renderer = TextRenderer(context: context, family: Theme.standard.fontFamily)
        return PangoLayoutLock.withLock {
            let layout = renderer.makeLayout(text, TextStyle(size: 9))
            defer { g_object_unref(UnsafeMutableRawPointer(layout)) }
            let shown = String(cString: pango_layout_get_text(layout))
            var glyphs = [Glyph]()
            for index in shown.utf8.indices {
                var box = PangoRectangle()
                pango_layout_index_to_pos(layout, Int32(shown.utf8.distance(from: shown.utf8.startIndex, to: index)), &box)
                glyphs.append(Glyph(top: Double(box.y) / 1024, height: Double(box.height) / 1024))
            }
            return (shown, glyphs)
        }
    }

    @Test("a subscript is drawn smaller and lower than the text, not as its tags, at every scale",
          arguments: [1.0, 2.0, 0.83])
    func subscriptIsSmallerAndLower(scale: Double) throws {
        let (shown, glyphs) = try layOut("max<sub>c</sub>", scale: scale)
        #expect(shown == "maxc")
        let base = glyphs[0]
        let subscripted = glyphs[3]
        #expect(subscripted.height < 0.8 * base.height, "subscript box \(subscripted) vs text \(base)")
        #expect(subscripted.bottom > base.bottom + 0.5, "subscript box \(subscripted) is not below the text's \(base)")
    }

    @Test("a superscript is drawn smaller and higher than the text", arguments: [1.0, 2.0])
    func superscriptIsSmallerAndHigher(scale: Double) throws {
        let (shown, glyphs) = try layOut("x<sup>2</sup>", scale: scale)
        #expect(shown == "x2")
        #expect(glyphs[1].height < 0.8 * glyphs[0].height)
        #expect(glyphs[1].top < glyphs[0].top - 0.5, "superscript box \(glyphs[1]) is not above the text's \(glyphs[0])")
    }

    @Test("the reliability diagram's axis label shows no tags, and its subscripts are smaller")
    func reliabilityLabel() throws {
        #expect(TextRenderer.isMarkup(Self.confidenceLabel))
        let (shown, glyphs) = try layOut(Self.confidenceLabel, scale: 2)
        #expect(shown == "confidence maxc pc")
        #expect(!shown.contains("<") && !shown.contains(">"))
        let c = Array(shown.utf8.indices).enumerated().filter { shown.utf8[$0.element] == UInt8(ascii: "c") }.map(\.offset)
        // Two c's in "confidence", then the two subscripts.
        #expect(c.count == 4)
        for index in c.dropFirst(2) {
            #expect(glyphs[index].height < 0.8 * glyphs[c[0]].height)
            #expect(glyphs[index].bottom > glyphs[c[0]].bottom + 0.5)
        }
    }

    @Test("a label with markup measures the same at scale 1, 2 and 0.83")
    func measureIsScaleFree() throws {
        var sizes = [TextSize]()
        for scale in [1.0, 2.0, 0.83] {
            let surface = try #require(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 10, 10))
            let context = try #require(cairo_create(surface))
            cairo_scale(context, scale, scale)
            TextRenderer.applyFontOptions(to: context)
            sizes.append(TextRenderer(context: context, family: Theme.standard.fontFamily).measure(Self.confidenceLabel, TextStyle(size: 9)))
            cairo_destroy(context)
            cairo_surface_destroy(surface)
        }
        for size in sizes.dropFirst() {
            #expect(abs(size.width - sizes[0].width) < 1e-6 && abs(size.height - sizes[0].height) < 1e-6,
                    "\(size) differs from the size at scale 1, \(sizes[0])")
        }
    }
}

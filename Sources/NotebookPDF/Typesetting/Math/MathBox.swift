import CPangoCairo
import Plots
import NotebookDocument

/// A laid-out piece of a formula: a box with a width, a height above the baseline (`ascent`) and a
/// depth below it (`descent`), in points, and the code that draws it with its origin (left end of
/// the baseline) at a given point. Boxes nest: a fraction is a box of two boxes and a rule.
struct MathBox {
    var width: Double
    var ascent: Double
    var descent: Double
    /// How far an italic glyph leans out past its advance (a superscript moves right by this much).
    var italicCorrection = 0.0
    /// Draws the box: `(cairo, x, baseline)`.
    var draw: (OpaquePointer, Double, Double) -> Void

    var height: Double { ascent + descent }

    /// An empty box of `width` (a space, a kern).
    static func kern(_ width: Double) -> MathBox {
        MathBox(width: width, ascent: 0, descent: 0) { _, _, _ in }
    }

    /// Boxes side by side on one baseline, each shifted up by its `raise`.
    static func row(_ parts: [(box: MathBox, x: Double, raise: Double)], width: Double) -> MathBox {
        let ascent = parts.map { $0.box.ascent + $0.raise }.max() ?? 0
        let descent = parts.map { $0.box.descent - $0.raise }.max() ?? 0
        return MathBox(width: width, ascent: max(ascent, 0), descent: max(descent, 0)) { cairo, x, baseline in
            for part in parts { part.box.draw(cairo, x + part.x, baseline - part.raise) }
        }
    }

    /// A filled rule (fraction bar, radical overbar) of `width` × `thickness` whose bottom edge is
    /// `bottom` above the baseline.
    static func rule(width: Double, thickness: Double, bottom: Double) -> MathBox {
        MathBox(width: width, ascent: bottom + thickness, descent: max(-bottom, 0)) { cairo, x, baseline in
            cairo_rectangle(cairo, x, baseline - bottom - thickness, width, thickness)
            cairo_fill(cairo)
        }
    }
}

/// A run of text set with Pango (variables, digits, operator names, `\text{…}`), measured by its
/// ink: TeX sets formulas by the heights and depths of the glyphs, not by the font's line height.
final class MathTextRun {
    let layout: OpaquePointer
    let width: Double
    let ascent: Double
    let descent: Double
    let italicCorrection: Double
    private let baseline: Double

    init(_ text: String, font: FontSpec, context: OpaquePointer) {
        var ink = PangoRectangle()
        var logical = PangoRectangle()
        var baselineUnits: Int32 = 0
        // Under the process-wide lock, as every Pango layout (see `PangoLayoutLock`).
        layout = PangoLayoutLock.withLock {
            let layout = pango_layout_new(context)!
            let description = font.makeDescription()
            pango_layout_set_font_description(layout, description)
            pango_font_description_free(description)
            pango_layout_set_text(layout, text, -1)
            pango_layout_get_extents(layout, &ink, &logical)
            baselineUnits = pango_layout_get_baseline(layout)
            return layout
        }
        let scale = Double(PANGO_SCALE)
        baseline = Double(baselineUnits) / scale
        width = Double(logical.width) / scale
        if ink.height == 0 {
            ascent = 0
            descent = 0
        } else {
            ascent = baseline - Double(ink.y) / scale
            descent = Double(ink.y + ink.height) / scale - baseline
        }
        italicCorrection = max(0, Double(ink.x + ink.width - logical.x - logical.width) / scale)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(layout)) }

    var box: MathBox {
        MathBox(width: width, ascent: ascent, descent: descent, italicCorrection: italicCorrection) {
            cairo, x, baseline in
            cairo_move_to(cairo, x, baseline - self.baseline)
            pango_cairo_show_layout(cairo, self.layout)
        }
    }
}

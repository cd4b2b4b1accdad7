import CPangoCairo
import Foundation
import Testing

@testable import NotebookDocument
@testable import NotebookPDF

@Suite(.serialized) struct MathLayoutTests {
    /// Lays out `formula` in `style` at 10 pt and hands the box to `body`.
    func box<Result>(_ formula: String, style: MathStyle = .display, _ body: (MathBox, MathLayout) throws -> Result)
        throws -> Result
    {
        let nodes = try MathFormula(formula).nodes
        return try PDFTypesetter.withPangoContext { context in
            let layout = MathLayout(size: 10, textFamily: "DejaVu Serif", context: context)
            return try body(try layout.layout(nodes, style: style), layout)
        }
    }

    /// The rows (from the top) that have dark pixels when `box` is drawn at 10 px per point.
    func inkedRows(of box: MathBox, columns: ClosedRange<Double>? = nil) -> (rows: [Int], baseline: Int) {
        let scale = 10.0
        let margin = 4.0
        let width = Int((box.width + 2 * margin) * scale)
        let height = Int((box.height + 2 * margin) * scale)
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(width), Int32(height))!
        let cairo = cairo_create(surface)!
        cairo_set_source_rgb(cairo, 1, 1, 1)
        cairo_paint(cairo)
        cairo_scale(cairo, scale, scale)
        cairo_set_source_rgb(cairo, 0, 0, 0)
        box.draw(cairo, margin, margin + box.ascent)
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        let firstColumn = columns.map { Int(($0.lowerBound + margin) * scale) } ?? 0
        let lastColumn = columns.map { Int(($0.upperBound + margin) * scale) } ?? width - 1
        var rows: [Int] = []
        for row in 0..<height {
            let inked = (firstColumn...lastColumn).contains { column in
                data[row * stride + column * 4] < 128  // blue channel of a dark pixel
            }
            if inked { rows.append(row) }
        }
        cairo_destroy(cairo)
        cairo_surface_destroy(surface)
        return (rows, Int((margin + box.ascent) * scale))
    }

    @Test("a display fraction is a stack: numerator above a rule on the math axis above the denominator")
    func stackedFraction() throws {
        try box(#"\frac{\quad}{\quad}"#) { fraction, layout in
            // Only the rule has ink: one band of rows, around the axis above the baseline.
            let (rows, baseline) = inkedRows(of: fraction)
            #expect(!rows.isEmpty)
            #expect(rows.last! - rows.first! < 12, "the rule is one thin band, rows \(rows)")
            let axis = try layout.font(.display).constant(HB_OT_MATH_CONSTANT_AXIS_HEIGHT)
            let ruleMiddle = Double(rows.first! + rows.last!) / 2
            #expect(abs((Double(baseline) - ruleMiddle) / 10 - axis) < 0.3)
            #expect(fraction.width > 10, "the rule spans the one-em numerator")
        }
        try box(#"\frac{1}{1}"#) { fraction, _ in
            // Numerator ink, a gap, the rule, a gap, denominator ink: three bands (a "1" has no
            // hole, so the middle columns cross each glyph in one band).
            let (rows, _) = inkedRows(of: fraction, columns: fraction.width * 0.45...fraction.width * 0.55)
            let bands = zip(rows, rows.dropFirst()).filter { $1 - $0 > 1 }.count + 1
            #expect(bands == 3, "expected numerator, rule and denominator, got \(bands) bands")
            #expect(fraction.ascent > 8 && fraction.descent > 4, "stacked: \(fraction.ascent) above, \(fraction.descent) below")
        }
    }

    @Test("a sum takes its limits above and below in display style and beside it in text style")
    func limits() throws {
        let display = try box(#"\sum_{i=1}^{n}"#, style: .display) { box, _ in box }
        let text = try box(#"\sum_{i=1}^{n}"#, style: .text) { box, _ in box }
        let operatorAlone = try box(#"\sum"#, style: .display) { box, _ in box }
        // Above and below: narrower than the operator plus its scripts, and taller.
        #expect(display.width < text.width)
        #expect(display.ascent > operatorAlone.ascent + 3 && display.descent > operatorAlone.descent + 3)
        // In display style ∑ is the font's larger variant.
        let textOperator = try box(#"\sum"#, style: .text) { box, _ in box }
        #expect(operatorAlone.height > textOperator.height * 1.3)
        // \max_i likewise.
        let max = try box(#"\max_i"#) { box, _ in box }
        let maxText = try box(#"\max_i"#, style: .text) { box, _ in box }
        #expect(max.width < maxText.width && max.descent > maxText.descent)
    }

    @Test("a radical sign is as tall as its radicand, and \\left( grows with a fraction")
    func radicalsAndDelimiters() throws {
        let radicand = try box(#"\frac{a}{b}"#) { box, _ in box }
        let root = try box(#"\sqrt{\frac{a}{b}}"#) { box, _ in box }
        #expect(root.width > radicand.width + 5)
        #expect(root.ascent > radicand.ascent && root.descent >= radicand.descent - 0.5)
        // A font without taller bars: \big| and \left\| … \right\| are drawn as rules.
        let bar = try box("|") { box, _ in box }
        let bigBar = try box(#"\big|"#) { box, _ in box }
        #expect(bigBar.height >= bar.height * 1.15)
        let norm = try box(#"\left\| \frac{a}{b} \right\|"#) { box, _ in box }
        #expect(norm.height >= radicand.height * 0.9)
        let plain = try box("(a)") { box, _ in box }
        let grown = try box(#"\left(\frac{a}{b}\right)"#) { box, _ in box }
        #expect(grown.height > plain.height * 1.5)
        #expect(grown.height >= radicand.height * 0.9)
    }

    @Test("TeX's spacing: thick around relations, medium around binary operators, none after a sign")
    func spacing() throws {
        let widths = try PDFTypesetter.withPangoContext { context -> [String: Double] in
            let layout = MathLayout(size: 18, textFamily: "DejaVu Serif", context: context)
            var result: [String: Double] = [:]
            for formula in ["a", "b", "=", "+", "−", "a=b", "a+b", "-b", "(-b)", "()"] {
                result[formula] = try layout.layout(try MathFormula(formula).nodes, style: .text).width
            }
            return result
        }
        let mu = 1.0  // 18 pt / 18
        #expect(abs(widths["a=b"]! - (widths["a"]! + widths["="]! + widths["b"]! + 10 * mu)) < 0.01)
        #expect(abs(widths["a+b"]! - (widths["a"]! + widths["+"]! + widths["b"]! + 8 * mu)) < 0.01)
        #expect(abs(widths["-b"]! - (widths["−"]! + widths["b"]!)) < 0.01, "a leading minus is a sign")
        #expect(abs(widths["(-b)"]! - (widths["()"]! + widths["−"]! + widths["b"]!)) < 0.01)
    }

    @Test("accents sit above their base; every lesson-style formula lays out without error")
    func accentsAndCoverage() throws {
        let x = try box("x") { box, _ in box }
        for accent in [#"\hat{x}"#, #"\tilde{x}"#, #"\bar{x}"#] {
            let accented = try box(accent) { box, _ in box }
            #expect(accented.ascent > x.ascent + 0.5, "\(accent)")
            #expect(accented.width == x.width, "\(accent) keeps the base's width")
        }
        for formula in [
            #"\mathrm{Var}_{\mathrm{train}}[y] = \frac{\sigma^2 + \mu^2}{1-p} - \mu^2"#,
            #"L = \alpha \, T^2 \, \frac{1}{N} \sum_i \mathrm{KL}\big(p^t_i(T) \,\|\, q^s_i(T)\big)"#,
            #"\mathrm{ECE} = \sum_b \frac{n_b}{n} \, \big| \mathrm{acc}_b - \mathrm{conf}_b \big|"#,
            #"e^* = \arg\min_e L_{\mathrm{val}}(e)"#,
            #"g \gets g \cdot \min\left(1, \frac{c}{\lVert g \rVert}\right)"#,
            #"\mathbb{E}_{D,\varepsilon}[(f_D(x) - y)^2] = (\bar{f}(x) - \sin(x))^2"#,
        ] {
            let laidOut = try box(formula) { box, _ in box }
            #expect(laidOut.width > 20 && laidOut.height > 8, "\(formula)")
        }
    }
}

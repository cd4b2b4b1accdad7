import CPangoCairo
import Foundation
import Testing
@testable import Plots

/// The typesetter draws figures into its own PDF pages through `draw(in:width:height:)`.
@Suite struct DrawIntoContextTests {
    @Test("a figure drawn into a caller's PDF page at an offset keeps its text and stays in its box")
    func drawIntoPDFPage() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("page.pdf")
        let surface = try #require(cairo_pdf_surface_create(url.path, 595, 842))
        let context = try #require(cairo_create(surface))
        var axes = Axes(title: "Embedded figure", xLabel: "epoch", yLabel: "loss")
        axes.plot([1, 2, 3], [3, 2, 1.5], label: "training")
        cairo_save(context)
        cairo_translate(context, 72, 100)
        try Figure(axes).draw(in: context, width: 450, height: 280)
        cairo_restore(context)
        // The caller's state is untouched: the current point and source are its own again.
        cairo_set_source_rgb(context, 1, 0, 0)
        cairo_rectangle(context, 0, 0, 10, 10)
        cairo_fill(context)
        cairo_destroy(context)
        cairo_surface_finish(surface)
        #expect(cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS)
        cairo_surface_destroy(surface)

        let text = try runTool("pdftotext", ["-bbox", url.path, "-"])
        #expect(text.contains(">Embedded<") && text.contains(">figure<"))
        #expect(text.contains(">training<"))
        // Every word lies inside the 450 × 280 box at (72, 100).
        let pattern = /xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)"/
        var words = 0
        for match in text.matches(of: pattern) {
            words += 1
            let (xMin, yMin, xMax, yMax) = (Double(match.1)!, Double(match.2)!, Double(match.3)!, Double(match.4)!)
            #expect(xMin >= 72 && xMax <= 72 + 450 && yMin >= 100 && yMax <= 100 + 280, "word at \(xMin), \(yMin) outside the box")
        }
        #expect(words >= 5)
    }
}

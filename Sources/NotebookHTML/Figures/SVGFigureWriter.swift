import CPangoCairo
import Foundation
import NotebookDocument

/// Writes a document's figure as an SVG file for the HTML edition. A figure recorded by a lesson
/// (an ``ExportableFigure``, e.g. a Plots `Figure`) writes its own SVG, byte-reproducible; any
/// other drawing is drawn onto a Cairo SVG surface. Glyphs become paths: the page needs no font.
enum SVGFigureWriter {
    static func write(_ drawing: any DrawableFigure, to url: URL) throws {
        if let exportable = drawing as? any ExportableFigure {
            try exportable.exportFigure(to: url)
            return
        }
        let size = drawing.size
        guard let surface = cairo_svg_surface_create(url.path, size.width, size.height) else {
            throw HTMLEditionError.cannotWrite(path: url.path, reason: "Cairo could not create an SVG surface")
        }
        let context = cairo_create(surface)!
        var failure: (any Error)?
        do { try drawing.draw(in: context, width: size.width, height: size.height) } catch { failure = error }
        cairo_destroy(context)
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        cairo_surface_destroy(surface)
        if let failure { throw failure }
        guard status == CAIRO_STATUS_SUCCESS else {
            throw HTMLEditionError.cannotWrite(path: url.path, reason: String(cString: cairo_status_to_string(status)))
        }
    }
}

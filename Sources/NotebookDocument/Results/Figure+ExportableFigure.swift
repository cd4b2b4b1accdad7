import Foundation
import Plots

/// Plots' `Figure` is what lessons record: the typesetter draws it as vector graphics, and the
/// results store writes it as PNG, PDF or SVG (chosen by the file extension).
extension Figure: ExportableFigure {
    public func exportFigure(to url: URL) throws {
        try write(to: url, format: nil, scale: 2)
    }
}

import Foundation

/// A figure the results store can keep for the lesson text (drawn by the typesetter through
/// `DrawableFigure`) and write to `figures/<name>.png|pdf|svg` (through `exportFigure(to:)`, which
/// picks the format from the file extension). Plots' `Figure` conforms
/// (`Figure+ExportableFigure.swift`).
public protocol ExportableFigure: DrawableFigure {
    /// Writes the figure to `url`; the extension (`png`, `pdf`, `svg`) selects the format.
    func exportFigure(to url: URL) throws
}

/// A file format for the figures a lesson writes next to its PDF (`--format`).
public enum FigureFormat: String, CaseIterable, Sendable, Codable {
    case png, pdf, svg
}

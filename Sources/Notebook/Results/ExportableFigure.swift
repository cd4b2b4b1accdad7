import Foundation

/// A figure the results store can keep for the lesson text (drawn by the typesetter through
/// `DrawableFigure`) and write to `figures/<name>.png|pdf|svg` (through `write(to:)`, which picks
/// the format from the file extension). Plots' `Figure` conforms.
public protocol ExportableFigure: DrawableFigure {
    /// Writes the figure to `url`; the extension (`png`, `pdf`, `svg`) selects the format.
    func write(to url: URL) throws
}

/// A file format for the figures a lesson writes next to its PDF (`--format`).
public enum FigureFormat: String, CaseIterable, Sendable, Codable {
    case png, pdf, svg
}

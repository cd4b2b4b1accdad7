import Foundation

/// Writes every recorded figure to `<lesson folder>/figures/<name>.<format>`, each file atomically.
public enum FigureExporter {
    /// Writes the figures of `results` in `formats` under `folder/figures`; returns, per figure,
    /// the written paths relative to `folder` (e.g. `figures/ablation-curves.png`).
    @discardableResult
    public static func write(
        _ results: ResultsStore, formats: [FigureFormat], into folder: URL
    ) throws -> [String: [String]] {
        var written: [String: [String]] = [:]
        for name in results.allNames {
            guard let entry = results.figures[name] else { continue }
            for format in formats {
                let relative = "figures/\(name).\(format.rawValue)"
                let url = folder.appendingPathComponent(relative)
                do {
                    try AtomicFile.write(to: url) { temporary in
                        try entry.figure.exportFigure(to: temporary)
                    }
                } catch {
                    throw AtomicFileError(
                        path: url.path, reason: "figure '\(name)' could not be written (\(AtomicFileError.plainReason(error)))")
                }
                written[name, default: []].append(relative)
            }
        }
        return written
    }
}

/// An output file format.
public enum ImageFormat: String, Sendable, CaseIterable {
    /// Raster, at `scale` pixels per point.
    case png
    /// Vector, with real (selectable, searchable) text.
    case pdf
    /// Vector, text as glyph outlines.
    case svg

    /// The format named by a file extension (case-insensitive), or `nil`.
    public init?(fileExtension: String) {
        self.init(rawValue: fileExtension.lowercased())
    }
}

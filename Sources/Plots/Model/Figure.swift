import Foundation
import Preconditions

/// A figure: panels (`Axes`) in a grid of `rows` × `columns`, drawn in a box of `size` points.
///
/// The figure is a plain value; nothing is drawn until `draw(in:width:height:)` or
/// `write(to:format:scale:)`.
///
/// ```swift
/// var figure = Figure(rows: 1, columns: 2)
/// figure[0, 0].plot(epochs, loss, label: "training")
/// figure[0, 1].histogram([HistogramData(values: weights)], highlightsZeroBin: true)
/// try figure.write(to: URL(fileURLWithPath: "loss.pdf"))
/// ```
public struct Figure: Sendable {
    /// Width and height in points (1/72 inch). 480 × 300 suits one panel at the width of a
    /// ~450 pt A4 text column.
    public var size: (width: Double, height: Double)
    public var title: String?
    public let rows: Int
    public let columns: Int
    /// Panels in row-major order.
    public var panels: [Axes]
    /// All panels use the same x limits and only the bottom row shows x tick labels.
    public var sharedX: Bool = false
    /// All panels use the same y limits and only the left column shows y tick labels.
    public var sharedY: Bool = false
    /// Writes (a), (b), … at the top left of each panel (default: when there is more than one).
    public var panelLetters: Bool
    public var theme: Theme = .standard

    /// A figure with one panel.
    public init(_ axes: Axes = Axes(), size: (width: Double, height: Double) = (480, 300)) {
        self.size = size
        self.rows = 1
        self.columns = 1
        self.panels = [axes]
        self.panelLetters = false
    }

    /// A figure with `rows` × `columns` empty panels; the default size gives each panel room.
    public init(rows: Int, columns: Int, size: (width: Double, height: Double)? = nil) {
        checkPrecondition(rows >= 1 && columns >= 1, "Figure needs at least one row and column, got \(rows) x \(columns)")
        self.rows = rows
        self.columns = columns
        self.size = size ?? (480, Double(rows) * (columns == 1 ? 300 : 230))
        self.panels = Array(repeating: Axes(), count: rows * columns)
        self.panelLetters = rows * columns > 1
    }

    /// The panel in `row` (0 is the top) and `column` (0 is the left).
    public subscript(row: Int, column: Int) -> Axes {
        get {
            checkPrecondition(row >= 0 && row < rows && column >= 0 && column < columns,
                "Figure has \(rows) x \(columns) panels; no panel at row \(row), column \(column)")
            return panels[row * columns + column]
        }
        set {
            checkPrecondition(row >= 0 && row < rows && column >= 0 && column < columns,
                "Figure has \(rows) x \(columns) panels; no panel at row \(row), column \(column)")
            panels[row * columns + column] = newValue
        }
    }

    /// Draws the figure into an existing Cairo context (`cairo_t *`) in a box of `width` ×
    /// `height` points whose top-left corner is the context's current origin. The context's
    /// state is saved and restored; the caller translates (and scales) it beforehand.
    public func draw(in context: OpaquePointer, width: Double, height: Double) throws {
        let renderer = try FigureRenderer(figure: self, width: width, height: height)
        try renderer.draw(in: context)
    }

    /// Writes the figure to `url` as PNG (`scale` pixels per point), PDF (vector, real text, a
    /// fixed creation date so that equal figures give equal bytes) or SVG, chosen by `format` or
    /// else by the file extension. The file is written to a temporary name in the same folder
    /// and renamed, so readers never see a half-written file.
    public func write(to url: URL, format: ImageFormat? = nil, scale: Double = 2) throws {
        let chosen: ImageFormat
        if let format {
            chosen = format
        } else if let byExtension = ImageFormat(fileExtension: url.pathExtension) {
            chosen = byExtension
        } else {
            throw PlotError.unknownFormat(file: url.path, fileExtension: url.pathExtension)
        }
        guard scale.isFinite, scale > 0, scale <= 16 else {
            throw PlotError.invalidOption(series: "figure", option: "scale", value: "\(scale)", expected: "a number in (0, 16]")
        }
        let renderer = try FigureRenderer(figure: self, width: size.width, height: size.height)
        try FigureWriter.write(renderer: renderer, to: url, format: chosen, scale: scale)
    }

    /// Encodes the figure in memory (PNG, PDF or SVG bytes), as `write` would write them.
    public func data(format: ImageFormat, scale: Double = 2) throws -> Data {
        let renderer = try FigureRenderer(figure: self, width: size.width, height: size.height)
        return try FigureWriter.data(renderer: renderer, format: format, scale: scale)
    }

    /// The plot area (the rectangle inside the axes frame) of every panel, in points from the
    /// figure's top-left corner, for a figure drawn at `size`.
    public func plotAreas() throws -> [PlotRect] {
        try geometry().map(\.plotArea)
    }

    /// Where each panel's plot area and legend go when the figure is drawn at `size`.
    public func geometry() throws -> [PanelGeometry] {
        let renderer = try FigureRenderer(figure: self, width: size.width, height: size.height)
        return renderer.panels.map { PanelGeometry(plotArea: $0.plotArea, legend: renderer.legendFrame($0)) }
    }

    /// The figure rendered to pixels (as the PNG would hold them), for tests and inspection.
    public func raster(scale: Double = 2) throws -> Raster {
        let renderer = try FigureRenderer(figure: self, width: size.width, height: size.height)
        return try FigureWriter.raster(renderer: renderer, scale: scale)
    }

    /// Warnings the figure's data causes (non-finite points left as gaps), without drawing.
    public func warnings() throws -> [String] {
        try FigureRenderer(figure: self, width: size.width, height: size.height).warnings
    }
}

/// The placement of one panel's parts, in points from the figure's top-left corner.
public struct PanelGeometry: Sendable, Hashable {
    public var plotArea: PlotRect
    /// `nil` when the panel shows no legend.
    public var legend: PlotRect?
}

/// Pixels of a rendered figure: `width` × `height`, row 0 at the top.
public struct Raster: Sendable {
    public let width: Int
    public let height: Int
    /// Non-premultiplied RGBA bytes, row-major.
    public let rgba: [UInt8]

    /// The colour of pixel (x, y), each channel in 0...255.
    public func pixel(x: Int, y: Int) -> (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8) {
        let i = (y * width + x) * 4
        return (rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3])
    }
}

/// A rectangle in points, y downwards.
public struct PlotRect: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    public var minX: Double { x }
    public var maxX: Double { x + width }
    public var minY: Double { y }
    public var maxY: Double { y + height }

    func contains(_ px: Double, _ py: Double) -> Bool {
        px >= minX && px <= maxX && py >= minY && py <= maxY
    }

    func intersects(_ other: PlotRect) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }
}

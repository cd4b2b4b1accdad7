import Foundation
import Testing
@testable import Plots

@Suite struct PixelTests {
    /// Black or the dark ink of the frame (a legend's white box over black would be light grey).
    func isDark(_ p: (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8)) -> Bool {
        p.red < 110 && p.green < 110 && p.blue < 110
    }

    func isWhite(_ p: (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8)) -> Bool {
        p.red > 245 && p.green > 245 && p.blue > 245
    }

    @Test("a horizontal line at y = 0.5 lands on the pixel row halfway up the plot area")
    func horizontalLine() throws {
        var axes = Axes(xLabel: "x", yLabel: "y")
        axes.grid = false
        axes.xLimits = 0...1
        axes.yLimits = 0...1
        axes.plot([0, 1], [0.5, 0.5], color: .black, lineWidth: 2)
        let figure = Figure(axes)
        let scale = 2.0
        let area = try #require(try figure.plotAreas().first)
        let raster = try figure.raster(scale: scale)
        #expect(raster.width == 960 && raster.height == 600)
        let expectedRow = (area.minY + area.height / 2) * scale
        let column = Int((area.minX + area.width * 0.37) * scale)
        // A 2 pt line at scale 2 covers 4 pixel rows centred on the expected row.
        #expect(isDark(raster.pixel(x: column, y: Int(expectedRow) - 1)))
        #expect(isDark(raster.pixel(x: column, y: Int(expectedRow))))
        #expect(isWhite(raster.pixel(x: column, y: Int(expectedRow) - 4)))
        #expect(isWhite(raster.pixel(x: column, y: Int(expectedRow) + 4)))
        // And nowhere else in that column inside the plot area.
        let darkRows = (Int(area.minY * scale) + 3..<Int(area.maxY * scale) - 3).filter { isDark(raster.pixel(x: column, y: $0)) }
        #expect(darkRows.allSatisfy { abs(Double($0) + 0.5 - expectedRow) <= 2 })
    }

    @Test("each heatmap cell has the colour map's colour for its value")
    func heatmapCells() throws {
        let values: [[Double]] = [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
        var axes = Axes()
        axes.heatmap(Heatmap(values: values, colorMap: .viridis, valueRange: 0...8, rowZeroAtTop: true))
        let figure = Figure(axes, size: (300, 300))
        let scale = 2.0
        let area = try #require(try figure.plotAreas().first)
        let raster = try figure.raster(scale: scale)
        for row in 0..<3 {
            for column in 0..<3 {
                let x = Int((area.minX + (Double(column) + 0.5) * area.width / 3) * scale)
                let y = Int((area.minY + (Double(row) + 0.5) * area.height / 3) * scale)
                let expected = ColorMap.viridis.color(at: values[row][column] / 8)
                let pixel = raster.pixel(x: x, y: y)
                #expect(abs(Int(pixel.red) - Int((expected.red * 255).rounded())) <= 1, "cell \(row), \(column)")
                #expect(abs(Int(pixel.green) - Int((expected.green * 255).rounded())) <= 1, "cell \(row), \(column)")
                #expect(abs(Int(pixel.blue) - Int((expected.blue * 255).rounded())) <= 1, "cell \(row), \(column)")
            }
        }
    }

    @Test("the legend goes where it covers no data: every point of the curve keeps its colour")
    func legendAvoidsData() throws {
        // y = x² on [0, 1] fills the lower left, lower right and upper right corners.
        let x = stride(from: 0.0, through: 1.0, by: 0.01).map { $0 }
        var axes = Axes()
        axes.grid = false
        axes.xLimits = 0...1
        axes.yLimits = 0...1
        axes.plot(x, x.map { $0 * $0 }, label: "a long legend label for y = x²", color: .black, lineWidth: 2)
        axes.plot(x, x.map { $0 * $0 * 0.5 }, label: "half of it", color: .black, lineWidth: 2)
        let figure = Figure(axes)
        let geometry = try #require(try figure.geometry().first)
        let legend = try #require(geometry.legend)
        let area = geometry.plotArea
        let raster = try figure.raster(scale: 2)
        for value in x.dropFirst().dropLast() {
            for y in [value * value, value * value * 0.5] {
                let px = area.minX + value * area.width
                let py = area.maxY - y * area.height
                #expect(!legend.contains(px, py), "legend \(legend) covers (\(value), \(y))")
                #expect(isDark(raster.pixel(x: Int(px * 2), y: Int(py * 2))), "curve pixel at (\(value), \(y)) is not black")
            }
        }
        // Forced into the upper right, the same legend would cover the curve: the check can fail.
        var forced = axes
        forced.legend = .upperRight
        let forcedLegend = try #require(try Figure(forced).geometry().first?.legend)
        let covered = x.contains { forcedLegend.contains(area.minX + $0 * area.width, area.maxY - $0 * $0 * area.height) }
        #expect(covered)
    }

    @Test("panels of a grid with shared axes line up")
    func sharedAxesAlign() throws {
        var figure = Figure(rows: 2, columns: 2)
        figure.sharedX = true
        figure.sharedY = true
        for i in 0..<4 {
            figure.panels[i].plot([0, 1, 2], [Double(i), 10 * Double(i), 1000 * Double(i + 1)], label: "series \(i)")
            figure.panels[i].yLabel = "value"
            figure.panels[i].xLabel = "step"
        }
        let areas = try figure.plotAreas()
        #expect(areas[0].minX == areas[2].minX && areas[1].minX == areas[3].minX)
        #expect(areas[0].minY == areas[1].minY && areas[2].maxY == areas[3].maxY)
        #expect(areas.allSatisfy { $0.width > 100 && $0.height > 60 })
    }
}

@Suite struct AnnotationPlacementTests {
    @Test("a reference line's label moves to the side of the line that no data covers")
    func referenceLabelAvoidsData() throws {
        var axes = Axes()
        axes.xLimits = 0...1
        axes.yLimits = 0...2
        // A curve just above the line, where the label would go first.
        let x = stride(from: 0.0, through: 1.0, by: 0.02).map { $0 }
        axes.plot(x, x.map { _ in 1.55 }, label: "data")
        axes.horizontalLine(at: 1.5, label: "a = 1.5")
        axes.legend = .hidden
        let figure = Figure(axes)
        let renderer = try FigureRenderer(figure: figure, width: figure.size.width, height: figure.size.height)
        let panel = renderer.panels[0]
        let box = try #require(renderer.referenceLabelBoxes(panel)[0])
        let samples = renderer.dataSamples(panel, includingAnnotations: false)
        #expect(!samples.contains { box.contains($0.0, $0.1) }, "label box \(box) covers data")
        #expect(box.minY > panel.yMap.position(1.5), "label should have moved below the line")
    }

    /// A panel with a dashed vertical line at x = 0.5, a labelled dotted horizontal line at
    /// y = 0.2 and a text annotation at (x, y).
    func linedPanel(text: String, x: Double, y: Double, anchor: TextAnchor) throws -> (FigureRenderer, PanelLayout) {
        var axes = Axes()
        axes.xLimits = 0...1
        axes.yLimits = 0...1
        axes.plot([0, 1], [0.1, 0.1], label: "data")
        axes.verticalLine(at: 0.5, label: "lowest test error")
        axes.horizontalLine(at: 0.2, label: "noise", dash: .dotted)
        axes.text(text, x: x, y: y, anchor: anchor)
        axes.legend = .hidden
        let figure = Figure(axes)
        let renderer = try FigureRenderer(figure: figure, width: figure.size.width, height: figure.size.height)
        return (renderer, renderer.panels[0])
    }

    @Test("a text centred on a vertical reference line moves beside it, clear of the line",
          arguments: [TextAnchor.bottom, .top, .center])
    func textLeavesVerticalLine(anchor: TextAnchor) throws {
        let (renderer, panel) = try linedPanel(text: "128", x: 0.5, y: 0.6, anchor: anchor)
        let box = renderer.textBox("128", x: 0.5, y: 0.6, anchor: anchor, panel: panel)
        let line = panel.xMap.position(0.5)
        #expect(box.maxX < line - 1 || box.minX > line + 1, "text box \(box) crosses the line at x = \(line)")
        // Only moved sideways: the height above the point is the anchor's.
        let unmoved = try linedPanel(text: "128", x: 0.2, y: 0.6, anchor: anchor)
        #expect(box.y == unmoved.0.textBox("128", x: 0.2, y: 0.6, anchor: anchor, panel: unmoved.1).y)
    }

    @Test("a text on a horizontal reference line moves above or below it")
    func textLeavesHorizontalLine() throws {
        let (renderer, panel) = try linedPanel(text: "8", x: 0.8, y: 0.2, anchor: .center)
        let box = renderer.textBox("8", x: 0.8, y: 0.2, anchor: .center, panel: panel)
        let line = panel.yMap.position(0.2)
        #expect(box.maxY < line - 1 || box.minY > line + 1, "text box \(box) crosses the line at y = \(line)")
    }

    @Test("a text away from the reference lines stays where its anchor puts it")
    func textAwayFromLinesStays() throws {
        let (renderer, panel) = try linedPanel(text: "8", x: 0.8, y: 0.6, anchor: .bottom)
        let box = renderer.textBox("8", x: 0.8, y: 0.6, anchor: .bottom, panel: panel)
        // Centred 4 pt above the point.
        #expect(abs(box.x + box.width / 2 - panel.xMap.position(0.8)) < 1e-9)
        #expect(abs(box.maxY - (panel.yMap.position(0.6) - 4)) < 1e-9)
    }

    @Test("a reference line's label does not cover a text annotation")
    func referenceLabelAvoidsText() throws {
        // A text just right of the line near the top, where the line's label would go first.
        let (renderer, panel) = try linedPanel(text: "a long note", x: 0.52, y: 0.97, anchor: .topLeft)
        let text = renderer.textBox("a long note", x: 0.52, y: 0.97, anchor: .topLeft, panel: panel)
        let labels = renderer.referenceLabelBoxes(panel)
        #expect(labels.count == 2)
        for (index, label) in labels {
            #expect(!label.intersects(text), "label of annotation \(index) at \(label) covers the text at \(text)")
        }
    }
}

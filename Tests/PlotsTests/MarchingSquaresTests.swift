import Foundation
import Testing
@testable import Plots

@Suite struct MarchingSquaresTests {
    /// f(x, y) = x² + y²: the contour at level r² is the circle of radius r.
    let field = Field(columns: 81, rows: 81, x: -2...2, y: -2...2) { x, y in x * x + y * y }

    func coordinates(_ point: MarchingSquares.GridPoint) -> (Double, Double) {
        (field.xValue(column: point.column), field.yValue(row: point.row))
    }

    @Test("the contour of x² + y² at 1 is one closed line on the unit circle")
    func circle() {
        let lines = MarchingSquares.contourLines(field, level: 1)
        #expect(lines.count == 1)
        let line = lines[0]
        #expect(line.count > 60)
        for point in line {
            let (x, y) = coordinates(point)
            // Linear interpolation of x² + y² along a cell edge errs by at most h²/4 (h = 0.05).
            #expect(abs((x * x + y * y).squareRoot() - 1) < 2e-3)
        }
        let first = coordinates(line.first!)
        let last = coordinates(line.last!)
        #expect(abs(first.0 - last.0) < 1e-12 && abs(first.1 - last.1) < 1e-12)
    }

    @Test("filled contours colour each pixel by the band of the field's value there")
    func filledBands() throws {
        // f(x, y) = x on [0, 1]: band [0, 0.5) left of the middle, [0.5, 1] right of it.
        let ramp = Field(columns: 11, rows: 11, x: 0...1, y: 0...1) { x, _ in x }
        var axes = Axes()
        axes.contour(ContourPlot(field: ramp, fillLevels: [0, 0.5, 1], colorMap: .viridis))
        let figure = Figure(axes, size: (300, 300))
        let area = try #require(try figure.plotAreas().first)
        let raster = try figure.raster(scale: 2)
        let y = Int((area.minY + area.height / 2) * 2)
        for (fraction, expected) in [(0.3, ColorMap.viridis.color(at: 0)), (0.47, ColorMap.viridis.color(at: 0)), (0.53, ColorMap.viridis.color(at: 1)), (0.9, ColorMap.viridis.color(at: 1))] {
            let pixel = raster.pixel(x: Int((area.minX + fraction * area.width) * 2), y: y)
            #expect(abs(Int(pixel.green) - Int((expected.green * 255).rounded())) <= 1, "at x = \(fraction)")
            #expect(abs(Int(pixel.blue) - Int((expected.blue * 255).rounded())) <= 1, "at x = \(fraction)")
        }
    }

    @Test("histogram bins of a given width put zero at a bin centre and count every value once")
    func histogramBins() throws {
        let values = [-0.26, -0.04, 0, 0, 0.04, 0.05, 0.31]
        let edges = try HistogramBinning.edges(.width(0.1), values: [values], series: "test")
        let counts = HistogramBinning.count(values, edges: edges)
        #expect(counts.reduce(0, +) == Double(values.count))
        let zero = try #require((0..<(edges.count - 1)).first { edges[$0] <= 0 && 0 < edges[$0 + 1] })
        #expect(abs(edges[zero] + 0.05) < 1e-12 && abs(edges[zero + 1] - 0.05) < 1e-12)
        #expect(counts[zero] == 4)
    }
}

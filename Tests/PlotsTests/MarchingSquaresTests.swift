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

    @Test("the filled region {x² + y² ≥ 1} has the area of the square minus the disc")
    func superlevelArea() {
        let polygons = MarchingSquares.superlevelPolygons(field, level: 1)
        var area = 0.0
        for polygon in polygons {
            let points = polygon.map(coordinates)
            for k in points.indices {
                let (x0, y0) = points[k]
                let (x1, y1) = points[(k + 1) % points.count]
                area += (x0 * y1 - x1 * y0) / 2
            }
        }
        #expect(abs(abs(area) - (16 - Double.pi)) < 0.01)
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

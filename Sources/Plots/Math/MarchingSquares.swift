/// Marching squares on a `Field`: the contour lines where the field equals a level, as
/// polylines.
///
/// Coordinates are in grid units: (column, row), with fractional positions on cell edges found
/// by linear interpolation `t = (level − v₀) / (v₁ − v₀)`. A saddle cell joins its two high
/// corners through the middle.
///
/// ### References
/// Lorensen, W. and Cline, H. (1987), *Marching cubes*; Maple, C. (2003), *Geometric design and
/// space planning using the marching squares and marching cube algorithms*.
enum MarchingSquares {
    typealias GridPoint = (column: Double, row: Double)

    /// The corners of a cell in walking order: (i, j), (i+1, j), (i+1, j+1), (i, j+1).
    private static let cornerOffsets = [(0, 0), (1, 0), (1, 1), (0, 1)]

    /// Contour lines at `level`, as polylines in grid coordinates.
    static func contourLines(_ field: Field, level: Double) -> [[GridPoint]] {
        guard field.columns >= 2, field.rows >= 2 else { return [] }
        // Segments between crossing points, each crossing named by the grid edge it lies on.
        var segments = [(Int, Int)]()
        var points = [Int: GridPoint]()
        for row in 0..<(field.rows - 1) {
            for column in 0..<(field.columns - 1) {
                let values = cornerValues(field, column: column, row: row)
                let inside = values.map { $0 >= level }
                if inside.allSatisfy({ $0 }) || !inside.contains(true) { continue }
                let walk = cellWalk(values, inside: inside, level: level, column: column, row: row)
                for k in walk.indices {
                    let a = walk[k]
                    let b = walk[(k + 1) % walk.count]
                    if let edgeA = a.edge, let edgeB = b.edge {
                        segments.append((edgeA, edgeB))
                        points[edgeA] = a.point
                        points[edgeB] = b.point
                    }
                }
            }
        }
        // Join segments that share a crossing into polylines.
        var byEdge = [Int: [Int]]()
        for (index, segment) in segments.enumerated() {
            byEdge[segment.0, default: []].append(index)
            byEdge[segment.1, default: []].append(index)
        }
        var used = [Bool](repeating: false, count: segments.count)
        var lines = [[GridPoint]]()
        func extend(_ chain: inout [Int], from edge: Int) {
            var current = edge
            while let next = byEdge[current]?.first(where: { !used[$0] }) {
                used[next] = true
                let segment = segments[next]
                current = segment.0 == current ? segment.1 : segment.0
                chain.append(current)
            }
        }
        for start in segments.indices where !used[start] {
            used[start] = true
            var forward = [segments[start].0, segments[start].1]
            extend(&forward, from: segments[start].1)
            var backward = [Int]()
            extend(&backward, from: segments[start].0)
            let chain = backward.reversed() + forward
            lines.append(chain.compactMap { points[$0] })
        }
        return lines
    }

    private static func cornerValues(_ field: Field, column: Int, row: Int) -> [Double] {
        cornerOffsets.map { field[row + $0.1, column + $0.0] }
    }

    /// The boundary of the inside part of one cell: inside corners and edge crossings in walking
    /// order. Crossings carry the id of their grid edge (shared with the neighbouring cell).
    private static func cellWalk(
        _ values: [Double], inside: [Bool], level: Double, column: Int, row: Int
    ) -> [(point: GridPoint, edge: Int?)] {
        var walk = [(point: GridPoint, edge: Int?)]()
        for k in 0..<4 {
            let (dc, dr) = cornerOffsets[k]
            let corner: GridPoint = (Double(column + dc), Double(row + dr))
            if inside[k] { walk.append((corner, nil)) }
            let next = (k + 1) % 4
            guard inside[k] != inside[next] else { continue }
            let (nc, nr) = cornerOffsets[next]
            let t = crossing(values[k], values[next], level)
            let point: GridPoint = (corner.column + t * Double(nc - dc), corner.row + t * Double(nr - dr))
            walk.append((point, edgeID(column: column, row: row, edge: k)))
        }
        return walk
    }

    /// Where along an edge from value a to value b the field equals `level` (0...1).
    private static func crossing(_ a: Double, _ b: Double, _ level: Double) -> Double {
        guard a.isFinite, b.isFinite, a != b else { return 0.5 }
        return min(1, max(0, (level - a) / (b - a)))
    }

    /// A unique id for edge `edge` (0 bottom, 1 right, 2 top, 3 left) of cell (column, row):
    /// horizontal edges are even, vertical edges odd, keyed by their lower-left grid point.
    private static func edgeID(column: Int, row: Int, edge: Int) -> Int {
        let stride = 1 << 20
        switch edge {
        case 0: return ((row * stride) + column) * 2
        case 1: return ((row * stride) + column + 1) * 2 + 1
        case 2: return (((row + 1) * stride) + column) * 2
        default: return ((row * stride) + column) * 2 + 1
        }
    }
}

/// Values of a function on a regular grid: `values[row * columns + column]` is the value at
/// x = x.lowerBound + column·Δx, y = y.lowerBound + row·Δy, so row 0 is the bottom edge.
public struct Field: Sendable {
    public var columns: Int
    public var rows: Int
    public var x: ClosedRange<Double>
    public var y: ClosedRange<Double>
    public var values: [Double]

    public init(columns: Int, rows: Int, x: ClosedRange<Double>, y: ClosedRange<Double>, values: [Double]) {
        self.columns = columns
        self.rows = rows
        self.x = x
        self.y = y
        self.values = values
    }

    /// Samples `function(x, y)` on a `columns` × `rows` grid spanning `x` and `y` (corners
    /// included).
    public init(
        columns: Int, rows: Int, x: ClosedRange<Double>, y: ClosedRange<Double>,
        function: (Double, Double) -> Double
    ) {
        var values = [Double]()
        values.reserveCapacity(max(0, columns * rows))
        for row in 0..<max(0, rows) {
            let yValue = y.lowerBound + (y.upperBound - y.lowerBound) * Double(row) / Double(max(1, rows - 1))
            for column in 0..<max(0, columns) {
                let xValue = x.lowerBound + (x.upperBound - x.lowerBound) * Double(column) / Double(max(1, columns - 1))
                values.append(function(xValue, yValue))
            }
        }
        self.init(columns: columns, rows: rows, x: x, y: y, values: values)
    }

    /// The x coordinate of grid column `column`.
    func xValue(column: Double) -> Double {
        x.lowerBound + (x.upperBound - x.lowerBound) * column / Double(max(1, columns - 1))
    }

    /// The y coordinate of grid row `row`.
    func yValue(row: Double) -> Double {
        y.lowerBound + (y.upperBound - y.lowerBound) * row / Double(max(1, rows - 1))
    }

    subscript(row: Int, column: Int) -> Double { values[row * columns + column] }
}

/// A matrix of values drawn as coloured cells, with a colour bar. `values[row][column]`; row 0
/// is drawn at the top when `rowZeroAtTop` (a matrix) or at the bottom (a field).
public struct Heatmap: Sendable {
    public var values: [[Double]]
    /// Data extent of the whole matrix (cells are equal).
    public var x: ClosedRange<Double>
    public var y: ClosedRange<Double>
    public var colorMap: ColorMap
    /// Values mapped to the ends of the colour map; `nil`: the data's minimum and maximum.
    public var valueRange: ClosedRange<Double>?
    public var rowZeroAtTop: Bool
    public var label: String?
    /// Writes each cell's value in the cell (for small matrices), formatted with this many decimals.
    public var valueDecimals: Int?

    public init(
        values: [[Double]], x: ClosedRange<Double>? = nil, y: ClosedRange<Double>? = nil,
        colorMap: ColorMap = .viridis, valueRange: ClosedRange<Double>? = nil, rowZeroAtTop: Bool = true,
        label: String? = nil, valueDecimals: Int? = nil
    ) {
        self.values = values
        self.x = x ?? 0...Double(max(1, values.first?.count ?? 1))
        self.y = y ?? 0...Double(max(1, values.count))
        self.colorMap = colorMap
        self.valueRange = valueRange
        self.rowZeroAtTop = rowZeroAtTop
        self.label = label
        self.valueDecimals = valueDecimals
    }
}

/// Filled contours of a field (bands between `fillLevels`, coloured by `colorMap`) and contour
/// lines at `lineLevels`, found by marching squares. A decision boundary is the class-1
/// probability field filled in bands with a line at 0.5.
public struct ContourPlot: Sendable {
    public var field: Field
    /// Increasing band edges; `nil` for no fill. Values below the first edge take the first band.
    public var fillLevels: [Double]?
    public var colorMap: ColorMap
    public var lineLevels: [ContourLine]
    public var label: String?

    public init(
        field: Field, fillLevels: [Double]? = nil, colorMap: ColorMap = .viridis,
        lineLevels: [ContourLine] = [], label: String? = nil
    ) {
        self.field = field
        self.fillLevels = fillLevels
        self.colorMap = colorMap
        self.lineLevels = lineLevels
        self.label = label
    }
}

/// A contour line drawn where the field equals `level`.
public struct ContourLine: Sendable {
    public var level: Double
    public var color: Color
    public var lineWidth: Double
    public var dash: Dash
    /// Legend label such as "p = 0.5 boundary".
    public var label: String?

    public init(level: Double, color: Color = .black, lineWidth: Double = 1.5, dash: Dash = .solid, label: String? = nil) {
        self.level = level
        self.color = color
        self.lineWidth = lineWidth
        self.dash = dash
        self.label = label
    }
}

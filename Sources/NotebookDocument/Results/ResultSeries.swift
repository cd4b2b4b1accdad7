import Preconditions

/// A series an experiment recorded, e.g. validation accuracy per epoch: pairs `(x, y)`.
///
/// In the text, `` {value}`name:last percent.1` `` prints a statistic of the `y` values.
public struct ResultSeries: Sendable, Equatable, Codable {
    public var x: [Double]
    public var y: [Double]

    public init(x: [Double], y: [Double]) {
        checkPrecondition(
            x.count == y.count,
            "ResultSeries: x has \(x.count) values but y has \(y.count); record one y per x")
        self.x = x
        self.y = y
    }
}

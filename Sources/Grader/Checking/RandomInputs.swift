import NeuralKit

/// Random inputs for checks; every draw comes from an explicit, seeded generator.
extension RandomGenerator {
    /// A `rows` × `columns` tensor of draws from U[low, high).
    mutating func tensor(_ rows: Int, _ columns: Int, in range: Range<Double> = -2..<2) -> Tensor<Double> {
        Tensor<Double>.uniform(rows: rows, columns: columns, in: range, using: &self)
    }

    /// A tensor whose entries are at least `0.1` away from zero (so a dropped unit, an output of
    /// exactly 0, is told apart from a kept one).
    mutating func nonZeroTensor(_ rows: Int, _ columns: Int) -> Tensor<Double> {
        var x = tensor(rows, columns, in: 0.1..<2)
        for i in 0..<x.count where bernoulli(0.5) {
            x[i / columns, i % columns] *= -1
        }
        return x
    }

    mutating func vector(_ count: Int, in range: Range<Double> = -2..<2) -> [Double] {
        (0..<count).map { _ in uniform(in: range) }
    }

    mutating func integer(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + integer(below: range.count)
    }

    mutating func labels(_ count: Int, classes: Int) -> [Int] {
        (0..<count).map { _ in integer(below: classes) }
    }
}

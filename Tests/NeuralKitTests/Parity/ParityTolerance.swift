import Testing
import NeuralKit

/// The agreement required between NeuralKit (Float) and PyTorch (float32): every element must satisfy
///
/// ```
/// |actual − expected| ≤ 1e-5 · max(1, |expected|)
/// ```
///
/// that is, an absolute tolerance of 1e-5 for values of magnitude up to 1 and a relative one of 1e-5
/// for larger values. float32 carries about 7 significant digits (ε ≈ 1.2e-7), so this leaves room
/// for a different summation order but not for a wrong formula.
enum ParityTolerance {
    static let tolerance: Double = 1e-5

    static func allowedDeviation(from expected: Double) -> Double {
        tolerance * max(1, abs(expected))
    }
}

/// Expects `actual` to match PyTorch's `expected` element by element (shapes [n] and [1, n] are the
/// same); on failure names the fixture, the quantity, the worst element and both values.
func expectParity<Scalar: TensorScalar>(
    _ actual: Tensor<Scalar>, _ expected: Tensor<Scalar>, _ what: String, in fixture: Fixture,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.count == expected.count, actual.rows == expected.rows || expected.rows == 1 || actual.rows == 1 else {
        Issue.record(
            "\(fixture.name): \(what) has shape \(actual.shape), PyTorch's has \(expected.shape)",
            sourceLocation: sourceLocation)
        return
    }
    var worst: (index: Int, excess: Double)? = nil
    for index in 0..<actual.count {
        let a = Double(actual.scalars[index])
        let e = Double(expected.scalars[index])
        let excess = abs(a - e) / ParityTolerance.allowedDeviation(from: e)
        if !(excess <= 1), excess > (worst?.excess ?? 0) || excess.isNaN {
            worst = (index, excess.isNaN ? .infinity : excess)
        }
    }
    if let worst {
        let (row, column) = (worst.index / actual.columns, worst.index % actual.columns)
        Issue.record(
            """
            \(fixture.name): \(what) differs from PyTorch at [\(row), \(column)]: \
            NeuralKit \(actual.scalars[worst.index]), PyTorch \(expected.scalars[worst.index]) \
            (\(worst.excess)× the allowed 1e-5·max(1, |expected|))
            """,
            sourceLocation: sourceLocation)
    }
}

/// Expects a scalar (a loss value, a norm) to match PyTorch's.
func expectParity(
    _ actual: Double, _ expected: Double, _ what: String, in fixture: Fixture,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    let deviation = abs(actual - expected)
    #expect(
        deviation <= ParityTolerance.allowedDeviation(from: expected),
        "\(fixture.name): \(what) is \(actual) in NeuralKit, \(expected) in PyTorch",
        sourceLocation: sourceLocation)
}

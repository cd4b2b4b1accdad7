import NeuralKit

/// The tolerance for comparing with stored fixtures and with the reference implementation:
/// different but correct formulas agree to ~1e-14 in Double; wrong ones are off by far more.
public let referenceTolerance = 1e-8

/// The tolerance for comparing an analytic gradient with central finite differences (h = 1e-5).
public let gradientTolerance = 1e-6

/// Throws `CheckFailure` unless `actual` agrees with `expected` within `tolerance` (relative error).
///
/// - Parameters:
///   - what: names the compared quantity in the feedback ("output", "running variance after step 2").
///   - input: describes the input the values were computed from.
func expectClose(
    _ actual: [Double], _ expected: [Double], tolerance: Double = referenceTolerance,
    what: String, input: @autoclosure () -> String, scale: Double = 1e-8
) throws {
    guard actual.count == expected.count else {
        throw CheckFailure(
            .wrong,
            "\(what) has \(actual.count) values, expected \(expected.count)\ninput: \(input())")
    }
    if let index = actual.indices.first(where: { !actual[$0].isFinite && expected[$0].isFinite }) {
        throw CheckFailure(
            .nonFinite,
            "\(what)[\(index)] is \(formatted(actual[index])) (expected \(formatted(expected[index])))\n"
                + "input: \(input())\nexpected: \(formatted(expected))\nactual:   \(formatted(actual))")
    }
    let error = relativeError(actual, expected, floor: scale)
    guard error <= tolerance else {
        let worst = actual.indices.max { abs(actual[$0] - expected[$0]) < abs(actual[$1] - expected[$1]) } ?? 0
        throw CheckFailure(
            .wrong,
            "\(what) differs (relative error \(formatted(error)), tolerance \(formatted(tolerance)); "
                + "largest difference at index \(worst): expected \(formatted(expected[worst])), got \(formatted(actual[worst])))\n"
                + "input: \(input())\nexpected: \(formatted(expected))\nactual:   \(formatted(actual))")
    }
}

func expectClose(
    _ actual: Double, _ expected: Double, tolerance: Double = referenceTolerance,
    what: String, input: @autoclosure () -> String
) throws {
    try expectClose([actual], [expected], tolerance: tolerance, what: what, input: input())
}

func expectClose(
    _ actual: Tensor<Double>, _ expected: Tensor<Double>, tolerance: Double = referenceTolerance,
    what: String, input: @autoclosure () -> String
) throws {
    guard actual.shape == expected.shape else {
        throw CheckFailure(.wrong, "\(what) has shape \(actual.shape), expected \(expected.shape)\ninput: \(input())")
    }
    try expectClose(actual.scalars, expected.scalars, tolerance: tolerance, what: what, input: input())
}

/// Throws `CheckFailure` with `message` unless `condition` holds.
func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw CheckFailure(.wrong, message()) }
}

/// Throws a `.nonFinite` failure if any value is NaN or infinite.
func expectFinite(_ values: [Double], what: String, input: @autoclosure () -> String) throws {
    if let index = values.firstIndex(where: { !$0.isFinite }) {
        throw CheckFailure(.nonFinite, "\(what)[\(index)] is \(formatted(values[index]))\ninput: \(input())")
    }
}

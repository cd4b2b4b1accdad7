import NeuralKit

/// Central finite differences for the loss and penalty tests (in `Double`), and CS231n's relative
/// error. A local helper until the shared `GradientCheck` exists in NeuralKit's Diagnostics.
enum FiniteDifferences {
    /// `∂f/∂x` estimated as `(f(x + h·eₖ) − f(x − h·eₖ)) / 2h` for every element `k`.
    static func gradient(
        of f: (Tensor<Double>) -> Double, at x: Tensor<Double>, step h: Double = 1e-5
    ) -> Tensor<Double> {
        var result = Tensor<Double>.zeros(like: x)
        var shifted = x
        for k in 0..<x.count {
            let original = x.scalars[k]
            shifted.withUnsafeMutableBufferPointer { $0[k] = original + h }
            let plus = f(shifted)
            shifted.withUnsafeMutableBufferPointer { $0[k] = original - h }
            let minus = f(shifted)
            shifted.withUnsafeMutableBufferPointer { $0[k] = original }
            result.withUnsafeMutableBufferPointer { $0[k] = (plus - minus) / (2 * h) }
        }
        return result
    }

    /// CS231n's relative error, `max over k of |aₖ − bₖ| / max(1e-8, |aₖ| + |bₖ|)`.
    static func relativeError(_ a: Tensor<Double>, _ b: Tensor<Double>) -> Double {
        precondition(a.shape == b.shape, "relativeError: shapes \(a.shape) and \(b.shape) differ")
        var worst = 0.0
        for k in 0..<a.count {
            let difference = abs(a.scalars[k] - b.scalars[k])
            worst = max(worst, difference / max(1e-8, abs(a.scalars[k]) + abs(b.scalars[k])))
        }
        return worst
    }

    /// A seeded tensor of normal values with standard deviation `scale`.
    static func randomTensor(rows: Int, columns: Int, seed: UInt64, scale: Double = 1) -> Tensor<Double> {
        var generator = RandomGenerator(seed: seed)
        return Tensor(
            rows: rows, columns: columns,
            scalars: (0..<rows * columns).map { _ in scale * generator.normal(mean: 0.0, standardDeviation: 1.0) })
    }
}

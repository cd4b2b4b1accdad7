import NeuralKit

/// Helpers for the loss and penalty tests; the finite differences themselves are NeuralKit's
/// `numericalGradient` and `relativeError` (Diagnostics/GradientCheck.swift).
enum FiniteDifferences {
    /// A seeded tensor of normal values with standard deviation `scale`.
    static func randomTensor(rows: Int, columns: Int, seed: UInt64, scale: Double = 1) -> Tensor<Double> {
        var generator = RandomGenerator(seed: seed)
        return Tensor(
            rows: rows, columns: columns,
            scalars: (0..<rows * columns).map { _ in scale * generator.normal(mean: 0.0, standardDeviation: 1.0) })
    }
}

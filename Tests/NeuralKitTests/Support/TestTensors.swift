import NeuralKit

/// Seeded random tensors and comparisons shared by the NeuralKit tests.
enum TestTensors {
    /// A rows × columns tensor of N(0, 1) draws from `seed`.
    static func normal<Scalar: TensorScalar>(
        _ rows: Int, _ columns: Int, seed: UInt64, as _: Scalar.Type = Double.self
    ) -> Tensor<Scalar> {
        var generator = RandomGenerator(seed: seed)
        return Tensor.normal(rows: rows, columns: columns, using: &generator)
    }

    /// The same tensor with every element at least `margin` away from zero (for ReLU's kink).
    static func awayFromZero(_ tensor: Tensor<Double>, margin: Double = 0.1) -> Tensor<Double> {
        tensor.map { $0 < 0 ? $0 - margin : $0 + margin }
    }

    /// Whether every element agrees within `tolerance`, relative to the larger magnitude (or
    /// absolutely below magnitude 1).
    static func isClose<Scalar: TensorScalar>(
        _ a: Tensor<Scalar>, _ b: Tensor<Scalar>, tolerance: Double
    ) -> Bool {
        guard a.shape == b.shape else { return false }
        for i in 0..<a.count {
            let x = Double(a.scalars[i])
            let y = Double(b.scalars[i])
            if abs(x - y) > tolerance * max(1, abs(x), abs(y)) { return false }
        }
        return true
    }
}

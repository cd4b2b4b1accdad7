/// Gaussian input noise: each training batch's features get fresh noise, which for a linear
/// model is equivalent to an L2 penalty (Bishop, 1995) and for a network smooths the function.
///
/// ```
/// x̃ = x + ε,   ε ~ N(0, σ²·I)     (fresh ε every step)
/// ```
///
/// ### References
/// - C. M. Bishop, "Training with noise is equivalent to Tikhonov regularization",
///   Neural Computation 7(1), 1995.
public struct GaussianInputNoise: BatchAugmentation {
    /// σ, the standard deviation of the added noise.
    public let standardDeviation: Float

    public init(standardDeviation: Float) throws {
        try validate(standardDeviation, named: "standardDeviation", in: "GaussianInputNoise", atLeast: 0)
        self.standardDeviation = standardDeviation
    }

    public func augment(_ batch: Dataset, using generator: inout RandomGenerator) -> Dataset {
        var result = batch
        let noise = Tensor<Float>.normal(
            rows: batch.features.rows, columns: batch.features.columns, standardDeviation: standardDeviation,
            using: &generator)
        result.features.add(noise)
        return result
    }
}

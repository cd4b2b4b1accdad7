import Preconditions

/// Mixup: trains on convex combinations of pairs of examples and of their targets, which
/// encourages the network to behave linearly between training points.
///
/// ```
/// λ ~ Beta(α, α)                  one draw per mini-batch
/// π = a random permutation of the batch
/// x̃ᵢ = λ·xᵢ + (1 − λ)·x_π(i)
/// ỹᵢ = λ·yᵢ + (1 − λ)·y_π(i)      (y one-hot or soft targets)
/// ```
///
/// Small α (0.1–0.4) keeps most λ near 0 or 1, i.e. most mixed examples close to a real one.
///
/// ### References
/// - H. Zhang, M. Cisse, Y. N. Dauphin, D. Lopez-Paz, "mixup: Beyond Empirical Risk
///   Minimization", ICLR 2018.
public struct Mixup: BatchAugmentation {
    /// α, the shape of the symmetric Beta distribution λ is drawn from.
    public let alpha: Double

    public init(alpha: Double) throws {
        try validate(alpha, named: "alpha", in: "Mixup", atLeast: 0, lowerIncluded: false)
        self.alpha = alpha
    }

    /// Mixes a mini-batch: features and probability targets (one-hot for hard labels) are blended
    /// with a partner from the same batch. The result has soft targets; each example's `label`
    /// becomes the class with the larger weight (for accuracy).
    public func augment(_ batch: Dataset, using generator: inout RandomGenerator) -> Dataset {
        checkPrecondition(batch.isClassification, "Mixup: needs a classification batch (class labels or soft targets)")
        let lambda = Float(generator.beta(alpha, alpha))
        return mix(batch, lambda: lambda, partners: generator.permutation(batch.count))
    }

    /// The mixup of `batch` with `batch.subset(partners)` at a given λ (deterministic; used by
    /// `augment` and by tests).
    public func mix(_ batch: Dataset, lambda: Float, partners: [Int]) -> Dataset {
        checkPrecondition(partners.count == batch.count, "Mixup.mix: \(partners.count) partners for \(batch.count) examples")
        let partner = batch.subset(partners)
        var features = batch.features
        features.scale(by: lambda)
        features.add(partner.features, scaledBy: 1 - lambda)
        var targets = batch.probabilityTargets
        targets.scale(by: lambda)
        targets.add(partner.probabilityTargets, scaledBy: 1 - lambda)
        return Dataset(features: features, labels: targets.argmaxPerRow(), softTargets: targets)
    }
}

import Preconditions

/// CutMix: pastes a random box of a partner image into each image of the batch and mixes the
/// labels in proportion to the pixels each image contributes.
///
/// ```
/// λ ~ Beta(α, α),  π = a random permutation of the batch          (one draw each per mini-batch)
/// box: height ⌊H·√(1 − λ)⌋, width ⌊W·√(1 − λ)⌋, centre uniform, clipped to the image
/// x̃ᵢ = xᵢ outside the box, x_π(i) inside
/// λ' = 1 − (box area) / (H·W)                                    (the area actually kept)
/// ỹᵢ = λ'·yᵢ + (1 − λ')·y_π(i)
/// ```
///
/// Label weights use the *clipped* area λ', not the drawn λ, so they always match the pixels. Unlike
/// mixup the images stay locally real (no ghostly blends); unlike cutout no pixels are wasted.
///
/// ### References
/// - S. Yun, D. Han, S. J. Oh, S. Chun, J. Choe, Y. Yoo, "CutMix: Regularization Strategy to Train
///   Strong Classifiers with Localizable Features", ICCV 2019.
public struct CutMix: BatchAugmentation {
    public let alpha: Double

    public init(alpha: Double = 1) throws {
        try validate(alpha, named: "alpha", in: "CutMix", atLeast: 0, lowerIncluded: false)
        self.alpha = alpha
    }

    public func augment(_ batch: Dataset, using generator: inout RandomGenerator) -> Dataset {
        checkPrecondition(batch.isClassification, "CutMix: needs a classification batch (class labels or soft targets)")
        let shape = batch.features.requireImages(for: "CutMix")
        let lambda = generator.beta(alpha, alpha)
        let partners = generator.permutation(batch.count)
        let side = (1 - lambda).squareRoot()
        let box = ImageBox.centred(
            y: generator.integer(below: shape.height), x: generator.integer(below: shape.width),
            height: Int(Double(shape.height) * side), width: Int(Double(shape.width) * side), in: shape)
        return mix(batch, box: box, partners: partners)
    }

    /// `batch` with `box` of each image replaced by that of `batch[partners[i]]`, and targets mixed
    /// by the kept area (deterministic; used by `augment` and by tests).
    public func mix(_ batch: Dataset, box: ImageBox, partners: [Int]) -> Dataset {
        let shape = batch.features.requireImages(for: "CutMix")
        checkPrecondition(partners.count == batch.count, "CutMix.mix: \(partners.count) partners for \(batch.count) examples")
        var features = batch.features
        for (i, partner) in partners.enumerated() {
            for c in 0..<shape.channels {
                for h in box.rows {
                    for w in box.columns {
                        let offset = (c * shape.height + h) * shape.width + w
                        features.scalars[i * shape.count + offset] = batch.features.scalars[partner * shape.count + offset]
                    }
                }
            }
        }
        let kept = 1 - Float(box.area) / Float(shape.planeCount)
        var targets = batch.probabilityTargets
        targets.scale(by: kept)
        targets.add(batch.subset(partners).probabilityTargets, scaledBy: 1 - kept)
        return Dataset(features: features, labels: targets.argmaxPerRow(), softTargets: targets)
    }
}

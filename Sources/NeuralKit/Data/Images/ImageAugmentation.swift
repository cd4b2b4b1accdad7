/// Seeded augmentations of image batches (`Dataset.features` with an `imageShape`), for the
/// trainer's `augmentation` slot: each draws from the trainer's generator, image by image in batch
/// order, so a seed reproduces every transformed batch bit for bit.
///
/// | augmentation | what it does | safe for digits? |
/// |---|---|---|
/// | `RandomShift` | moves each image by up to k pixels (= pad by k, random crop) | yes, small k |
/// | `RandomRotation` | rotates each image by up to ±θ degrees (bilinear) | yes, small θ (≤ 15°) |
/// | `GaussianInputNoise` | adds N(0, σ²) to every pixel | yes |
/// | `Cutout` | zeroes one random square per image | yes, if the square is small |
/// | `CutMix` | pastes a box of another image, mixes labels by area | yes (labels follow) |
/// | `HorizontalFlip` | mirrors left ↔ right | **no**: a mirrored 2 is not a 2, a mirrored 3 is no digit |
///
/// An augmentation must keep the label true. Flips and large rotations (a 6 turned 180° is a 9)
/// change a digit's class, so they teach the network wrong labels; they are fine for photographs
/// of objects that have no handedness.
public protocol ImageAugmentation: BatchAugmentation {
    /// Transforms one image (`pixels`: C·H·W in (C, H, W) order) in place.
    func transform(_ pixels: inout [Float], shape: ImageShape, using generator: inout RandomGenerator)
}

extension ImageAugmentation {
    public func augment(_ batch: Dataset, using generator: inout RandomGenerator) -> Dataset {
        let shape = batch.features.requireImages(for: "\(Self.self)")
        var result = batch
        var pixels = [Float](repeating: 0, count: shape.count)
        for row in 0..<batch.count {
            let range = row * shape.count..<(row + 1) * shape.count
            pixels.withUnsafeMutableBufferPointer { target in
                _ = target.update(fromContentsOf: batch.features.scalars[range])
            }
            transform(&pixels, shape: shape, using: &generator)
            result.features.scalars.replaceSubrange(range, with: pixels)
        }
        return result
    }
}

/// Several augmentations applied in order (e.g. shifts, then rotations).
public struct AugmentationSequence: BatchAugmentation {
    public let steps: [any BatchAugmentation]

    public init(_ steps: [any BatchAugmentation]) {
        self.steps = steps
    }

    public func augment(_ batch: Dataset, using generator: inout RandomGenerator) -> Dataset {
        steps.reduce(batch) { current, step in step.augment(current, using: &generator) }
    }
}

import Testing
@testable import NeuralKit

@Suite struct ImageAugmentationTests {
    static let shape = ImageShape(channels: 1, height: 8, width: 8)

    /// Twelve 8×8 digits as an image batch.
    static func digits() throws -> Dataset {
        var set = try Digits.load().subset(Array(0..<12))
        set.features = set.features.asImages(shape)
        return set
    }

    @Test("the same seed gives the same augmented batch; the geometry and labels are kept")
    func reproducible() throws {
        let batch = try Self.digits()
        let augmentations: [any BatchAugmentation] = [
            try RandomShift(maximum: 2), try RandomRotation(maximumDegrees: 15), try Cutout(size: 3),
            AugmentationSequence([try RandomShift(maximum: 1), try RandomRotation(maximumDegrees: 10)]),
        ]
        for augmentation in augmentations {
            var a = RandomGenerator(seed: 5)
            var b = RandomGenerator(seed: 5)
            let first = augmentation.augment(batch, using: &a)
            #expect(first == augmentation.augment(batch, using: &b))
            #expect(first.features.imageShape == Self.shape)
            #expect(first.labels == batch.labels)
            #expect(first.features != batch.features, "\(augmentation) changed nothing")
        }
    }

    @Test("a shift moves pixels and fills zeros; shifting back restores the inside")
    func shift() {
        let pixels = (0..<64).map(Float.init)
        let moved = RandomShift.shifted(pixels, shape: Self.shape, dy: 1, dx: -2)
        #expect(moved[1 * 8 + 0] == pixels[0 * 8 + 2])
        #expect(moved[0 * 8 + 3] == 0)
        #expect(moved[5 * 8 + 7] == 0)
        let back = RandomShift.shifted(moved, shape: Self.shape, dy: -1, dx: 2)
        #expect(back[0 * 8 + 2] == pixels[0 * 8 + 2])
    }

    @Test("rotation by 0° is the identity and by 90° permutes the pixels of a square image")
    func rotation() {
        let pixels = (0..<64).map(Float.init)
        #expect(RandomRotation.rotated(pixels, shape: Self.shape, degrees: 0) == pixels)
        let quarter = RandomRotation.rotated(pixels, shape: Self.shape, degrees: 90)
        #expect(quarter.sorted().enumerated().allSatisfy { abs($0.element - Float($0.offset)) < 1e-4 })
        #expect(quarter != pixels)
        let full = (0..<4).reduce(pixels) { image, _ in RandomRotation.rotated(image, shape: Self.shape, degrees: 90) }
        #expect(zip(full, pixels).allSatisfy { abs($0 - $1) < 1e-3 })
    }

    @Test("a horizontal flip mirrors each row; twice is the identity")
    func flip() {
        let pixels = (0..<64).map(Float.init)
        let flipped = HorizontalFlip.flipped(pixels, shape: Self.shape)
        #expect(flipped[0] == 7 && flipped[15] == 8)
        #expect(HorizontalFlip.flipped(flipped, shape: Self.shape) == pixels)
    }

    @Test("cutout zeroes one clipped square per image")
    func cutout() throws {
        var batch = try Self.digits()
        batch.features = Tensor(images: 12, shape: Self.shape, repeating: 1)
        var generator = RandomGenerator(seed: 9)
        let result = try Cutout(size: 3).augment(batch, using: &generator)
        for row in 0..<12 {
            let zeros = result.features.scalars[row * 64..<(row + 1) * 64].filter { $0 == 0 }.count
            #expect(zeros >= 4 && zeros <= 9, "image \(row): \(zeros) zeroed pixels")
        }
    }

    @Test("CutMix pastes the partner's box and mixes labels by the pasted area")
    func cutMix() throws {
        let batch = try Self.digits()
        let partners = Array((0..<12).reversed())
        let box = ImageBox(rows: 2..<6, columns: 1..<4)  // 12 of 64 pixels
        let mixed = try CutMix(alpha: 1).mix(batch, box: box, partners: partners)
        let targets = try #require(mixed.targets)
        for i in 0..<12 {
            let own = batch.labels[i]
            let other = batch.labels[partners[i]]
            if own != other {
                #expect(abs(targets[i, own] - 52.0 / 64) < 1e-6)
                #expect(abs(targets[i, other] - 12.0 / 64) < 1e-6)
            }
            #expect(mixed.features[i, 3 * 8 + 2] == batch.features[partners[i], 3 * 8 + 2])
            #expect(mixed.features[i, 7 * 8 + 7] == batch.features[i, 7 * 8 + 7])
        }
        var generator = RandomGenerator(seed: 3)
        let drawn = try CutMix(alpha: 1).augment(batch, using: &generator)
        #expect(drawn.features.imageShape == Self.shape)
        let rowSums = try #require(drawn.targets).rowSums()
        #expect(rowSums.scalars.allSatisfy { abs($0 - 1) < 1e-6 })
    }
}

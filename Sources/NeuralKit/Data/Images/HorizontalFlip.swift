/// Mirrors each image left ↔ right with probability `probability`.
///
/// **Unsafe for digits** (and for text, road signs, anything with handedness): a mirrored 2 is no
/// longer a 2 and a mirrored 3 is not a digit at all, so the augmented example carries a false
/// label. It is the classic augmentation for natural photographs, where a mirrored cat is a cat.
/// The CNN lesson shows flipped digits next to the safe augmentations for that reason.
public struct HorizontalFlip: ImageAugmentation {
    public let probability: Double

    public init(probability: Double = 0.5) throws {
        try validate(probability, named: "probability", in: "HorizontalFlip", atLeast: 0, below: 1, upperIncluded: true)
        self.probability = probability
    }

    public func transform(_ pixels: inout [Float], shape: ImageShape, using generator: inout RandomGenerator) {
        guard generator.bernoulli(probability) else { return }
        pixels = Self.flipped(pixels, shape: shape)
    }

    public static func flipped(_ pixels: [Float], shape: ImageShape) -> [Float] {
        var result = pixels
        for c in 0..<shape.channels {
            for h in 0..<shape.height {
                let row = (c * shape.height + h) * shape.width
                for w in 0..<shape.width { result[row + w] = pixels[row + shape.width - 1 - w] }
            }
        }
        return result
    }
}

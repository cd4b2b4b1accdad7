/// Cutout: zeroes one `size` × `size` square per image (all channels), centred on a uniformly
/// drawn pixel and clipped at the border, so the network cannot rely on any single region.
///
/// ### References
/// - T. DeVries, G. W. Taylor, "Improved Regularization of Convolutional Neural Networks with
///   Cutout", arXiv:1708.04552, 2017.
public struct Cutout: ImageAugmentation {
    public let size: Int

    public init(size: Int) throws {
        try validate(size, named: "size", in: "Cutout", atLeast: 1)
        self.size = size
    }

    public func transform(_ pixels: inout [Float], shape: ImageShape, using generator: inout RandomGenerator) {
        let centreY = generator.integer(below: shape.height)
        let centreX = generator.integer(below: shape.width)
        let box = ImageBox.centred(y: centreY, x: centreX, height: size, width: size, in: shape)
        box.fill(&pixels, shape: shape, with: 0)
    }
}

/// A rectangle of pixels `rows` × `columns` (half-open ranges), clipped to an image.
public struct ImageBox: Equatable, Sendable {
    public let rows: Range<Int>
    public let columns: Range<Int>

    /// The box of `height` × `width` centred on (y, x), clipped to the image.
    public static func centred(y: Int, x: Int, height: Int, width: Int, in shape: ImageShape) -> ImageBox {
        ImageBox(
            rows: max(0, y - height / 2)..<min(shape.height, y - height / 2 + height),
            columns: max(0, x - width / 2)..<min(shape.width, x - width / 2 + width))
    }

    /// The number of pixels inside (per channel).
    public var area: Int { rows.count * columns.count }

    func fill(_ pixels: inout [Float], shape: ImageShape, with value: Float) {
        for c in 0..<shape.channels {
            for h in rows {
                for w in columns { pixels[(c * shape.height + h) * shape.width + w] = value }
            }
        }
    }
}

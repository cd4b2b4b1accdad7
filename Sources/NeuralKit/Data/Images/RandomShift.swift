/// Random translation: each image moves by (dy, dx), both uniform in −k…k, and the pixels that
/// come in from outside are 0. This is PyTorch's `RandomCrop(size, padding=k)`: pad every side by
/// k zeros, then crop the original size at a random offset.
///
/// ```
/// y[c, h, w] = x[c, h − dy, w − dx]   if that pixel exists, else 0
/// ```
public struct RandomShift: ImageAugmentation {
    /// k, the largest shift in pixels along each axis.
    public let maximum: Int

    public init(maximum: Int) throws {
        try validate(maximum, named: "maximum", in: "RandomShift", atLeast: 0)
        self.maximum = maximum
    }

    public func transform(_ pixels: inout [Float], shape: ImageShape, using generator: inout RandomGenerator) {
        let dy = generator.integer(below: 2 * maximum + 1) - maximum
        let dx = generator.integer(below: 2 * maximum + 1) - maximum
        pixels = Self.shifted(pixels, shape: shape, dy: dy, dx: dx)
    }

    /// The image moved down by `dy` and right by `dx` (negative: up, left), zero-filled.
    public static func shifted(_ pixels: [Float], shape: ImageShape, dy: Int, dx: Int) -> [Float] {
        var result = [Float](repeating: 0, count: pixels.count)
        let (height, width) = (shape.height, shape.width)
        for c in 0..<shape.channels {
            let plane = c * height * width
            for h in max(0, dy)..<min(height, height + dy) {
                for w in max(0, dx)..<min(width, width + dx) {
                    result[plane + h * width + w] = pixels[plane + (h - dy) * width + (w - dx)]
                }
            }
        }
        return result
    }
}

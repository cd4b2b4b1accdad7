import RealModule

/// Random rotation about the image centre by an angle θ uniform in ±`maximumDegrees`, with
/// bilinear interpolation and zeros outside the image.
///
/// ```
/// centre (c_y, c_x) = ((H − 1)/2, (W − 1)/2)
/// y[h, w] = bilinear x at  (c_y + (h − c_y)·cos θ − (w − c_x)·sin θ,
///                          c_x + (h − c_y)·sin θ + (w − c_x)·cos θ)      (inverse mapping)
/// ```
///
/// Small angles keep a digit's class; past about 45° a 6 starts to look like a 9 (unsafe).
public struct RandomRotation: ImageAugmentation {
    public let maximumDegrees: Double

    public init(maximumDegrees: Double) throws {
        try validate(maximumDegrees, named: "maximumDegrees", in: "RandomRotation", atLeast: 0, below: 180, upperIncluded: true)
        self.maximumDegrees = maximumDegrees
    }

    public func transform(_ pixels: inout [Float], shape: ImageShape, using generator: inout RandomGenerator) {
        let degrees = (2 * generator.uniform(Double.self) - 1) * maximumDegrees
        pixels = Self.rotated(pixels, shape: shape, degrees: degrees)
    }

    /// The image rotated by `degrees` (counter-clockwise on screen for positive angles).
    public static func rotated(_ pixels: [Float], shape: ImageShape, degrees: Double) -> [Float] {
        let radians = degrees * .pi / 180
        let (cosine, sine) = (Double.cos(radians), Double.sin(radians))
        let (height, width) = (shape.height, shape.width)
        let (centreY, centreX) = (Double(height - 1) / 2, Double(width - 1) / 2)
        var result = [Float](repeating: 0, count: pixels.count)
        func pixel(_ plane: Int, _ h: Int, _ w: Int) -> Double {
            h >= 0 && h < height && w >= 0 && w < width ? Double(pixels[plane + h * width + w]) : 0
        }
        for c in 0..<shape.channels {
            let plane = c * height * width
            for h in 0..<height {
                for w in 0..<width {
                    let (dy, dx) = (Double(h) - centreY, Double(w) - centreX)
                    let sourceY = centreY + dy * cosine - dx * sine
                    let sourceX = centreX + dy * sine + dx * cosine
                    let (y0, x0) = (Int(sourceY.rounded(.down)), Int(sourceX.rounded(.down)))
                    let (fy, fx) = (sourceY - Double(y0), sourceX - Double(x0))
                    let value = (1 - fy) * ((1 - fx) * pixel(plane, y0, x0) + fx * pixel(plane, y0, x0 + 1))
                        + fy * ((1 - fx) * pixel(plane, y0 + 1, x0) + fx * pixel(plane, y0 + 1, x0 + 1))
                    result[plane + h * width + w] = Float(value)
                }
            }
        }
        return result
    }
}

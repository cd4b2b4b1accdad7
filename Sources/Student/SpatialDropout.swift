import NeuralKit

// Exercise 7: spatial dropout (Dropout2d). Sheet: lessons/exercises/07-spatial-dropout.md
//
// A batch of images is a matrix with one row per image: row n holds the C feature maps of image n,
// one after the other, each H·W values (PyTorch's [N, C, H, W] order). Spatial dropout drops whole
// maps: each (image, channel) pair is kept with probability 1 − p and scaled by 1/(1 − p):
//
//     mask_nc ~ Bernoulli(1 − p)                  (1 = kept, 0 = dropped), one per image and channel
//     y_n,c,h,w = mask_nc · x_n,c,h,w / (1 − p)    training
//     y = x                                        evaluation
//     ∂L/∂x_n,c,h,w = mask_nc · ∂L/∂y_n,c,h,w / (1 − p)

/// The training-mode forward pass with a given `mask`: `y[n, c, ·, ·] = mask[n, c] · x[n, c, ·, ·] / (1 − p)`.
///
/// - Parameters:
///   - x: the feature maps, N × (C·H·W): row n holds channel 0's H·W values, then channel 1's, ….
///   - mask: N × C, each entry 1 (map kept) or 0 (map dropped).
///   - channels: C; `x.columns` is a multiple of it.
///   - probability: the drop probability `p`, in [0, 1).
public func spatialDropoutForward(
    _ x: Tensor<Double>, mask: Tensor<Double>, channels: Int, probability: Double
) throws -> Tensor<Double> {
    // BEGIN SOLUTION
    try scaleMaps(x, by: mask, channels: channels, probability: probability)
    // END SOLUTION
}

/// The backward pass with the same `mask`: `∂L/∂x[n, c, ·, ·] = mask[n, c] · ∂L/∂y[n, c, ·, ·] / (1 − p)`.
public func spatialDropoutBackward(
    _ outputGradient: Tensor<Double>, mask: Tensor<Double>, channels: Int, probability: Double
) throws -> Tensor<Double> {
    // BEGIN SOLUTION
    try scaleMaps(outputGradient, by: mask, channels: channels, probability: probability)
    // END SOLUTION
}

// BEGIN SOLUTION: // Add helper functions here if you need them.
/// Multiplies every value of map (n, c) by `mask[n, c] / (1 − p)`.
private func scaleMaps(_ x: Tensor<Double>, by mask: Tensor<Double>, channels: Int, probability: Double) throws -> Tensor<Double> {
    precondition(channels > 0 && x.columns % channels == 0, "spatial dropout: \(x.columns) columns are not \(channels) maps")
    precondition(mask.rows == x.rows && mask.columns == channels, "spatial dropout: mask \(mask.shape) is not \(x.rows) × \(channels)")
    let mapSize = x.columns / channels
    let scale = 1 / (1 - probability)
    var y = x
    for n in 0..<x.rows {
        for c in 0..<channels {
            let factor = mask[n, c] * scale
            for i in (c * mapSize)..<((c + 1) * mapSize) {
                y[n, i] *= factor
            }
        }
    }
    return y
}
// END SOLUTION

/// A spatial-dropout layer that draws its own mask from a seeded generator.
///
/// `forward` draws a fresh N × C mask on every call in training mode (and remembers it); `backward`
/// reuses the mask of the most recent `forward`. In evaluation mode (`isTraining == false`) the
/// layer is the identity.
public final class SpatialDropout {
    /// The drop probability `p`.
    public let probability: Double
    /// The number of feature maps C per image.
    public let channels: Int
    /// Training mode drops maps; evaluation mode passes the input through unchanged.
    public var isTraining: Bool = true
    /// The source of the masks. Draw from it, e.g. `generator.bernoulli(1 - probability)`.
    public var generator: RandomGenerator
    // BEGIN SOLUTION: // Add the stored properties your backward pass needs here.
    /// The mask of the most recent training-mode forward pass (`nil` after an evaluation pass).
    private var mask: Tensor<Double>?
    // END SOLUTION

    /// A spatial-dropout layer over `channels` maps with drop probability `probability` ∈ [0, 1).
    public init(probability: Double, channels: Int, generator: RandomGenerator) throws {
        try validate(probability, named: "probability", in: "SpatialDropout", atLeast: 0, below: 1)
        try validate(channels, named: "channels", in: "SpatialDropout", atLeast: 1)
        self.probability = probability
        self.channels = channels
        self.generator = generator
    }

    /// `y[n, c] = mask[n, c] · x[n, c] / (1 − p)` with a freshly drawn mask in training; `y = x` in evaluation.
    public func forward(_ x: Tensor<Double>) throws -> Tensor<Double> {
        // BEGIN SOLUTION
        guard isTraining else {
            mask = nil
            return x
        }
        var freshMask = Tensor<Double>(rows: x.rows, columns: channels)
        for n in 0..<x.rows {
            for c in 0..<channels {
                freshMask[n, c] = generator.bernoulli(1 - probability) ? 1 : 0
            }
        }
        mask = freshMask
        return try spatialDropoutForward(x, mask: freshMask, channels: channels, probability: probability)
        // END SOLUTION
    }

    /// `∂L/∂x` for the most recent `forward`, with the same mask.
    public func backward(_ outputGradient: Tensor<Double>) throws -> Tensor<Double> {
        // BEGIN SOLUTION
        guard let mask else { return outputGradient }
        return try spatialDropoutBackward(outputGradient, mask: mask, channels: channels, probability: probability)
        // END SOLUTION
    }
}

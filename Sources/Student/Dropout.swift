import NeuralKit

// Exercise 1: inverted dropout. Sheet: lessons/exercises/01-dropout.md
//
// During training every activation is kept with probability 1 − p and scaled by 1/(1 − p), so the
// expected output equals the input and evaluation needs no rescaling:
//
//     mask_ij ~ Bernoulli(1 − p)            (1 = kept, 0 = dropped)
//     y_ij    = mask_ij · x_ij / (1 − p)     training
//     y_ij    = x_ij                         evaluation
//     ∂L/∂x_ij = mask_ij · ∂L/∂y_ij / (1 − p)

/// The training-mode forward pass with a given `mask`: `y = mask ⊙ x / (1 − p)`.
///
/// - Parameters:
///   - x: the activations, batch × features.
///   - mask: the same shape as `x`, each entry 1 (kept) or 0 (dropped).
///   - probability: the drop probability `p`, in [0, 1).
public func dropoutForward(_ x: Tensor<Double>, mask: Tensor<Double>, probability: Double) throws -> Tensor<Double> {
    // BEGIN SOLUTION
    precondition(x.shape == mask.shape, "dropoutForward: input \(x.shape) and mask \(mask.shape) differ")
    let keepProbability = 1 - probability
    var y = x
    y.multiply(by: mask)
    y.scale(by: 1 / keepProbability)
    return y
    // END SOLUTION
}

/// The backward pass with the same `mask` as the forward pass: `∂L/∂x = mask ⊙ ∂L/∂y / (1 − p)`.
public func dropoutBackward(
    _ outputGradient: Tensor<Double>, mask: Tensor<Double>, probability: Double
) throws -> Tensor<Double> {
    // BEGIN SOLUTION
    precondition(
        outputGradient.shape == mask.shape,
        "dropoutBackward: gradient \(outputGradient.shape) and mask \(mask.shape) differ")
    let keepProbability = 1 - probability
    var inputGradient = outputGradient
    inputGradient.multiply(by: mask)
    inputGradient.scale(by: 1 / keepProbability)
    return inputGradient
    // END SOLUTION
}

/// An inverted-dropout layer that draws its own mask from a seeded generator.
///
/// `forward` draws a fresh mask on every call in training mode (and remembers it); `backward`
/// reuses the mask of the most recent `forward`. In evaluation mode (`isTraining == false`) the
/// layer is the identity.
public final class InvertedDropout {
    /// The drop probability `p`.
    public let probability: Double
    /// Training mode drops units; evaluation mode passes the input through unchanged.
    public var isTraining: Bool = true
    /// The source of the masks. Draw from it, e.g. `generator.bernoulli(1 - probability)`.
    public var generator: RandomGenerator
    // BEGIN SOLUTION: // Add the stored properties your backward pass needs here.
    /// The mask of the most recent training-mode forward pass (`nil` after an evaluation pass).
    private var mask: Tensor<Double>?
    // END SOLUTION

    /// A dropout layer with drop probability `probability` ∈ [0, 1).
    public init(probability: Double, generator: RandomGenerator) throws {
        try validate(probability, named: "probability", in: "InvertedDropout", atLeast: 0, below: 1)
        self.probability = probability
        self.generator = generator
    }

    /// `y = mask ⊙ x / (1 − p)` with a freshly drawn mask in training; `y = x` in evaluation.
    public func forward(_ x: Tensor<Double>) throws -> Tensor<Double> {
        // BEGIN SOLUTION
        guard isTraining else {
            mask = nil
            return x
        }
        var freshMask = Tensor<Double>(shape: x.shape)
        for i in 0..<freshMask.rows {
            for j in 0..<freshMask.columns {
                freshMask[i, j] = generator.bernoulli(1 - probability) ? 1 : 0
            }
        }
        mask = freshMask
        return try dropoutForward(x, mask: freshMask, probability: probability)
        // END SOLUTION
    }

    /// `∂L/∂x` for the most recent `forward`, with the same mask.
    public func backward(_ outputGradient: Tensor<Double>) throws -> Tensor<Double> {
        // BEGIN SOLUTION
        guard let mask else { return outputGradient }
        return try dropoutBackward(outputGradient, mask: mask, probability: probability)
        // END SOLUTION
    }
}

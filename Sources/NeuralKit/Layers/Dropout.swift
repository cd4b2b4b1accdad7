import Preconditions

/// Inverted dropout, `torch.nn.Dropout`: during training each element is zeroed with
/// probability p and the survivors are scaled up by 1/(1 − p), so that the expected output equals
/// the input and evaluation needs no rescaling.
///
/// ```
/// training:    mᵢ ~ Bernoulli(1 − p),   yᵢ = xᵢ · mᵢ / (1 − p)
///              ∂L/∂xᵢ = ∂L/∂yᵢ · mᵢ / (1 − p)        (the same mask m as the forward)
/// training, p = 1:   m = 0,   yᵢ = xᵢ · 0,   ∂L/∂xᵢ = ∂L/∂yᵢ · 0      (nothing is divided)
/// evaluation:  y = x,   ∂L/∂x = ∂L/∂y
/// ```
///
/// Survivors are exactly `x / (1 − p)` (one division, not a multiplication by a rounded
/// reciprocal). The layer owns its random generator, made from the seed it is given, so a
/// network's dropout masks do not depend on anything else drawn in the experiment.
///
/// `probability` (p) lies in [0, 1]. At p = 1 every element is dropped and there is no survivor to
/// rescale, so the output is the input times zero, as in PyTorch (`F.dropout` multiplies by a
/// zero tensor): all zeros for finite inputs, NaN where the input is ±∞ or NaN.
///
/// ### References
/// - N. Srivastava, G. Hinton, A. Krizhevsky, I. Sutskever, R. Salakhutdinov, "Dropout: A Simple
///   Way to Prevent Neural Networks from Overfitting", JMLR 15, 2014.
public final class Dropout<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    /// p, the probability of zeroing an element.
    public let probability: Double
    /// The source of the masks. Public so that a caller can save and restore it, e.g. to replay
    /// the same mask in a gradient check.
    public var generator: RandomGenerator
    public var phase: LearningPhase = .training
    /// The 0/1 mask m of the last training-mode `forward` (1 = kept).
    public private(set) var mask = Tensor<Scalar>(rows: 0, columns: 0)

    private let sampler: BernoulliMaskSampler
    /// The phase the last `forward` ran in, which its `backward` must follow.
    private var forwardPhase: LearningPhase?

    /// - Parameters:
    ///   - probability: p ∈ [0, 1], the probability of dropping each element.
    ///   - seed: the seed of this layer's own random generator.
    public convenience init(probability: Double = 0.5, seed: UInt64) throws {
        try self.init(probability: probability, generator: RandomGenerator(seed: seed))
    }

    public init(probability: Double = 0.5, generator: RandomGenerator) throws {
        try validate(probability, named: "probability", in: "Dropout", atLeast: 0, below: 1, upperIncluded: true)
        self.probability = probability
        self.generator = generator
        self.sampler = BernoulliMaskSampler(keepProbability: 1 - probability)
    }

    /// 1 − p, the probability of keeping an element.
    public var keepProbability: Double { 1 - probability }

    public var description: String { "Dropout(p: \(probability))" }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        forwardPhase = phase
        switch phase {
        case .evaluation:
            return input
        case .training:
            sampler.fill(&mask, shape: input.shape, using: &generator)
            return Self.applyMask(mask, to: input, keepProbability: keepProbability)
        }
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let forwardPhase else { failPrecondition("\(self): backward called before forward") }
        switch forwardPhase {
        case .evaluation:
            return outputGradient
        case .training:
            checkPrecondition(
                outputGradient.shape == mask.shape,
                "\(self): output gradient has shape \(outputGradient.shape), expected \(mask.shape) (the output of the last forward)")
            return Self.applyMask(mask, to: outputGradient, keepProbability: keepProbability)
        }
    }

    /// `v · m / (1 − p)` element by element, the forward's and the backward's rule; at p = 1
    /// (where m = 0 and 1 − p = 0) it is `v · m` instead, with no division by zero.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    private static func applyMask(_ mask: Tensor<Scalar>, to values: Tensor<Scalar>, keepProbability: Double) -> Tensor<Scalar> {
        let keep = Scalar(keepProbability)
        var result = Tensor<Scalar>.uninitialized(like: values)
        values.withUnsafeBufferPointer { v in
            mask.withUnsafeBufferPointer { m in
                result.withUnsafeMutableBufferPointer { r in
                    if keepProbability == 0 {
                        for i in v.indices { r[i] = v[i] * m[i] }
                    } else {
                        for i in v.indices { r[i] = v[i] * m[i] / keep }
                    }
                }
            }
        }
        return result
    }
}

import Preconditions

/// Dropout as first published ("standard", non-inverted): during training elements are zeroed
/// with probability p and the survivors are left unscaled; at evaluation every activation is
/// scaled by 1 − p instead, so that it matches its expected value during training.
///
/// ```
/// training:    mᵢ ~ Bernoulli(1 − p),   yᵢ = xᵢ · mᵢ,          ∂L/∂xᵢ = ∂L/∂yᵢ · mᵢ
/// evaluation:  y = (1 − p) · x,                               ∂L/∂x = (1 − p) · ∂L/∂y
/// ```
///
/// In expectation this is the same network as `Dropout` (inverted dropout, which PyTorch uses);
/// the lessons compare the two. `probability` (p) lies in [0, 1]; nothing is divided by 1 − p, so
/// p = 1 needs no special case: training drops every element (output and gradient all zeros) and
/// evaluation scales by 1 − p = 0, which is training's expected output.
///
/// ### References
/// - N. Srivastava et al., "Dropout: A Simple Way to Prevent Neural Networks from Overfitting",
///   JMLR 15, 2014 (section 2: weights scaled by p_keep at test time).
public final class StandardDropout<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    /// p, the probability of zeroing an element.
    public let probability: Double
    /// The source of the masks; public so that a caller can save and restore it.
    public var generator: RandomGenerator
    public var phase: LearningPhase = .training
    /// The 0/1 mask m of the last training-mode `forward` (1 = kept).
    public private(set) var mask = Tensor<Scalar>(rows: 0, columns: 0)

    private let sampler: BernoulliMaskSampler
    private var forwardPhase: LearningPhase?
    private var forwardShape: Shape?

    public convenience init(probability: Double = 0.5, seed: UInt64) throws {
        try self.init(probability: probability, generator: RandomGenerator(seed: seed))
    }

    public init(probability: Double = 0.5, generator: RandomGenerator) throws {
        try validate(probability, named: "probability", in: "StandardDropout", atLeast: 0, below: 1, upperIncluded: true)
        self.probability = probability
        self.generator = generator
        self.sampler = BernoulliMaskSampler(keepProbability: 1 - probability)
    }

    /// 1 − p, the probability of keeping an element and the evaluation-time scale.
    public var keepProbability: Double { 1 - probability }

    public var description: String { "StandardDropout(p: \(probability))" }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        forwardPhase = phase
        forwardShape = input.shape
        switch phase {
        case .evaluation:
            var output = input
            output.scale(by: Scalar(keepProbability))
            return output
        case .training:
            sampler.fill(&mask, shape: input.shape, using: &generator)
            var output = input
            output.multiply(by: mask)
            return output
        }
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let forwardPhase, let forwardShape else {
            failPrecondition("\(self): backward called before forward")
        }
        checkPrecondition(
            outputGradient.shape == forwardShape,
            "\(self): output gradient has shape \(outputGradient.shape), expected \(forwardShape) (the output of the last forward)")
        var inputGradient = outputGradient
        switch forwardPhase {
        case .evaluation:
            inputGradient.scale(by: Scalar(keepProbability))
        case .training:
            inputGradient.multiply(by: mask)
        }
        return inputGradient
    }
}

import Preconditions

/// Channel-wise (spatial) dropout, `torch.nn.Dropout2d`: during training each feature map — one
/// channel of one image — is zeroed whole with probability p, and the kept maps are scaled by
/// 1/(1 − p).
///
/// ```
/// training:    m[n, c] ~ Bernoulli(1 − p)                one draw per (image, channel)
///              y[n, c, h, w] = x[n, c, h, w] · m[n, c] / (1 − p)
///              ∂L/∂x[n, c, h, w] = ∂L/∂y[n, c, h, w] · m[n, c] / (1 − p)
/// evaluation:  y = x
/// ```
///
/// Neighbouring pixels of a feature map are strongly correlated, so zeroing single pixels
/// (element-wise `Dropout`) leaves their neighbours to carry the same information; zeroing the
/// whole map removes it (Tompson et al.). Whether that regularises better is an empirical question
/// the CNN lesson measures. The layer owns its generator, seeded at construction.
///
/// ### References
/// - J. Tompson, R. Goroshin, A. Jain, Y. LeCun, C. Bregler, "Efficient Object Localization Using
///   Convolutional Networks", CVPR 2015.
public final class Dropout2d<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    /// p, the probability of zeroing a feature map.
    public let probability: Double
    public var generator: RandomGenerator
    public var phase: LearningPhase = .training
    /// The [N, C] 0/1 channel mask of the last training-mode `forward` (1 = kept).
    public private(set) var channelMask = Tensor<Scalar>(rows: 0, columns: 0)

    private let sampler: BernoulliMaskSampler
    private var forwardPhase: LearningPhase?
    private var inputShape: ImageShape?

    public convenience init(probability: Double = 0.5, seed: UInt64) throws {
        try self.init(probability: probability, generator: RandomGenerator(seed: seed))
    }

    public init(probability: Double = 0.5, generator: RandomGenerator) throws {
        try validate(probability, named: "probability", in: "Dropout2d", atLeast: 0, below: 1)
        self.probability = probability
        self.generator = generator
        self.sampler = BernoulliMaskSampler(keepProbability: 1 - probability)
    }

    public var keepProbability: Double { 1 - probability }

    public var description: String { "Dropout2d(p: \(probability))" }

    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        forwardPhase = phase
        let shape = input.requireImages(for: description)
        inputShape = shape
        switch phase {
        case .evaluation:
            return input
        case .training:
            sampler.fill(&channelMask, shape: Shape(input.rows, shape.channels), using: &generator)
            return Self.apply(channelMask, to: input, shape: shape, keep: Scalar(keepProbability))
        }
    }

    /// The training-mode output for a given [N, C] channel mask (e.g. PyTorch's, in a parity
    /// test); the mask is kept for `backward`.
    public func forward(_ input: Tensor<Scalar>, channelMask mask: Tensor<Scalar>) -> Tensor<Scalar> {
        let shape = input.requireImages(for: description)
        checkPrecondition(
            mask.shape == Shape(input.rows, shape.channels),
            "\(self): channel mask has shape \(mask.shape), expected [\(input.rows), \(shape.channels)] (one entry per image and channel)")
        forwardPhase = .training
        inputShape = shape
        channelMask = mask
        return Self.apply(mask, to: input, shape: shape, keep: Scalar(keepProbability))
    }

    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let forwardPhase, let inputShape else { failPrecondition("\(self): backward called before forward") }
        switch forwardPhase {
        case .evaluation:
            return outputGradient
        case .training:
            checkPrecondition(
                outputGradient.rows == channelMask.rows && outputGradient.columns == inputShape.count,
                "\(self): output gradient has shape \(outputGradient.dimensionsDescription), expected \(inputShape.batchDescription(channelMask.rows)) (the output of the last forward)")
            return Self.apply(channelMask, to: outputGradient.asImages(inputShape), shape: inputShape, keep: Scalar(keepProbability))
        }
    }

    /// z[n, c, ·] = v[n, c, ·] · m[n, c] / keep — the forward and the backward are the same map.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func apply(_ mask: Tensor<Scalar>, to values: Tensor<Scalar>, shape: ImageShape, keep: Scalar) -> Tensor<Scalar> {
        var result = Tensor<Scalar>.uninitialized(like: values)
        let plane = shape.planeCount
        values.withUnsafeBufferPointer { v in
            mask.withUnsafeBufferPointer { m in
                result.withUnsafeMutableBufferPointer { z in
                    for map in 0..<m.count {
                        let factor = m[map]
                        for p in map * plane..<(map + 1) * plane { z[p] = v[p] * factor / keep }
                    }
                }
            }
        }
        return result
    }
}

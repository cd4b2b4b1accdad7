import Preconditions

/// A residual block `y = x + F(x)` with stochastic depth ("drop path"): during training the
/// residual branch F of each example survives with probability s and is scaled by 1/s when it
/// does (inverted, like torchvision's `StochasticDepth(mode: "row")`), so evaluation uses the
/// whole branch unscaled.
///
/// ```
/// training:    bᵢ ~ Bernoulli(s) per example (row),   y_i = x_i + F(x)_i · bᵢ / s
///              ∂L/∂x = ∂L/∂y + F.backward(∂L/∂y ⊙ b / s)
/// evaluation:  y = x + F(x),   ∂L/∂x = ∂L/∂y + F.backward(∂L/∂y)
/// ```
///
/// F must keep the shape of its input. Its parameters are named `residual.` followed by the
/// `Sequential`'s names (`residual.0.weight`). With s = 1 (the default) no random numbers are
/// drawn and the block is a plain residual block. Use `StochasticDepth.linearDecaySurvivalProbability`
/// for the survival probabilities of a stack of blocks.
///
/// ### References
/// - K. He, X. Zhang, S. Ren, J. Sun, "Deep Residual Learning for Image Recognition", CVPR 2016.
/// - G. Huang, Y. Sun, Z. Liu, D. Sedra, K. Weinberger, "Deep Networks with Stochastic Depth",
///   ECCV 2016.
public final class ResidualBlock<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    /// F, the residual branch.
    public let residual: Sequential<Scalar>
    /// s ∈ (0, 1], the probability that an example's residual branch is kept in training.
    public let survivalProbability: Double
    /// The source of the per-example draws; public so a caller can save and restore it.
    public var generator: RandomGenerator
    /// Which examples kept their residual branch in the last training-mode forward.
    public private(set) var keptPaths: [Bool] = []

    /// Setting the phase sets it on the branch too.
    public var phase: LearningPhase = .training {
        didSet { residual.setPhase(phase) }
    }

    private var forwardPhase: LearningPhase?
    /// bᵢ / s per example of the last forward (all 1 in evaluation).
    private var pathScale: [Scalar] = []

    /// - Parameters:
    ///   - residual: F; must map [N, C] to [N, C].
    ///   - survivalProbability: s ∈ (0, 1].
    ///   - seed: the seed of the block's own generator (used only when s < 1).
    public init(_ residual: Sequential<Scalar>, survivalProbability: Double = 1, seed: UInt64 = 0) throws {
        try validate(
            survivalProbability, named: "survivalProbability", in: "ResidualBlock",
            atLeast: 0, lowerIncluded: false, below: 1, upperIncluded: true)
        self.residual = residual
        self.survivalProbability = survivalProbability
        self.generator = RandomGenerator(seed: seed)
        residual.setPhase(phase)
    }

    public var description: String {
        "ResidualBlock(survivalProbability: \(survivalProbability), residual: \(residual))"
    }

    public var children: [any Layer<Scalar>] { [residual] }

    public var namedParameters: [(name: String, parameter: Parameter<Scalar>)] {
        residual.namedParameters.map { (name: "residual.\($0.name)", parameter: $0.parameter) }
    }

    public var namedBuffers: [(name: String, buffer: Buffer<Scalar>)] {
        residual.namedBuffers.map { (name: "residual.\($0.name)", buffer: $0.buffer) }
    }

    public func setPhase(_ phase: LearningPhase) {
        self.phase = phase
        residual.setPhase(phase)
    }

    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        forwardPhase = phase
        let branch = residual.forward(input)
        checkPrecondition(
            branch.shape == input.shape,
            "ResidualBlock: the residual branch maps input shape \(input.shape) to \(branch.shape); y = x + F(x) needs F to keep the shape")
        switch phase {
        case .training where survivalProbability < 1:
            drawPaths(count: input.rows)
        case .training, .evaluation:
            keptPaths = [Bool](repeating: true, count: input.rows)
            pathScale = [Scalar](repeating: 1, count: input.rows)
        }
        return Self.addScaledRows(input, branch, rowScale: pathScale)
    }

    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        checkPrecondition(forwardPhase != nil, "ResidualBlock: backward called before forward")
        checkPrecondition(
            outputGradient.rows == pathScale.count,
            "ResidualBlock: output gradient has shape \(outputGradient.shape), but the last forward had \(pathScale.count) rows")
        // ∂L/∂F = ∂L/∂y ⊙ b / s ;  ∂L/∂x = ∂L/∂y + F.backward(∂L/∂F)
        let branchGradient = Self.scaledRows(outputGradient, rowScale: pathScale)
        var inputGradient = residual.backward(branchGradient)
        inputGradient.add(outputGradient)
        return inputGradient
    }

    /// bᵢ ~ Bernoulli(s) from the top 32 bits of one draw per example (threshold s·2³²).
    private func drawPaths(count: Int) {
        let threshold = UInt64((survivalProbability * 0x1p32).rounded())
        let survivorScale = 1 / Scalar(survivalProbability)
        keptPaths = (0..<count).map { _ in (generator.next() >> 32) < threshold }
        pathScale = keptPaths.map { $0 ? survivorScale : 0 }
    }

    /// x + diag(rowScale) · f.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func addScaledRows(_ x: Tensor<Scalar>, _ f: Tensor<Scalar>, rowScale: [Scalar]) -> Tensor<Scalar> {
        var y = Tensor<Scalar>.uninitialized(like: x)
        let c = x.columns
        x.withUnsafeBufferPointer { x in
            f.withUnsafeBufferPointer { f in
                y.withUnsafeMutableBufferPointer { y in
                    for i in 0..<rowScale.count {
                        let scale = rowScale[i]
                        for j in 0..<c { y[i * c + j] = x[i * c + j] + f[i * c + j] * scale }
                    }
                }
            }
        }
        return y
    }

    /// diag(rowScale) · g.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    static func scaledRows(_ g: Tensor<Scalar>, rowScale: [Scalar]) -> Tensor<Scalar> {
        var result = Tensor<Scalar>.uninitialized(like: g)
        let c = g.columns
        g.withUnsafeBufferPointer { g in
            result.withUnsafeMutableBufferPointer { result in
                for i in 0..<rowScale.count {
                    let scale = rowScale[i]
                    for j in 0..<c { result[i * c + j] = g[i * c + j] * scale }
                }
            }
        }
        return result
    }
}

import Preconditions

/// Layer normalisation over the features of each example, `torch.nn.LayerNorm(featureCount)`
/// for [N, C] input. Unlike batch normalisation it uses no batch statistics, so it behaves the
/// same in training and evaluation and works for a batch of one.
///
/// ```
/// forward:   μ_i  = (1/C) Σ_j x_ij,   σ²_i = (1/C) Σ_j (x_ij − μ_i)²      (biased)
///            x̂_ij = (x_ij − μ_i) / √(σ²_i + ε)
///            y_ij = γ_j · x̂_ij + β_j
/// backward:  ∂L/∂β_j  += Σᵢ ∂L/∂y_ij,   ∂L/∂γ_j += Σᵢ ∂L/∂y_ij · x̂_ij
///            with g_ij = ∂L/∂y_ij · γ_j:
///            ∂L/∂x_ij  = (1 / (C √(σ²_i + ε))) · (C g_ij − Σₖ g_ik − x̂_ij Σₖ g_ik x̂_ik)
/// ```
///
/// State names as in PyTorch: `weight` (γ, starting at 1) and `bias` (β, starting at 0), with
/// role `.normalization`.
///
/// ### References
/// - J. L. Ba, J. R. Kiros, G. E. Hinton, "Layer Normalization", arXiv:1607.06450, 2016.
public final class LayerNorm<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public let featureCount: Int
    /// ε, added to the variance before the square root.
    public let epsilon: Double
    public let elementwiseAffine: Bool
    /// γ, shape [1, featureCount] (`nil` unless `elementwiseAffine`).
    public let weight: Parameter<Scalar>?
    /// β, shape [1, featureCount] (`nil` unless `elementwiseAffine`).
    public let bias: Parameter<Scalar>?
    public var phase: LearningPhase = .training

    /// x̂ of the last forward.
    private var normalized = Tensor<Scalar>(rows: 0, columns: 0)
    /// 1/√(σ²_i + ε) for each row of the last forward.
    private var inverseStandardDeviation: [Scalar] = []

    public init(featureCount: Int, epsilon: Double = 1e-5, elementwiseAffine: Bool = true) throws {
        try validate(featureCount, named: "featureCount", in: "LayerNorm", atLeast: 1)
        try validate(epsilon, named: "epsilon", in: "LayerNorm", atLeast: 0, lowerIncluded: false)
        self.featureCount = featureCount
        self.epsilon = epsilon
        self.elementwiseAffine = elementwiseAffine
        if elementwiseAffine {
            weight = Parameter(Tensor(rows: 1, columns: featureCount, repeating: 1), role: .normalization)
            bias = Parameter(Tensor(rows: 1, columns: featureCount), role: .normalization)
        } else {
            weight = nil
            bias = nil
        }
    }

    public var description: String { "LayerNorm(\(featureCount))" }

    public var namedParameters: [(name: String, parameter: Parameter<Scalar>)] {
        guard let weight, let bias else { return [] }
        return [("weight", weight), ("bias", bias)]
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        checkPrecondition(
            input.columns == featureCount,
            "\(self): input has \(input.columns) features, expected \(featureCount); input shape \(input.shape)")
        let n = input.rows
        let c = featureCount
        let epsilon = self.epsilon
        let gamma = weight?.value.scalars ?? [Scalar](repeating: 1, count: c)
        let beta = bias?.value.scalars ?? [Scalar](repeating: 0, count: c)
        // Own the buffers while writing them (no copy-on-write), then store them back.
        var normalized = Tensor<Scalar>(rows: 0, columns: 0)
        swap(&normalized, &self.normalized)
        if normalized.shape != input.shape {
            normalized = Tensor.uninitialized(like: input)
        }
        var inverseStandardDeviation: [Scalar] = []
        swap(&inverseStandardDeviation, &self.inverseStandardDeviation)
        if inverseStandardDeviation.count != n {
            inverseStandardDeviation = [Scalar](repeating: 0, count: n)
        }
        var output = Tensor<Scalar>.uninitialized(like: input)
        input.withUnsafeBufferPointer { x in
            normalized.withUnsafeMutableBufferPointer { xHat in
                output.withUnsafeMutableBufferPointer { y in
                    inverseStandardDeviation.withUnsafeMutableBufferPointer { invstdPerRow in
                        gamma.withUnsafeBufferPointer { gamma in
                            beta.withUnsafeBufferPointer { beta in
                                for i in 0..<n {
                                    let row = i * c
                                    var sum = 0.0
                                    for j in 0..<c { sum += Double(x[row + j]) }
                                    let mean = sum / Double(c)
                                    var squaredDeviations = 0.0
                                    for j in 0..<c {
                                        let deviation = Double(x[row + j]) - mean
                                        squaredDeviations += deviation * deviation
                                    }
                                    let variance = squaredDeviations / Double(c)
                                    let invstd = Scalar(1 / (variance + epsilon).squareRoot())
                                    invstdPerRow[i] = invstd
                                    let mu = Scalar(mean)
                                    for j in 0..<c {
                                        xHat[row + j] = (x[row + j] - mu) * invstd
                                        y[row + j] = gamma[j] * xHat[row + j] + beta[j]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        self.normalized = normalized
        self.inverseStandardDeviation = inverseStandardDeviation
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        let normalized = self.normalized
        let inverseStandardDeviation = self.inverseStandardDeviation
        checkPrecondition(
            outputGradient.shape == normalized.shape && inverseStandardDeviation.count == normalized.rows,
            "\(self): output gradient has shape \(outputGradient.shape), expected \(normalized.shape) (the output of the last forward; was forward called?)")
        if let weight, let bias {
            // ∂L/∂β += Σᵢ ∂L/∂y,  ∂L/∂γ += Σᵢ ∂L/∂y ⊙ x̂
            bias.gradient.addColumnSums(of: outputGradient)
            weight.gradient.addColumnSums(ofProduct: outputGradient, normalized)
        }
        let n = outputGradient.rows
        let c = featureCount
        let gamma = weight?.value.scalars ?? [Scalar](repeating: 1, count: c)
        let count = Scalar(c)
        var inputGradient = Tensor<Scalar>.uninitialized(like: outputGradient)
        outputGradient.withUnsafeBufferPointer { dy in
            normalized.withUnsafeBufferPointer { xHat in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    gamma.withUnsafeBufferPointer { gamma in
                        inverseStandardDeviation.withUnsafeBufferPointer { invstdPerRow in
                            for i in 0..<n {
                                let row = i * c
                                // g = ∂L/∂y ⊙ γ = ∂L/∂x̂
                                var sumOfG: Scalar = 0
                                var sumOfGTimesXHat: Scalar = 0
                                for j in 0..<c {
                                    let g = dy[row + j] * gamma[j]
                                    sumOfG += g
                                    sumOfGTimesXHat += g * xHat[row + j]
                                }
                                let coefficient = invstdPerRow[i] / count
                                for j in 0..<c {
                                    let g = dy[row + j] * gamma[j]
                                    dx[row + j] = coefficient * (count * g - sumOfG - xHat[row + j] * sumOfGTimesXHat)
                                }
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}

import Preconditions

/// Batch normalisation over the features of a batch, `torch.nn.BatchNorm1d` for [N, C] input.
///
/// ```
/// training:    μ_j  = (1/N) Σᵢ x_ij                       batch mean
///              σ²_j = (1/N) Σᵢ (x_ij − μ_j)²               biased batch variance (normalises)
///              x̂_ij = (x_ij − μ_j) / √(σ²_j + ε)
///              y_ij = γ_j · x̂_ij + β_j
///              runningMean     ← (1 − momentum) · runningMean     + momentum · μ
///              runningVariance ← (1 − momentum) · runningVariance + momentum · σ² · N/(N − 1)
///              num_batches_tracked ← num_batches_tracked + 1
/// evaluation:  x̂_ij = (x_ij − runningMean_j) / √(runningVariance_j + ε),   y_ij = γ_j · x̂_ij + β_j
///
/// backward (training), with ∂x̂ = ∂L/∂y ⊙ γ:
///              ∂L/∂β_j  += Σᵢ ∂L/∂y_ij
///              ∂L/∂γ_j  += Σᵢ ∂L/∂y_ij · x̂_ij
///              ∂L/∂x_ij  = (γ_j / (N √(σ²_j + ε))) · (N ∂L/∂y_ij − Σₖ ∂L/∂y_kj − x̂_ij Σₖ ∂L/∂y_kj x̂_kj)
/// backward (evaluation, an affine map):
///              ∂L/∂x_ij  = ∂L/∂y_ij · γ_j / √(runningVariance_j + ε)
/// ```
///
/// As in PyTorch the running variance uses the *unbiased* batch variance while the
/// normalisation uses the *biased* one. `momentum = nil` gives PyTorch's cumulative moving
/// average (momentum 1/num_batches_tracked). The state names are PyTorch's: `weight` (γ), `bias`
/// (β), `running_mean`, `running_var`, `num_batches_tracked`. Statistics are accumulated in
/// `Double` for `Float` input too, as PyTorch does on the CPU.
///
/// A batch of one example has no variance to normalise by; in training mode `forward` stops with
/// a message and `checkTrainingBatch(_:)` / `validateBatchSize(_:)` throw the same message.
///
/// ### References
/// - S. Ioffe, C. Szegedy, "Batch Normalization: Accelerating Deep Network Training by Reducing
///   Internal Covariate Shift", ICML 2015.
public final class BatchNorm1d<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public let featureCount: Int
    /// The weight of the newest batch in the running statistics; `nil` for a cumulative average.
    public let momentum: Double?
    /// ε, added to the variance before the square root.
    public let epsilon: Double
    /// Whether the layer has the learnable scale γ and shift β.
    public let affine: Bool
    /// γ, shape [1, featureCount], starting at 1 (`nil` unless `affine`).
    public let weight: Parameter<Scalar>?
    /// β, shape [1, featureCount], starting at 0 (`nil` unless `affine`).
    public let bias: Parameter<Scalar>?
    /// The running mean, shape [1, featureCount], starting at 0.
    public let runningMean: Buffer<Scalar>
    /// The running (unbiased) variance, shape [1, featureCount], starting at 1.
    public let runningVariance: Buffer<Scalar>
    /// The number of training batches seen, a 1 × 1 integer buffer.
    public let numBatchesTracked: Buffer<Scalar>
    public var phase: LearningPhase = .training

    /// x̂ of the last forward.
    private var normalized = Tensor<Scalar>(rows: 0, columns: 0)
    /// 1/√(σ² + ε) per feature, of the batch (training) or the running variance (evaluation).
    private var inverseStandardDeviation: [Scalar] = []
    private var forwardPhase: LearningPhase?

    /// - Parameters:
    ///   - featureCount: C, the number of features (columns) of the input.
    ///   - momentum: in [0, 1], or `nil` for a cumulative average of all batches.
    ///   - epsilon: ε > 0.
    ///   - affine: whether to learn γ and β.
    public init(featureCount: Int, momentum: Double? = 0.1, epsilon: Double = 1e-5, affine: Bool = true) throws {
        try validate(featureCount, named: "featureCount", in: "BatchNorm1d", atLeast: 1)
        if let momentum {
            try validate(momentum, named: "momentum", in: "BatchNorm1d", atLeast: 0, below: 1, upperIncluded: true)
        }
        try validate(epsilon, named: "epsilon", in: "BatchNorm1d", atLeast: 0, lowerIncluded: false)
        self.featureCount = featureCount
        self.momentum = momentum
        self.epsilon = epsilon
        self.affine = affine
        if affine {
            weight = Parameter(Tensor(rows: 1, columns: featureCount, repeating: 1), role: .normalization)
            bias = Parameter(Tensor(rows: 1, columns: featureCount), role: .normalization)
        } else {
            weight = nil
            bias = nil
        }
        runningMean = Buffer(Tensor(rows: 1, columns: featureCount))
        runningVariance = Buffer(Tensor(rows: 1, columns: featureCount, repeating: 1))
        numBatchesTracked = Buffer(Tensor(rows: 1, columns: 1), isInteger: true)
    }

    public var description: String { "BatchNorm1d(\(featureCount))" }

    /// `num_batches_tracked` as an integer.
    public var batchesTracked: Int { Int(numBatchesTracked.value.scalars[0]) }

    public var namedParameters: [(name: String, parameter: Parameter<Scalar>)] {
        guard let weight, let bias else { return [] }
        return [("weight", weight), ("bias", bias)]
    }

    public var namedBuffers: [(name: String, buffer: Buffer<Scalar>)] {
        [("running_mean", runningMean), ("running_var", runningVariance), ("num_batches_tracked", numBatchesTracked)]
    }

    private func batchOfOneMessage(_ shape: Shape) -> String {
        "\(self): expected more than 1 value per channel when training, got input shape \(shape). "
            + "A batch of one example has no batch variance to normalise by: use batches of at least "
            + "2 examples (e.g. drop a last batch of one) or call eval() to use the running statistics."
    }

    /// Throws `BatchNormBatchSizeError` if `input` cannot be normalised in the current phase:
    /// in training mode it needs at least 2 rows.
    public func checkTrainingBatch(_ input: Tensor<Scalar>) throws {
        try validateBatchSize(input.rows)
    }

    public func validateBatchSize(_ batchSize: Int) throws {
        switch phase {
        case .training:
            if batchSize < 2 {
                throw BatchNormBatchSizeError(message: batchOfOneMessage(Shape(batchSize, featureCount)))
            }
        case .evaluation:
            return
        }
    }

    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        checkPrecondition(
            input.columns == featureCount,
            "\(self): input has \(input.columns) features, expected \(featureCount); input shape \(input.shape)")
        forwardPhase = phase
        switch phase {
        case .training:
            checkPrecondition(input.rows > 1, batchOfOneMessage(input.shape))
            return normalizeWithBatchStatistics(input)
        case .evaluation:
            return normalizeWithRunningStatistics(input)
        }
    }

    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let forwardPhase else { failPrecondition("\(self): backward called before forward") }
        checkPrecondition(
            outputGradient.shape == normalized.shape,
            "\(self): output gradient has shape \(outputGradient.shape), expected \(normalized.shape) (the output of the last forward)")
        if let weight, let bias {
            // ∂L/∂β += Σᵢ ∂L/∂y,  ∂L/∂γ += Σᵢ ∂L/∂y ⊙ x̂
            bias.gradient.addColumnSums(of: outputGradient)
            weight.gradient.addColumnSums(ofProduct: outputGradient, normalized)
        }
        switch forwardPhase {
        case .training:
            return inputGradientWithBatchStatistics(outputGradient)
        case .evaluation:
            return inputGradientWithRunningStatistics(outputGradient)
        }
    }

    // MARK: - Kernels

    /// γ as an array (ones without `affine`).
    private var scale: [Scalar] {
        weight?.value.scalars ?? [Scalar](repeating: 1, count: featureCount)
    }

    private var shift: [Scalar] {
        bias?.value.scalars ?? [Scalar](repeating: 0, count: featureCount)
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    private func normalizeWithBatchStatistics(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let n = input.rows
        let c = featureCount
        var mean = [Double](repeating: 0, count: c)
        var squaredDeviations = [Double](repeating: 0, count: c)
        input.withUnsafeBufferPointer { x in
            mean.withUnsafeMutableBufferPointer { mean in
                squaredDeviations.withUnsafeMutableBufferPointer { squaredDeviations in
                    // μ_j = (1/N) Σᵢ x_ij, then Σᵢ (x_ij − μ_j)² (two passes: no cancellation).
                    for i in 0..<n {
                        for j in 0..<c { mean[j] += Double(x[i * c + j]) }
                    }
                    for j in 0..<c { mean[j] /= Double(n) }
                    for i in 0..<n {
                        for j in 0..<c {
                            let deviation = Double(x[i * c + j]) - mean[j]
                            squaredDeviations[j] += deviation * deviation
                        }
                    }
                }
            }
        }
        let epsilon = self.epsilon
        inverseStandardDeviation = squaredDeviations.map { squares in
            let biasedVariance = squares / Double(n)
            return Scalar(1 / (biasedVariance + epsilon).squareRoot())
        }

        // Running statistics: the unbiased variance, weighted by momentum (PyTorch's order).
        numBatchesTracked.value.scalars[0] += 1
        let factor = momentum ?? 1 / Double(numBatchesTracked.value.scalars[0])
        runningMean.value.withUnsafeMutableBufferPointer { runningMean in
            runningVariance.value.withUnsafeMutableBufferPointer { runningVariance in
                for j in 0..<c {
                    let unbiasedVariance = squaredDeviations[j] / Double(n - 1)
                    runningMean[j] = Scalar(factor * mean[j] + (1 - factor) * Double(runningMean[j]))
                    runningVariance[j] = Scalar(factor * unbiasedVariance + (1 - factor) * Double(runningVariance[j]))
                }
            }
        }
        return normalize(input, mean: mean.map { Scalar($0) })
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    private func normalizeWithRunningStatistics(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let epsilon = self.epsilon
        inverseStandardDeviation = runningVariance.value.scalars.map { variance in
            Scalar(1 / (Double(variance) + epsilon).squareRoot())
        }
        return normalize(input, mean: runningMean.value.scalars)
    }

    /// x̂ = (x − μ) · invstd (kept for backward) and y = γ ⊙ x̂ + β.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    private func normalize(_ input: Tensor<Scalar>, mean: [Scalar]) -> Tensor<Scalar> {
        let n = input.rows
        let c = featureCount
        let gamma = scale
        let beta = shift
        let inverseStandardDeviation = self.inverseStandardDeviation
        var normalized = Tensor<Scalar>(rows: 0, columns: 0)
        swap(&normalized, &self.normalized)  // own the buffer while writing (no copy-on-write)
        if normalized.shape != input.shape {
            normalized = Tensor.uninitialized(like: input)
        }
        var output = Tensor<Scalar>.uninitialized(like: input)
        input.withUnsafeBufferPointer { x in
            normalized.withUnsafeMutableBufferPointer { xHat in
                output.withUnsafeMutableBufferPointer { y in
                    gamma.withUnsafeBufferPointer { gamma in
                        beta.withUnsafeBufferPointer { beta in
                            mean.withUnsafeBufferPointer { mean in
                                inverseStandardDeviation.withUnsafeBufferPointer { invstd in
                                    for i in 0..<n {
                                        for j in 0..<c {
                                            let k = i * c + j
                                            xHat[k] = (x[k] - mean[j]) * invstd[j]
                                            y[k] = gamma[j] * xHat[k] + beta[j]
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        self.normalized = normalized
        return output
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    private func inputGradientWithBatchStatistics(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        let n = outputGradient.rows
        let c = featureCount
        let gamma = scale
        let normalized = self.normalized
        var sumOfGradients = [Double](repeating: 0, count: c)
        var sumOfGradientsTimesNormalized = [Double](repeating: 0, count: c)
        outputGradient.withUnsafeBufferPointer { dy in
            normalized.withUnsafeBufferPointer { xHat in
                sumOfGradients.withUnsafeMutableBufferPointer { sumDy in
                    sumOfGradientsTimesNormalized.withUnsafeMutableBufferPointer { sumDyXHat in
                        for i in 0..<n {
                            for j in 0..<c {
                                let k = i * c + j
                                sumDy[j] += Double(dy[k])
                                sumDyXHat[j] += Double(dy[k]) * Double(xHat[k])
                            }
                        }
                    }
                }
            }
        }
        let count = Scalar(n)
        let sumDy = sumOfGradients.map { Scalar($0) }
        let sumDyXHat = sumOfGradientsTimesNormalized.map { Scalar($0) }
        // γ_j / (N √(σ²_j + ε))
        let coefficient = (0..<c).map { j in gamma[j] * inverseStandardDeviation[j] / count }
        var inputGradient = Tensor<Scalar>.uninitialized(like: outputGradient)
        outputGradient.withUnsafeBufferPointer { dy in
            normalized.withUnsafeBufferPointer { xHat in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    coefficient.withUnsafeBufferPointer { coefficient in
                        sumDy.withUnsafeBufferPointer { sumDy in
                            sumDyXHat.withUnsafeBufferPointer { sumDyXHat in
                                for i in 0..<n {
                                    for j in 0..<c {
                                        let k = i * c + j
                                        dx[k] = coefficient[j] * (count * dy[k] - sumDy[j] - xHat[k] * sumDyXHat[j])
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    private func inputGradientWithRunningStatistics(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        let n = outputGradient.rows
        let c = featureCount
        let gamma = scale
        // γ_j / √(runningVariance_j + ε)
        let coefficient = (0..<c).map { j in gamma[j] * inverseStandardDeviation[j] }
        var inputGradient = Tensor<Scalar>.uninitialized(like: outputGradient)
        outputGradient.withUnsafeBufferPointer { dy in
            inputGradient.withUnsafeMutableBufferPointer { dx in
                coefficient.withUnsafeBufferPointer { coefficient in
                    for i in 0..<n {
                        for j in 0..<c { dx[i * c + j] = dy[i * c + j] * coefficient[j] }
                    }
                }
            }
        }
        return inputGradient
    }
}

/// A batch too small for batch normalisation in training mode (a batch of one example).
public struct BatchNormBatchSizeError: Error, CustomStringConvertible, Equatable {
    public let message: String
    public var description: String { message }
}

import Preconditions

/// Batch normalisation of feature maps, `torch.nn.BatchNorm2d` for [N, C, H, W] input: one mean and
/// variance per channel, over the images *and* the pixels of the batch (M = N·H·W values each).
///
/// ```
/// training:    μ_c  = (1/M) Σ_{n,h,w} x[n, c, h, w]
///              σ²_c = (1/M) Σ_{n,h,w} (x[n, c, h, w] − μ_c)²           biased (normalises)
///              x̂ = (x − μ_c) / √(σ²_c + ε),   y = γ_c · x̂ + β_c
///              runningMean_c     ← (1 − momentum) · runningMean_c     + momentum · μ_c
///              runningVariance_c ← (1 − momentum) · runningVariance_c + momentum · σ²_c · M/(M − 1)
/// evaluation:  x̂ = (x − runningMean_c) / √(runningVariance_c + ε),   y = γ_c · x̂ + β_c
///
/// backward (training), sums over the M positions of channel c:
///              ∂L/∂β_c += Σ ∂L/∂y,   ∂L/∂γ_c += Σ ∂L/∂y · x̂
///              ∂L/∂x = (γ_c / (M √(σ²_c + ε))) · (M ∂L/∂y − Σ ∂L/∂y − x̂ Σ ∂L/∂y · x̂)
/// backward (evaluation):  ∂L/∂x = ∂L/∂y · γ_c / √(runningVariance_c + ε)
/// ```
///
/// Normalising per channel (not per pixel, as a `BatchNorm1d` over C·H·W features would) keeps the
/// convolution's weight sharing: every position of a map gets the same scale and shift. As in
/// PyTorch the running variance is the unbiased one, `momentum = nil` is the cumulative average,
/// statistics are summed in `Double`, and the state names are `weight`, `bias`, `running_mean`,
/// `running_var`, `num_batches_tracked`.
public final class BatchNorm2d<Scalar: TensorScalar>: Layer, CustomStringConvertible {
    public let channelCount: Int
    public let momentum: Double?
    public let epsilon: Double
    public let affine: Bool
    /// γ, [1, C], starting at 1.
    public let weight: Parameter<Scalar>?
    /// β, [1, C], starting at 0.
    public let bias: Parameter<Scalar>?
    public let runningMean: Buffer<Scalar>
    public let runningVariance: Buffer<Scalar>
    public let numBatchesTracked: Buffer<Scalar>
    public var phase: LearningPhase = .training

    private var normalized = Tensor<Scalar>(rows: 0, columns: 0)
    private var inverseStandardDeviation: [Scalar] = []
    private var forwardPhase: LearningPhase?

    public init(channelCount: Int, momentum: Double? = 0.1, epsilon: Double = 1e-5, affine: Bool = true) throws {
        try validate(channelCount, named: "channelCount", in: "BatchNorm2d", atLeast: 1)
        if let momentum {
            try validate(momentum, named: "momentum", in: "BatchNorm2d", atLeast: 0, below: 1, upperIncluded: true)
        }
        try validate(epsilon, named: "epsilon", in: "BatchNorm2d", atLeast: 0, lowerIncluded: false)
        self.channelCount = channelCount
        self.momentum = momentum
        self.epsilon = epsilon
        self.affine = affine
        weight = affine ? Parameter(Tensor(rows: 1, columns: channelCount, repeating: 1), role: .normalization) : nil
        bias = affine ? Parameter(Tensor(rows: 1, columns: channelCount), role: .normalization) : nil
        runningMean = Buffer(Tensor(rows: 1, columns: channelCount))
        runningVariance = Buffer(Tensor(rows: 1, columns: channelCount, repeating: 1))
        numBatchesTracked = Buffer(Tensor(rows: 1, columns: 1), isInteger: true)
    }

    public var description: String { "BatchNorm2d(\(channelCount))" }

    public var batchesTracked: Int { Int(numBatchesTracked.value.scalars[0]) }

    public var namedParameters: [(name: String, parameter: Parameter<Scalar>)] {
        guard let weight, let bias else { return [] }
        return [("weight", weight), ("bias", bias)]
    }

    public var namedBuffers: [(name: String, buffer: Buffer<Scalar>)] {
        [("running_mean", runningMean), ("running_var", runningVariance), ("num_batches_tracked", numBatchesTracked)]
    }

    /// Throws in training mode for a batch of one 1×1 image per channel (M = 1: no variance).
    /// (The pixel count is unknown here, so only N = 0 is rejected up front; `forward` checks M.)
    public func validateBatchSize(_ batchSize: Int) throws {
        if phase == .training && batchSize < 1 {
            throw BatchNormBatchSizeError(message: "\(self): a training batch needs at least one image, got \(batchSize)")
        }
    }

    public func forward(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
        let shape = input.requireImages(for: description)
        checkPrecondition(
            shape.channels == channelCount,
            "\(self): input images have \(shape.channels) channels, expected \(channelCount); input shape \(input.dimensionsDescription)")
        forwardPhase = phase
        switch phase {
        case .training:
            checkPrecondition(
                input.rows * shape.planeCount > 1,
                "\(self): expected more than 1 value per channel when training, got input shape \(input.dimensionsDescription); use a larger batch or call eval()")
            return normalizeWithBatchStatistics(input, shape: shape)
        case .evaluation:
            let epsilon = self.epsilon
            inverseStandardDeviation = runningVariance.value.scalars.map { Scalar(1 / (Double($0) + epsilon).squareRoot()) }
            return normalize(input, shape: shape, mean: runningMean.value.scalars)
        }
    }

    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    private func normalizeWithBatchStatistics(_ input: Tensor<Scalar>, shape: ImageShape) -> Tensor<Scalar> {
        let (n, c, plane) = (input.rows, channelCount, shape.planeCount)
        let m = Double(n * plane)
        var mean = [Double](repeating: 0, count: c)
        var squaredDeviations = [Double](repeating: 0, count: c)
        input.withUnsafeBufferPointer { x in
            // μ_c, then Σ (x − μ_c)² (two passes: no cancellation)
            for image in 0..<n {
                for channel in 0..<c {
                    let map = x.baseAddress! + (image * c + channel) * plane
                    var total = 0.0
                    for p in 0..<plane { total += Double(map[p]) }
                    mean[channel] += total
                }
            }
            for channel in 0..<c { mean[channel] /= m }
            for image in 0..<n {
                for channel in 0..<c {
                    let map = x.baseAddress! + (image * c + channel) * plane
                    let mu = mean[channel]
                    var total = 0.0
                    for p in 0..<plane {
                        let deviation = Double(map[p]) - mu
                        total += deviation * deviation
                    }
                    squaredDeviations[channel] += total
                }
            }
        }
        let epsilon = self.epsilon
        inverseStandardDeviation = squaredDeviations.map { Scalar(1 / ($0 / m + epsilon).squareRoot()) }
        numBatchesTracked.value.scalars[0] += 1
        let factor = momentum ?? 1 / Double(numBatchesTracked.value.scalars[0])
        for channel in 0..<c {
            let unbiasedVariance = squaredDeviations[channel] / (m - 1)
            runningMean.value.scalars[channel] = Scalar(
                factor * mean[channel] + (1 - factor) * Double(runningMean.value.scalars[channel]))
            runningVariance.value.scalars[channel] = Scalar(
                factor * unbiasedVariance + (1 - factor) * Double(runningVariance.value.scalars[channel]))
        }
        return normalize(input, shape: shape, mean: mean.map { Scalar($0) })
    }

    /// x̂ = (x − μ_c) · invstd_c (kept for backward) and y = γ_c · x̂ + β_c.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    private func normalize(_ input: Tensor<Scalar>, shape: ImageShape, mean: [Scalar]) -> Tensor<Scalar> {
        let (n, c, plane) = (input.rows, channelCount, shape.planeCount)
        let gamma = weight?.value.scalars ?? [Scalar](repeating: 1, count: c)
        let beta = bias?.value.scalars ?? [Scalar](repeating: 0, count: c)
        let invstd = inverseStandardDeviation
        var normalized = Tensor<Scalar>(rows: 0, columns: 0)
        swap(&normalized, &self.normalized)
        if normalized.shape != input.shape { normalized = Tensor.uninitialized(like: input) }
        normalized = normalized.asImages(shape)
        var output = Tensor<Scalar>.uninitialized(like: input)
        input.withUnsafeBufferPointer { x in
            normalized.withUnsafeMutableBufferPointer { xHat in
                output.withUnsafeMutableBufferPointer { y in
                    for image in 0..<n {
                        for channel in 0..<c {
                            let (mu, s, g, b) = (mean[channel], invstd[channel], gamma[channel], beta[channel])
                            let start = (image * c + channel) * plane
                            for k in start..<start + plane {
                                xHat[k] = (x[k] - mu) * s
                                y[k] = g * xHat[k] + b
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
    public func backward(_ outputGradient: Tensor<Scalar>) -> Tensor<Scalar> {
        guard let forwardPhase else { failPrecondition("\(self): backward called before forward") }
        checkPrecondition(
            outputGradient.shape == normalized.shape,
            "\(self): output gradient has shape \(outputGradient.dimensionsDescription), expected \(normalized.dimensionsDescription) (the output of the last forward)")
        let (n, c) = (normalized.rows, channelCount)
        let plane = normalized.columns / c
        // Σ ∂L/∂y and Σ ∂L/∂y · x̂ per channel, in Double
        var sumDy = [Double](repeating: 0, count: c)
        var sumDyXHat = [Double](repeating: 0, count: c)
        outputGradient.withUnsafeBufferPointer { dy in
            normalized.withUnsafeBufferPointer { xHat in
                for image in 0..<n {
                    for channel in 0..<c {
                        let start = (image * c + channel) * plane
                        var (a, b) = (0.0, 0.0)
                        for k in start..<start + plane {
                            a += Double(dy[k])
                            b += Double(dy[k]) * Double(xHat[k])
                        }
                        sumDy[channel] += a
                        sumDyXHat[channel] += b
                    }
                }
            }
        }
        if let weight, let bias {
            for channel in 0..<c {
                bias.gradient.scalars[channel] += Scalar(sumDy[channel])
                weight.gradient.scalars[channel] += Scalar(sumDyXHat[channel])
            }
        }
        let gamma = weight?.value.scalars ?? [Scalar](repeating: 1, count: c)
        let count = Scalar(n * plane)
        var inputGradient = Tensor<Scalar>.uninitialized(like: outputGradient).asImages(normalized.imageShape!)
        outputGradient.withUnsafeBufferPointer { dy in
            normalized.withUnsafeBufferPointer { xHat in
                inputGradient.withUnsafeMutableBufferPointer { dx in
                    for image in 0..<n {
                        for channel in 0..<c {
                            let start = (image * c + channel) * plane
                            switch forwardPhase {
                            case .training:
                                // γ_c / (M √(σ²_c + ε)) · (M ∂L/∂y − Σ ∂L/∂y − x̂ Σ ∂L/∂y · x̂)
                                let coefficient = gamma[channel] * inverseStandardDeviation[channel] / count
                                let (a, b) = (Scalar(sumDy[channel]), Scalar(sumDyXHat[channel]))
                                for k in start..<start + plane {
                                    dx[k] = coefficient * (count * dy[k] - a - xHat[k] * b)
                                }
                            case .evaluation:
                                let coefficient = gamma[channel] * inverseStandardDeviation[channel]
                                for k in start..<start + plane { dx[k] = dy[k] * coefficient }
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}

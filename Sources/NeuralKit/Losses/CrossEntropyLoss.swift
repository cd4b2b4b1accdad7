import Preconditions

/// Cross-entropy of class scores (logits) against class labels, with optional label smoothing,
/// exactly as PyTorch's `nn.CrossEntropyLoss(label_smoothing: ε)` with mean reduction.
///
/// With `log p = logSoftmax(z)` computed stably (row maximum subtracted) and `C` classes:
///
/// ```
/// Lᵢ = (1 − ε) · (−log p_yᵢ)  +  ε · (1/C) Σ_c (−log p_c)
/// L  = (1/N) Σᵢ Lᵢ
/// ```
///
/// Smoothing is the same as training against the target distribution `q = (1 − ε)·onehot(y) + ε/C`,
/// so the gradient is the familiar "prediction minus target":
///
/// ```
/// ∂L/∂zᵢ = (pᵢ − qᵢ) / N
/// ```
///
/// Soft targets (rows of class probabilities, e.g. from mixup) are accepted too; then
/// `q = (1 − ε)·target + ε/C` and `Lᵢ = −Σ_c q_c log p_c`.
///
/// ### References
/// Szegedy et al., "Rethinking the Inception Architecture for Computer Vision", CVPR 2016
/// (label smoothing).
public struct CrossEntropyLoss: Sendable {
    /// ε, the probability mass spread uniformly over all classes; in [0, 1].
    public let labelSmoothing: Double

    /// Plain cross-entropy (no label smoothing).
    public init() {
        labelSmoothing = 0
    }

    /// Cross-entropy with label smoothing ε ∈ [0, 1].
    public init(labelSmoothing: Double) throws {
        try validate(
            labelSmoothing, named: "labelSmoothing", in: "CrossEntropyLoss",
            atLeast: 0, below: 1, upperIncluded: true)
        self.labelSmoothing = labelSmoothing
    }

    /// The loss of `logits` (N × C) against class indices `labels` (N values in `0..<C`).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func callAsFunction<Scalar: TensorScalar>(
        _ logits: Tensor<Scalar>, _ labels: [Int]
    ) -> LossResult<Scalar> {
        let batchSize = logits.rows
        let classCount = logits.columns
        checkPrecondition(
            labels.count == batchSize,
            "CrossEntropyLoss: \(labels.count) labels for logits of shape \(logits.shape) (need one label per row)")
        checkPrecondition(batchSize > 0 && classCount > 0, "CrossEntropyLoss: empty logits \(logits.shape)")
        for (i, label) in labels.enumerated() {
            checkPrecondition(
                label >= 0 && label < classCount,
                "CrossEntropyLoss: label \(label) of example \(i) is outside the classes 0..<\(classCount)")
        }
        let epsilon = Scalar(labelSmoothing)
        let onTarget = 1 - epsilon
        let uniform = epsilon / Scalar(classCount)
        let inverseBatch = 1 / Scalar(batchSize)

        // One pass per row computes the stable log-softmax and its probabilities together:
        // log p_c = z_c − m − log Σ exp(z − m), p_c = exp(z_c − m) / Σ exp(z − m).
        var gradient = Tensor<Scalar>.zeros(like: logits)
        var total = 0.0
        gradient.withUnsafeMutableBufferPointer { gradientBuffer in
            logits.withUnsafeBufferPointer { logitsBuffer in
                for i in 0..<batchSize {
                    let z = logitsBuffer.baseAddress! + i * classCount
                    let g = gradientBuffer.baseAddress! + i * classCount
                    var maximum = z[0]
                    for c in 1..<classCount where z[c] > maximum { maximum = z[c] }
                    var sumOfExponentials: Scalar = 0
                    var sumOfShiftedLogits: Scalar = 0
                    for c in 0..<classCount {
                        let shifted = z[c] - maximum
                        g[c] = Scalar.exp(shifted)
                        sumOfExponentials += g[c]
                        sumOfShiftedLogits += shifted
                    }
                    let logSum = Scalar.log(sumOfExponentials)  // log Σ exp(z − m)
                    let label = labels[i]
                    let negativeLogLikelihood = logSum - (z[label] - maximum)  // −log p_y
                    let smoothingTerm = logSum - sumOfShiftedLogits / Scalar(classCount)  // mean_c −log p_c
                    total += Double(onTarget * negativeLogLikelihood + epsilon * smoothingTerm)
                    // Backward, beside the forward: ∂Lᵢ/∂z_c = (p_c − q_c) / N.
                    let inverseSum = 1 / sumOfExponentials
                    for c in 0..<classCount {
                        let target = uniform + (c == label ? onTarget : 0)
                        g[c] = (g[c] * inverseSum - target) * inverseBatch
                    }
                }
            }
        }
        return LossResult(value: Scalar(total / Double(batchSize)), gradient: gradient)
    }

    /// The loss of `logits` (N × C) against soft targets (N × C rows of class probabilities).
    ///
    /// The gradient is `(p·Σ_c q_c − q) / N`, which is `(p − q) / N` when rows of `q` sum to one.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func callAsFunction<Scalar: TensorScalar>(
        _ logits: Tensor<Scalar>, _ targetProbabilities: Tensor<Scalar>
    ) -> LossResult<Scalar> {
        checkPrecondition(
            logits.shape == targetProbabilities.shape,
            "CrossEntropyLoss: logits \(logits.shape) and target probabilities \(targetProbabilities.shape) must have the same shape")
        let batchSize = logits.rows
        let classCount = logits.columns
        checkPrecondition(batchSize > 0 && classCount > 0, "CrossEntropyLoss: empty logits \(logits.shape)")
        let epsilon = Scalar(labelSmoothing)
        let onTarget = 1 - epsilon
        let uniform = epsilon / Scalar(classCount)
        let inverseBatch = 1 / Scalar(batchSize)

        var gradient = logits.logSoftmax()
        var total = 0.0
        gradient.withUnsafeMutableBufferPointer { buffer in
            targetProbabilities.withUnsafeBufferPointer { targets in
                for i in 0..<batchSize {
                    let logProbability = buffer.baseAddress! + i * classCount
                    let targetRow = targets.baseAddress! + i * classCount
                    var loss: Scalar = 0
                    var targetMass: Scalar = 0
                    for c in 0..<classCount {
                        let q = onTarget * targetRow[c] + uniform
                        loss -= q * logProbability[c]
                        targetMass += q
                    }
                    total += Double(loss)
                    for c in 0..<classCount {
                        let q = onTarget * targetRow[c] + uniform
                        let probability = Scalar.exp(logProbability[c])
                        logProbability[c] = (probability * targetMass - q) * inverseBatch
                    }
                }
            }
        }
        return LossResult(value: Scalar(total / Double(batchSize)), gradient: gradient)
    }
}

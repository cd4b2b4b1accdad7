import Preconditions

/// Knowledge distillation: a student learns from a teacher's softened predictions and from the
/// true labels.
///
/// With temperature `T`, weight `α`, student logits `s`, teacher logits `t`, labels `y` and batch
/// size `N`:
///
/// ```
/// pᵗ = softmax(t / T),   log qˢ = logSoftmax(s / T)
/// soft = T² · (1/N) Σᵢ Σ_c pᵗ_ic (log pᵗ_ic − log qˢ_ic)     (KL(pᵗ ‖ qˢ), "batchmean")
/// hard = CrossEntropy(s, y)
/// L    = α · soft + (1 − α) · hard
///
/// ∂soft/∂s = T · (qˢ − pᵗ) / N                          (the T² makes up for the 1/T² of the chain rule)
/// ∂hard/∂s = (softmax(s) − onehot(y)) / N
/// ```
///
/// The soft part equals PyTorch's `T*T * F.kl_div(F.log_softmax(s/T, 1), F.softmax(t/T, 1),
/// reduction="batchmean")`. The teacher is fixed: no gradient flows into `t`.
///
/// ### References
/// Hinton, Vinyals & Dean, "Distilling the Knowledge in a Neural Network", 2015.
public struct DistillationLoss: Sendable {
    /// T > 0; larger values soften both distributions.
    public let temperature: Double
    /// α ∈ [0, 1], the weight of the soft (teacher) part.
    public let alpha: Double
    /// The hard part (cross-entropy with the labels).
    public let hardLossFunction: CrossEntropyLoss

    public init(temperature: Double, alpha: Double, labelSmoothing: Double = 0) throws {
        try validate(temperature, named: "temperature", in: "DistillationLoss", atLeast: 0, lowerIncluded: false)
        try validate(alpha, named: "alpha", in: "DistillationLoss", atLeast: 0, below: 1, upperIncluded: true)
        self.temperature = temperature
        self.alpha = alpha
        self.hardLossFunction = try CrossEntropyLoss(labelSmoothing: labelSmoothing)
    }

    /// `α·soft + (1 − α)·hard` and its gradient with respect to the student logits.
    public func callAsFunction<Scalar: TensorScalar>(
        student studentLogits: Tensor<Scalar>, teacher teacherLogits: Tensor<Scalar>, labels: [Int]
    ) -> LossResult<Scalar> {
        let soft = softLoss(student: studentLogits, teacher: teacherLogits)
        let hard = hardLoss(student: studentLogits, labels: labels)
        let softWeight = Scalar(alpha)
        let hardWeight = Scalar(1 - alpha)
        var gradient = soft.gradient
        gradient.scale(by: softWeight)
        gradient.add(hard.gradient, scaledBy: hardWeight)
        return LossResult(value: softWeight * soft.value + hardWeight * hard.value, gradient: gradient)
    }

    /// The soft part alone, `T²·KL(softmax(t/T) ‖ softmax(s/T))` with batch-mean reduction, and its
    /// gradient `T·(qˢ − pᵗ)/N` (not multiplied by α).
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func softLoss<Scalar: TensorScalar>(
        student studentLogits: Tensor<Scalar>, teacher teacherLogits: Tensor<Scalar>
    ) -> LossResult<Scalar> {
        checkPrecondition(
            studentLogits.shape == teacherLogits.shape,
            "DistillationLoss: student logits \(studentLogits.shape) and teacher logits \(teacherLogits.shape) must have the same shape")
        let batchSize = studentLogits.rows
        checkPrecondition(batchSize > 0 && studentLogits.columns > 0, "DistillationLoss: empty logits \(studentLogits.shape)")
        let T = Scalar(temperature)
        let teacherProbabilities = teacherLogits.softmax(temperature: T)
        var gradient = studentLogits.logSoftmax(temperature: T)
        let gradientScale = T / Scalar(batchSize)
        var divergence = 0.0
        let count = gradient.count
        gradient.withUnsafeMutableBufferPointer { gradientBuffer in
            teacherProbabilities.withUnsafeBufferPointer { p in
                let buffer = gradientBuffer.baseAddress!
                for k in 0..<count {
                    let logQ = buffer[k]
                    // p·(log p − log q), with 0·log 0 = 0 as in PyTorch's kl_div.
                    if p[k] > 0 { divergence += Double(p[k] * (Scalar.log(p[k]) - logQ)) }
                    buffer[k] = gradientScale * (Scalar.exp(logQ) - p[k])
                }
            }
        }
        let value = temperature * temperature * divergence / Double(batchSize)
        return LossResult(value: Scalar(value), gradient: gradient)
    }

    /// The hard part alone, the cross-entropy of the student logits with the labels (not
    /// multiplied by 1 − α).
    public func hardLoss<Scalar: TensorScalar>(student studentLogits: Tensor<Scalar>, labels: [Int]) -> LossResult<Scalar> {
        hardLossFunction(studentLogits, labels)
    }
}

import Grader
import NeuralKit
import Student

// The student's own module as a `Submission`, linked into one process with the checks. Only a
// student's `swift test` (ExerciseTests, which runs each check in an exit test) and the grader's
// tests use it; `grade` never links the student's code: it runs it in a sandboxed `exercise-runner`.

extension InvertedDropout: DropoutLayerUnderTest {}
extension BatchNormalization: BatchNormalizationUnderTest {}
extension EarlyStopper: EarlyStopperUnderTest {}
extension SpatialDropout: DropoutLayerUnderTest {}

extension Submission {
    /// The functions of the `Student` module as compiled into this binary: the student's own code
    /// in a student's checkout, the reference solutions in the instructor's package.
    public static let student = Submission(
        dropoutForward: { try Student.dropoutForward($0, mask: $1, probability: $2) },
        dropoutBackward: { try Student.dropoutBackward($0, mask: $1, probability: $2) },
        makeDropout: { try InvertedDropout(probability: $0, generator: $1) },
        l1Penalty: { try Student.l1Penalty($0, strength: $1) },
        l1Gradient: { try Student.l1Gradient($0, strength: $1) },
        l2Penalty: { try Student.l2Penalty($0, strength: $1) },
        l2Gradient: { try Student.l2Gradient($0, strength: $1) },
        elasticNetPenalty: { try Student.elasticNetPenalty($0, l1Strength: $1, l2Strength: $2) },
        elasticNetGradient: { try Student.elasticNetGradient($0, l1Strength: $1, l2Strength: $2) },
        sgdStepWithWeightDecay: {
            try Student.sgdStepWithWeightDecay(weights: $0, gradient: $1, learningRate: $2, weightDecay: $3)
        },
        makeBatchNormalization: { try BatchNormalization(featureCount: $0, epsilon: $1, momentum: $2) },
        makeEarlyStopper: { try EarlyStopper(patience: $0, minDelta: $1) },
        distillationLoss: {
            try Student.distillationLoss(studentLogits: $0, teacherLogits: $1, labels: $2, temperature: $3, alpha: $4)
        },
        distillationLossGradient: {
            try Student.distillationLossGradient(
                studentLogits: $0, teacherLogits: $1, labels: $2, temperature: $3, alpha: $4)
        },
        adamWithL2Step: { weights, gradient, state, h in
            try Student.adamWithL2Step(
                weights: weights, gradient: gradient, state: &state, learningRate: h.learningRate,
                weightDecay: h.weightDecay, beta1: h.beta1, beta2: h.beta2, epsilon: h.epsilon)
        },
        adamWStep: { weights, gradient, state, h in
            try Student.adamWStep(
                weights: weights, gradient: gradient, state: &state, learningRate: h.learningRate,
                weightDecay: h.weightDecay, beta1: h.beta1, beta2: h.beta2, epsilon: h.epsilon)
        },
        labelSmoothingLoss: { try Student.crossEntropyWithLabelSmoothing(logits: $0, labels: $1, smoothing: $2) },
        labelSmoothingGradient: {
            try Student.crossEntropyWithLabelSmoothingGradient(logits: $0, labels: $1, smoothing: $2)
        },
        spatialDropoutForward: { try Student.spatialDropoutForward($0, mask: $1, channels: $2, probability: $3) },
        spatialDropoutBackward: { try Student.spatialDropoutBackward($0, mask: $1, channels: $2, probability: $3) },
        makeSpatialDropout: { try SpatialDropout(probability: $0, channels: $1, generator: $2) })
}

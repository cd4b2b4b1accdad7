import NeuralKit
import ExerciseTypes

/// A dropout layer as the checks drive it (the student's `InvertedDropout` or `SpatialDropout`, the
/// reference's, or a deliberately wrong one in the grader's own tests).
public protocol DropoutLayerUnderTest: AnyObject {
    var isTraining: Bool { get set }
    func forward(_ x: Tensor<Double>) throws -> Tensor<Double>
    func backward(_ outputGradient: Tensor<Double>) throws -> Tensor<Double>
}

/// A batch-normalisation layer as the checks drive it.
public protocol BatchNormalizationUnderTest: AnyObject {
    var scale: [Double] { get set }
    var shift: [Double] { get set }
    var runningMean: [Double] { get }
    var runningVariance: [Double] { get }
    var scaleGradient: [Double] { get }
    var shiftGradient: [Double] { get }
    func forwardTraining(_ x: Tensor<Double>) throws -> Tensor<Double>
    func backward(_ outputGradient: Tensor<Double>) throws -> Tensor<Double>
    func forwardEvaluation(_ x: Tensor<Double>) throws -> Tensor<Double>
}

/// An early-stopping state machine as the checks drive it.
public protocol EarlyStopperUnderTest {
    mutating func update(validationLoss: Double, weights: [Double]) throws -> EarlyStoppingDecision
    func bestWeights() throws -> [Double]
}

/// Hyperparameters of one Adam or AdamW step.
public struct AdamHyperparameters: Sendable, CustomStringConvertible {
    public var learningRate: Double
    public var weightDecay: Double
    public var beta1: Double = 0.9
    public var beta2: Double = 0.999
    public var epsilon: Double = 1e-8

    public init(learningRate: Double, weightDecay: Double, beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8) {
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public var description: String {
        "lr \(learningRate), weight decay \(weightDecay), betas (\(beta1), \(beta2)), eps \(epsilon)"
    }
}

/// The functions of all seven exercises as values, so that the same checks can grade the student's
/// module (`Submission.student`), the reference implementation, or a deliberately wrong variant
/// (the grader's own tests replace one closure at a time).
public struct Submission: Sendable {
    // Exercise 1
    public var dropoutForward: @Sendable (_ x: Tensor<Double>, _ mask: Tensor<Double>, _ probability: Double) throws -> Tensor<Double>
    public var dropoutBackward: @Sendable (_ outputGradient: Tensor<Double>, _ mask: Tensor<Double>, _ probability: Double) throws -> Tensor<Double>
    public var makeDropout: @Sendable (_ probability: Double, _ generator: RandomGenerator) throws -> any DropoutLayerUnderTest
    // Exercise 2
    public var l1Penalty: @Sendable (_ weights: [Double], _ strength: Double) throws -> Double
    public var l1Gradient: @Sendable (_ weights: [Double], _ strength: Double) throws -> [Double]
    public var l2Penalty: @Sendable (_ weights: [Double], _ strength: Double) throws -> Double
    public var l2Gradient: @Sendable (_ weights: [Double], _ strength: Double) throws -> [Double]
    public var elasticNetPenalty: @Sendable (_ weights: [Double], _ l1Strength: Double, _ l2Strength: Double) throws -> Double
    public var elasticNetGradient: @Sendable (_ weights: [Double], _ l1Strength: Double, _ l2Strength: Double) throws -> [Double]
    public var sgdStepWithWeightDecay: @Sendable (_ weights: [Double], _ gradient: [Double], _ learningRate: Double, _ weightDecay: Double) throws -> [Double]
    // Exercise 3
    public var makeBatchNormalization: @Sendable (_ featureCount: Int, _ epsilon: Double, _ momentum: Double) throws -> any BatchNormalizationUnderTest
    // Exercise 4
    public var makeEarlyStopper: @Sendable (_ patience: Int, _ minDelta: Double) throws -> any EarlyStopperUnderTest
    // Exercise 5
    public var distillationLoss: @Sendable (_ student: Tensor<Double>, _ teacher: Tensor<Double>, _ labels: [Int], _ temperature: Double, _ alpha: Double) throws -> Double
    public var distillationLossGradient: @Sendable (_ student: Tensor<Double>, _ teacher: Tensor<Double>, _ labels: [Int], _ temperature: Double, _ alpha: Double) throws -> Tensor<Double>
    // Exercise 6
    public var adamWithL2Step: @Sendable (_ weights: [Double], _ gradient: [Double], _ state: inout AdamState, _ hyperparameters: AdamHyperparameters) throws -> [Double]
    public var adamWStep: @Sendable (_ weights: [Double], _ gradient: [Double], _ state: inout AdamState, _ hyperparameters: AdamHyperparameters) throws -> [Double]
    public var labelSmoothingLoss: @Sendable (_ logits: Tensor<Double>, _ labels: [Int], _ smoothing: Double) throws -> Double
    public var labelSmoothingGradient: @Sendable (_ logits: Tensor<Double>, _ labels: [Int], _ smoothing: Double) throws -> Tensor<Double>
    // Exercise 7: x is N × (C·H·W), the mask N × C.
    public var spatialDropoutForward: @Sendable (_ x: Tensor<Double>, _ mask: Tensor<Double>, _ channels: Int, _ probability: Double) throws -> Tensor<Double>
    public var spatialDropoutBackward: @Sendable (_ outputGradient: Tensor<Double>, _ mask: Tensor<Double>, _ channels: Int, _ probability: Double) throws -> Tensor<Double>
    public var makeSpatialDropout: @Sendable (_ probability: Double, _ channels: Int, _ generator: RandomGenerator) throws -> any DropoutLayerUnderTest

    public init(
        dropoutForward: @escaping @Sendable (Tensor<Double>, Tensor<Double>, Double) throws -> Tensor<Double>,
        dropoutBackward: @escaping @Sendable (Tensor<Double>, Tensor<Double>, Double) throws -> Tensor<Double>,
        makeDropout: @escaping @Sendable (Double, RandomGenerator) throws -> any DropoutLayerUnderTest,
        l1Penalty: @escaping @Sendable ([Double], Double) throws -> Double,
        l1Gradient: @escaping @Sendable ([Double], Double) throws -> [Double],
        l2Penalty: @escaping @Sendable ([Double], Double) throws -> Double,
        l2Gradient: @escaping @Sendable ([Double], Double) throws -> [Double],
        elasticNetPenalty: @escaping @Sendable ([Double], Double, Double) throws -> Double,
        elasticNetGradient: @escaping @Sendable ([Double], Double, Double) throws -> [Double],
        sgdStepWithWeightDecay: @escaping @Sendable ([Double], [Double], Double, Double) throws -> [Double],
        makeBatchNormalization: @escaping @Sendable (Int, Double, Double) throws -> any BatchNormalizationUnderTest,
        makeEarlyStopper: @escaping @Sendable (Int, Double) throws -> any EarlyStopperUnderTest,
        distillationLoss: @escaping @Sendable (Tensor<Double>, Tensor<Double>, [Int], Double, Double) throws -> Double,
        distillationLossGradient: @escaping @Sendable (Tensor<Double>, Tensor<Double>, [Int], Double, Double) throws -> Tensor<Double>,
        adamWithL2Step: @escaping @Sendable ([Double], [Double], inout AdamState, AdamHyperparameters) throws -> [Double],
        adamWStep: @escaping @Sendable ([Double], [Double], inout AdamState, AdamHyperparameters) throws -> [Double],
        labelSmoothingLoss: @escaping @Sendable (Tensor<Double>, [Int], Double) throws -> Double,
        labelSmoothingGradient: @escaping @Sendable (Tensor<Double>, [Int], Double) throws -> Tensor<Double>,
        spatialDropoutForward: @escaping @Sendable (Tensor<Double>, Tensor<Double>, Int, Double) throws -> Tensor<Double>,
        spatialDropoutBackward: @escaping @Sendable (Tensor<Double>, Tensor<Double>, Int, Double) throws -> Tensor<Double>,
        makeSpatialDropout: @escaping @Sendable (Double, Int, RandomGenerator) throws -> any DropoutLayerUnderTest
    ) {
        self.dropoutForward = dropoutForward
        self.dropoutBackward = dropoutBackward
        self.makeDropout = makeDropout
        self.l1Penalty = l1Penalty
        self.l1Gradient = l1Gradient
        self.l2Penalty = l2Penalty
        self.l2Gradient = l2Gradient
        self.elasticNetPenalty = elasticNetPenalty
        self.elasticNetGradient = elasticNetGradient
        self.sgdStepWithWeightDecay = sgdStepWithWeightDecay
        self.makeBatchNormalization = makeBatchNormalization
        self.makeEarlyStopper = makeEarlyStopper
        self.distillationLoss = distillationLoss
        self.distillationLossGradient = distillationLossGradient
        self.adamWithL2Step = adamWithL2Step
        self.adamWStep = adamWStep
        self.labelSmoothingLoss = labelSmoothingLoss
        self.labelSmoothingGradient = labelSmoothingGradient
        self.spatialDropoutForward = spatialDropoutForward
        self.spatialDropoutBackward = spatialDropoutBackward
        self.makeSpatialDropout = makeSpatialDropout
    }
}

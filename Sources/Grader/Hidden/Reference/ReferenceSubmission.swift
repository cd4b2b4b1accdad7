import Foundation
import NeuralKit
import ExerciseTypes

/// The reference implementations the hidden checks compare against and the public fixtures are
/// generated from. Written independently of the solutions in `Sources/Student/` (whole-tensor
/// operations here, explicit loops there), so that the grader's own tests, which grade the
/// solutions against this reference, compare two implementations rather than one with itself.
/// Instructor-only: `release-student` leaves `Sources/Grader/Hidden/` out.
enum Reference {
    static func dropoutForward(_ x: Tensor<Double>, _ mask: Tensor<Double>, _ p: Double) -> Tensor<Double> {
        (1 / (1 - p)) * (x * mask)
    }

    static func softmaxRows(_ z: Tensor<Double>, temperature: Double = 1) -> Tensor<Double> {
        var result = z.map { $0 / temperature }
        for i in 0..<z.rows {
            let row = (0..<z.columns).map { result[i, $0] }
            let maximum = row.max() ?? 0
            let exponentials = row.map { Foundation.exp($0 - maximum) }
            let total = exponentials.reduce(0, +)
            for c in 0..<z.columns { result[i, c] = exponentials[c] / total }
        }
        return result
    }

    static func logSoftmaxRows(_ z: Tensor<Double>, temperature: Double = 1) -> Tensor<Double> {
        var result = z.map { $0 / temperature }
        for i in 0..<z.rows {
            let row = (0..<z.columns).map { result[i, $0] }
            let maximum = row.max() ?? 0
            let logTotal = maximum + Foundation.log(row.map { Foundation.exp($0 - maximum) }.reduce(0, +))
            for c in 0..<z.columns { result[i, c] -= logTotal }
        }
        return result
    }

    static func oneHot(_ labels: [Int], classes: Int) -> Tensor<Double> {
        var result = Tensor<Double>(rows: labels.count, columns: classes)
        for (i, label) in labels.enumerated() { result[i, label] = 1 }
        return result
    }

    static func sign(_ w: Double) -> Double { w > 0 ? 1 : (w < 0 ? -1 : 0) }

    static func adam(
        _ weights: [Double], _ gradient: [Double], _ state: inout AdamState, _ h: AdamHyperparameters,
        decoupled: Bool
    ) -> [Double] {
        let g = decoupled ? gradient : zip(gradient, weights).map { $0 + h.weightDecay * $1 }
        let decayed = decoupled ? weights.map { $0 * (1 - h.learningRate * h.weightDecay) } : weights
        state.step += 1
        state.firstMoment = zip(state.firstMoment, g).map { h.beta1 * $0 + (1 - h.beta1) * $1 }
        state.secondMoment = zip(state.secondMoment, g).map { h.beta2 * $0 + (1 - h.beta2) * $1 * $1 }
        let correction1 = 1 - Foundation.pow(h.beta1, Double(state.step))
        let correction2 = 1 - Foundation.pow(h.beta2, Double(state.step))
        return decayed.indices.map { i in
            let mHat = state.firstMoment[i] / correction1
            let vHat = state.secondMoment[i] / correction2
            return decayed[i] - h.learningRate * mHat / (vHat.squareRoot() + h.epsilon)
        }
    }

    static func smoothedTargets(_ labels: [Int], classes: Int, smoothing: Double) -> Tensor<Double> {
        oneHot(labels, classes: classes).map { (1 - smoothing) * $0 + smoothing / Double(classes) }
    }
}

/// Reference inverted dropout: the mask is drawn column-major-free, one Bernoulli per element.
final class ReferenceDropout: DropoutLayerUnderTest {
    let probability: Double
    var isTraining = true
    var generator: RandomGenerator
    var mask: Tensor<Double>?

    init(probability: Double, generator: RandomGenerator) {
        self.probability = probability
        self.generator = generator
    }

    func forward(_ x: Tensor<Double>) -> Tensor<Double> {
        guard isTraining else { mask = nil; return x }
        let keep = 1 - probability
        let drawn = Tensor<Double>.uniform(rows: x.rows, columns: x.columns, in: 0..<1, using: &generator)
            .map { $0 < keep ? 1 : 0 }
        mask = drawn
        return Reference.dropoutForward(x, drawn, probability)
    }

    func backward(_ outputGradient: Tensor<Double>) -> Tensor<Double> {
        guard let mask else { return outputGradient }
        return Reference.dropoutForward(outputGradient, mask, probability)
    }
}

/// Reference batch normalisation, with PyTorch's biased/unbiased variance convention.
final class ReferenceBatchNormalization: BatchNormalizationUnderTest {
    let epsilon: Double
    let momentum: Double
    var scale: [Double]
    var shift: [Double]
    var runningMean: [Double]
    var runningVariance: [Double]
    var scaleGradient: [Double]
    var shiftGradient: [Double]
    private var xHat = Tensor<Double>(rows: 0, columns: 0)
    private var standardDeviation: [Double] = []

    init(featureCount: Int, epsilon: Double, momentum: Double) {
        self.epsilon = epsilon
        self.momentum = momentum
        scale = Array(repeating: 1, count: featureCount)
        shift = Array(repeating: 0, count: featureCount)
        runningMean = Array(repeating: 0, count: featureCount)
        runningVariance = Array(repeating: 1, count: featureCount)
        scaleGradient = Array(repeating: 0, count: featureCount)
        shiftGradient = Array(repeating: 0, count: featureCount)
    }

    private func affine(_ xHat: Tensor<Double>) -> Tensor<Double> {
        var y = xHat
        y.multiply(by: Tensor(rows: 1, columns: scale.count, scalars: scale).repeatedRows(xHat.rows))
        y.addToEachRow(Tensor(rowVector: shift))
        return y
    }

    func forwardTraining(_ x: Tensor<Double>) -> Tensor<Double> {
        let n = Double(x.rows)
        let mean = x.columnMeans()
        var centered = x
        centered.addToEachRow((-1) * mean)
        let variance = (centered * centered).columnSums().scalars.map { $0 / n }
        standardDeviation = variance.map { ($0 + epsilon).squareRoot() }
        xHat = centered
        xHat.multiply(by: Tensor(rows: 1, columns: variance.count, scalars: standardDeviation.map { 1 / $0 }).repeatedRows(x.rows))
        for j in runningMean.indices {
            runningMean[j] = (1 - momentum) * runningMean[j] + momentum * mean.scalars[j]
            runningVariance[j] = (1 - momentum) * runningVariance[j] + momentum * variance[j] * n / (n - 1)
        }
        return affine(xHat)
    }

    func backward(_ g: Tensor<Double>) -> Tensor<Double> {
        let n = Double(g.rows)
        shiftGradient = g.columnSums().scalars
        scaleGradient = (g * xHat).columnSums().scalars
        // ∂L/∂x̂ = γ ⊙ g;  ∂L/∂x = (1/σ)(∂L/∂x̂ − mean(∂L/∂x̂) − x̂ · mean(∂L/∂x̂ ⊙ x̂))
        let gradientXHat = g * Tensor(rows: 1, columns: scale.count, scalars: scale).repeatedRows(g.rows)
        let meanGradient = gradientXHat.columnMeans()
        let meanProjection = (gradientXHat * xHat).columnMeans()
        var result = gradientXHat
        for i in 0..<g.rows {
            for j in 0..<g.columns {
                result[i, j] = (gradientXHat[i, j] - meanGradient.scalars[j] - xHat[i, j] * meanProjection.scalars[j])
                    / standardDeviation[j]
            }
        }
        _ = n
        return result
    }

    func forwardEvaluation(_ x: Tensor<Double>) -> Tensor<Double> {
        var xHat = x
        xHat.addToEachRow(Tensor(rowVector: runningMean.map { -$0 }))
        xHat.multiply(by: Tensor(rowVector: runningVariance.map { 1 / ($0 + epsilon).squareRoot() }).repeatedRows(x.rows))
        return affine(xHat)
    }
}

/// Reference early stopping: counts the epochs since the best one.
struct ReferenceEarlyStopper: EarlyStopperUnderTest {
    let patience: Int
    let minDelta: Double
    var history: [(loss: Double, weights: [Double])] = []
    var bestIndex: Int?

    mutating func update(validationLoss: Double, weights: [Double]) -> EarlyStoppingDecision {
        history.append((validationLoss, weights))
        if let best = bestIndex {
            if validationLoss < history[best].loss - minDelta { bestIndex = history.count - 1 }
        } else {
            bestIndex = 0
        }
        let epochsSinceBest = history.count - 1 - bestIndex!
        return epochsSinceBest >= patience && epochsSinceBest > 0 ? .stop : .continueTraining
    }

    func bestWeights() -> [Double] { bestIndex.map { history[$0].weights } ?? [] }
}

extension Tensor where Scalar == Double {
    /// A 1 × C row repeated `count` times.
    func repeatedRows(_ count: Int) -> Tensor<Double> {
        Tensor(rows: count, columns: columns, scalars: Array((0..<count).map { _ in scalars }.joined()))
    }
}

extension Submission {
    /// The reference implementation of every exercise.
    public static let reference = Submission(
        dropoutForward: { Reference.dropoutForward($0, $1, $2) },
        dropoutBackward: { Reference.dropoutForward($0, $1, $2) },
        makeDropout: { ReferenceDropout(probability: $0, generator: $1) },
        l1Penalty: { w, lambda in lambda * w.map(abs).reduce(0, +) },
        l1Gradient: { w, lambda in w.map { lambda * Reference.sign($0) } },
        l2Penalty: { w, lambda in 0.5 * lambda * w.map { $0 * $0 }.reduce(0, +) },
        l2Gradient: { w, lambda in w.map { lambda * $0 } },
        elasticNetPenalty: { w, l1, l2 in w.map { l1 * abs($0) + 0.5 * l2 * $0 * $0 }.reduce(0, +) },
        elasticNetGradient: { w, l1, l2 in w.map { l1 * Reference.sign($0) + l2 * $0 } },
        sgdStepWithWeightDecay: { w, g, eta, lambda in
            zip(w, g).map { $0 - eta * lambda * $0 - eta * $1 }
        },
        makeBatchNormalization: { ReferenceBatchNormalization(featureCount: $0, epsilon: $1, momentum: $2) },
        makeEarlyStopper: { ReferenceEarlyStopper(patience: $0, minDelta: $1) },
        distillationLoss: { z, v, labels, t, alpha in
            let n = Double(z.rows)
            let p = Reference.softmaxRows(v, temperature: t)
            let kl = (p * (Reference.logSoftmaxRows(v, temperature: t) - Reference.logSoftmaxRows(z, temperature: t))).sum() / n
            let crossEntropy = -(Reference.oneHot(labels, classes: z.columns) * Reference.logSoftmaxRows(z)).sum() / n
            return alpha * t * t * kl + (1 - alpha) * crossEntropy
        },
        distillationLossGradient: { z, v, labels, t, alpha in
            let n = Double(z.rows)
            let soft = (alpha * t / n) * (Reference.softmaxRows(z, temperature: t) - Reference.softmaxRows(v, temperature: t))
            let hard = ((1 - alpha) / n) * (Reference.softmaxRows(z) - Reference.oneHot(labels, classes: z.columns))
            return soft + hard
        },
        adamWithL2Step: { Reference.adam($0, $1, &$2, $3, decoupled: false) },
        adamWStep: { Reference.adam($0, $1, &$2, $3, decoupled: true) },
        labelSmoothingLoss: { z, labels, smoothing in
            let targets = Reference.smoothedTargets(labels, classes: z.columns, smoothing: smoothing)
            return -(targets * Reference.logSoftmaxRows(z)).sum() / Double(z.rows)
        },
        labelSmoothingGradient: { z, labels, smoothing in
            let targets = Reference.smoothedTargets(labels, classes: z.columns, smoothing: smoothing)
            return (1 / Double(z.rows)) * (Reference.softmaxRows(z) - targets)
        },
        spatialDropoutForward: { Reference.spatialDropout($0, $1, $2, $3) },
        spatialDropoutBackward: { Reference.spatialDropout($0, $1, $2, $3) },
        makeSpatialDropout: { ReferenceSpatialDropout(probability: $0, channels: $1, generator: $2) })
}

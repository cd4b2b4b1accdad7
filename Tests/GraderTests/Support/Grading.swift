import Grader
import NeuralKit
import Student
import StudentSubmission

/// Grades `submission` on the checks of `exercise` in this process.
func grade(_ submission: Submission, _ exercise: Exercise) -> [CheckResult] {
    CheckRunner.run(CheckCatalog.checks(of: exercise), on: submission)
}

/// The ids of the checks that did not pass.
func failingChecks(_ submission: Submission, _ exercise: Exercise) -> Set<String> {
    Set(grade(submission, exercise).filter { $0.status != .passed }.map(\.id))
}

/// A readable list of results for a failed expectation.
func summary(_ results: [CheckResult]) -> String {
    results.map { "\($0.id): \($0.status.rawValue) \($0.message.prefix(300))" }.joined(separator: "\n")
}

/// A dropout layer built from closures, for wrong and alternative variants.
final class DropoutVariant: DropoutLayerUnderTest {
    let probability: Double
    var isTraining = true
    var generator: RandomGenerator
    var mask: Tensor<Double>?
    /// Draws a mask of the given shape.
    let drawMask: (inout RandomGenerator, Shape, Double) -> Tensor<Double>
    /// Maps (x, mask, p, isTraining) to the output.
    let output: (Tensor<Double>, Tensor<Double>?, Double, Bool) -> Tensor<Double>
    /// Whether backward draws a fresh mask (a classic mistake).
    let freshMaskInBackward: Bool

    init(
        probability: Double, generator: RandomGenerator,
        drawMask: @escaping (inout RandomGenerator, Shape, Double) -> Tensor<Double> = DropoutVariant.rowMajorMask,
        output: @escaping (Tensor<Double>, Tensor<Double>?, Double, Bool) -> Tensor<Double> = DropoutVariant.invertedOutput,
        freshMaskInBackward: Bool = false
    ) {
        self.probability = probability
        self.generator = generator
        self.drawMask = drawMask
        self.output = output
        self.freshMaskInBackward = freshMaskInBackward
    }

    static func rowMajorMask(_ g: inout RandomGenerator, _ shape: Shape, _ p: Double) -> Tensor<Double> {
        var mask = Tensor<Double>(shape: shape)
        for i in 0..<shape.rows {
            for j in 0..<shape.columns { mask[i, j] = g.bernoulli(1 - p) ? 1 : 0 }
        }
        return mask
    }

    static func invertedOutput(_ x: Tensor<Double>, _ mask: Tensor<Double>?, _ p: Double, _ training: Bool) -> Tensor<Double> {
        guard training, let mask else { return x }
        return (1 / (1 - p)) * (x * mask)
    }

    func forward(_ x: Tensor<Double>) throws -> Tensor<Double> {
        mask = isTraining ? drawMask(&generator, x.shape, probability) : nil
        return output(x, mask, probability, isTraining)
    }

    func backward(_ outputGradient: Tensor<Double>) throws -> Tensor<Double> {
        if freshMaskInBackward { mask = drawMask(&generator, outputGradient.shape, probability) }
        return output(outputGradient, mask, probability, isTraining)
    }
}

/// Batch normalisation with switchable mistakes, written in its own style (E[x²] − E[x]²).
final class BatchNormVariant: BatchNormalizationUnderTest {
    enum Mistake { case none, unbiasedNormalization, noRunningUpdate, batchStatisticsInEvaluation }

    let mistake: Mistake
    let epsilon: Double
    let momentum: Double
    var scale: [Double]
    var shift: [Double]
    var runningMean: [Double]
    var runningVariance: [Double]
    var scaleGradient: [Double]
    var shiftGradient: [Double]
    private var xHat: Tensor<Double>?
    private var inverseDeviation: [Double] = []

    init(featureCount: Int, epsilon: Double, momentum: Double, mistake: Mistake) {
        self.mistake = mistake
        self.epsilon = epsilon
        self.momentum = momentum
        scale = Array(repeating: 1, count: featureCount)
        shift = Array(repeating: 0, count: featureCount)
        runningMean = Array(repeating: 0, count: featureCount)
        runningVariance = Array(repeating: 1, count: featureCount)
        scaleGradient = Array(repeating: 0, count: featureCount)
        shiftGradient = Array(repeating: 0, count: featureCount)
    }

    private func statistics(_ x: Tensor<Double>) -> (mean: [Double], variance: [Double]) {
        let n = Double(x.rows)
        var sums = [Double](repeating: 0, count: x.columns)
        var squares = [Double](repeating: 0, count: x.columns)
        for i in 0..<x.rows {  // row-major loop order, unlike the reference
            for j in 0..<x.columns {
                sums[j] += x[i, j]
                squares[j] += x[i, j] * x[i, j]
            }
        }
        let mean = sums.map { $0 / n }
        let variance = zip(squares, mean).map { $0 / n - $1 * $1 }
        return (mean, variance)
    }

    func forwardTraining(_ x: Tensor<Double>) throws -> Tensor<Double> {
        let n = Double(x.rows)
        let (mean, variance) = statistics(x)
        let normalizing = mistake == .unbiasedNormalization ? variance.map { $0 * n / (n - 1) } : variance
        inverseDeviation = normalizing.map { 1 / ($0 + epsilon).squareRoot() }
        var xHat = x
        var y = x
        for i in 0..<x.rows {
            for j in 0..<x.columns {
                xHat[i, j] = (x[i, j] - mean[j]) * inverseDeviation[j]
                y[i, j] = scale[j] * xHat[i, j] + shift[j]
            }
        }
        self.xHat = xHat
        if mistake != .noRunningUpdate {
            for j in mean.indices {
                runningMean[j] += momentum * (mean[j] - runningMean[j])
                runningVariance[j] += momentum * (variance[j] * n / (n - 1) - runningVariance[j])
            }
        }
        return y
    }

    func backward(_ g: Tensor<Double>) throws -> Tensor<Double> {
        let xHat = self.xHat!
        let n = Double(g.rows)
        var dx = g
        for j in 0..<g.columns {
            let column = (0..<g.rows)
            let sumG = column.reduce(0) { $0 + g[$1, j] }
            let sumGX = column.reduce(0) { $0 + g[$1, j] * xHat[$1, j] }
            shiftGradient[j] = sumG
            scaleGradient[j] = sumGX
            for i in column {
                dx[i, j] = scale[j] * inverseDeviation[j] * (g[i, j] - sumG / n - xHat[i, j] * sumGX / n)
            }
        }
        return dx
    }

    func forwardEvaluation(_ x: Tensor<Double>) throws -> Tensor<Double> {
        var (mean, variance) = (runningMean, runningVariance)
        if mistake == .batchStatisticsInEvaluation { (mean, variance) = statistics(x) }
        var y = x
        for i in 0..<x.rows {
            for j in 0..<x.columns {
                y[i, j] = scale[j] * (x[i, j] - mean[j]) / (variance[j] + epsilon).squareRoot() + shift[j]
            }
        }
        return y
    }
}

/// Early stopping with switchable mistakes.
struct EarlyStopperVariant: EarlyStopperUnderTest {
    enum Mistake { case none, restoresLast, patienceOffByOne, counterNotReset, checksPatienceOnImprovement }

    let patience: Int
    let minDelta: Double
    let mistake: Mistake
    /// Writes the improvement test as `best − loss > minDelta` (the same rule, rounded differently).
    var subtracts = false
    var best = Double.infinity
    var bestWeightsSoFar: [Double] = []
    var lastWeights: [Double] = []
    var bad = 0

    mutating func update(validationLoss: Double, weights: [Double]) throws -> EarlyStoppingDecision {
        lastWeights = weights
        if subtracts ? best - validationLoss > minDelta : validationLoss < best - minDelta {
            best = validationLoss
            bestWeightsSoFar = weights
            if mistake != .counterNotReset { bad = 0 }
            if mistake == .checksPatienceOnImprovement && bad >= patience { return .stop }
            return .continueTraining
        }
        bad += 1
        let stop = mistake == .patienceOffByOne ? bad > patience : bad >= patience
        return stop ? .stop : .continueTraining
    }

    func bestWeights() throws -> [Double] { mistake == .restoresLast ? lastWeights : bestWeightsSoFar }
}

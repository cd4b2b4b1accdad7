import Grader
import NeuralKit
import Student
import StudentSubmission
import Testing

/// Submissions that compute nothing must earn nothing: every check of every exercise fails a
/// function that returns zeros, returns its input unchanged, or throws.
@Suite("null submissions earn 0")
struct NullSubmissionTests {
    enum Null: String, CaseIterable, CustomStringConvertible, Sendable {
        case zeros, identity, throwing
        var description: String { rawValue }
    }

    struct NothingComputed: Error {}

    @Test("every exercise scores 0", arguments: Null.allCases)
    func scoresZero(_ kind: Null) {
        let submission = Self.submission(kind)
        for exercise in Exercise.allCases {
            let results = grade(submission, exercise)
            let passing = results.filter { $0.status == .passed }.map(\.id)
            #expect(passing.isEmpty, "\(kind) passes \(passing) of exercise \(exercise.rawValue)")
        }
    }

    static func submission(_ kind: Null) -> Submission {
        @Sendable func tensor(_ x: Tensor<Double>) throws -> Tensor<Double> {
            switch kind {
            case .zeros: return Tensor(shape: x.shape)
            case .identity: return x
            case .throwing: throw NothingComputed()
            }
        }
        @Sendable func array(_ w: [Double]) throws -> [Double] {
            switch kind {
            case .zeros: return [Double](repeating: 0, count: w.count)
            case .identity: return w
            case .throwing: throw NothingComputed()
            }
        }
        @Sendable func scalar() throws -> Double {
            if kind == .throwing { throw NothingComputed() }
            return 0
        }
        return Submission(
            dropoutForward: { x, _, _ in try tensor(x) },
            dropoutBackward: { g, _, _ in try tensor(g) },
            makeDropout: { p, g in
                if kind == .throwing { throw NothingComputed() }
                return DropoutVariant(probability: p, generator: g, output: { x, _, _, _ in
                    kind == .zeros ? Tensor(shape: x.shape) : x
                })
            },
            l1Penalty: { _, _ in try scalar() },
            l1Gradient: { w, _ in try array(w) },
            l2Penalty: { _, _ in try scalar() },
            l2Gradient: { w, _ in try array(w) },
            elasticNetPenalty: { _, _, _ in try scalar() },
            elasticNetGradient: { w, _, _ in try array(w) },
            sgdStepWithWeightDecay: { w, _, _, _ in try array(w) },
            makeBatchNormalization: { features, _, _ in
                if kind == .throwing { throw NothingComputed() }
                return NullBatchNorm(featureCount: features, zeros: kind == .zeros)
            },
            makeEarlyStopper: { _, _ in
                if kind == .throwing { throw NothingComputed() }
                return NullStopper(zeros: kind == .zeros)
            },
            distillationLoss: { _, _, _, _, _ in try scalar() },
            distillationLossGradient: { z, _, _, _, _ in try tensor(z) },
            adamWithL2Step: { w, _, _, _ in try array(w) },
            adamWStep: { w, _, _, _ in try array(w) },
            labelSmoothingLoss: { _, _, _ in try scalar() },
            labelSmoothingGradient: { z, _, _ in try tensor(z) },
            spatialDropoutForward: { x, _, _, _ in try tensor(x) },
            spatialDropoutBackward: { g, _, _, _ in try tensor(g) },
            makeSpatialDropout: { p, _, g in
                if kind == .throwing { throw NothingComputed() }
                return DropoutVariant(probability: p, generator: g, output: { x, _, _, _ in
                    kind == .zeros ? Tensor(shape: x.shape) : x
                })
            })
    }
}

/// Batch norm that returns zeros (or its input) and never touches its statistics.
final class NullBatchNorm: BatchNormalizationUnderTest {
    let zeros: Bool
    var scale: [Double]
    var shift: [Double]
    var runningMean: [Double]
    var runningVariance: [Double]
    var scaleGradient: [Double]
    var shiftGradient: [Double]

    init(featureCount: Int, zeros: Bool) {
        self.zeros = zeros
        let none = [Double](repeating: 0, count: featureCount)
        scale = zeros ? none : [Double](repeating: 1, count: featureCount)
        shift = none
        runningMean = none
        runningVariance = zeros ? none : [Double](repeating: 1, count: featureCount)
        scaleGradient = none
        shiftGradient = none
    }

    func output(_ x: Tensor<Double>) -> Tensor<Double> { zeros ? Tensor(shape: x.shape) : x }
    func forwardTraining(_ x: Tensor<Double>) throws -> Tensor<Double> { output(x) }
    func backward(_ outputGradient: Tensor<Double>) throws -> Tensor<Double> { output(outputGradient) }
    func forwardEvaluation(_ x: Tensor<Double>) throws -> Tensor<Double> { output(x) }
}

/// Early stopping that never stops, restoring nothing (or the latest weights).
struct NullStopper: EarlyStopperUnderTest {
    let zeros: Bool
    var last: [Double] = []

    mutating func update(validationLoss: Double, weights: [Double]) throws -> EarlyStoppingDecision {
        last = weights
        return .continueTraining
    }

    func bestWeights() throws -> [Double] { zeros ? [Double](repeating: 0, count: last.count) : last }
}

import Foundation
import Grader
import NeuralKit
import Student
import StudentSubmission
import Testing

/// Correct implementations written differently from the reference must get full marks.
struct AlternativeImplementation: Sendable, CustomStringConvertible {
    let name: String
    let exercise: Exercise
    let submission: Submission
    var description: String { name }

    static func variant(_ change: (inout Submission) -> Void) -> Submission {
        var submission = Submission.reference
        change(&submission)
        return submission
    }

    static let all: [AlternativeImplementation] = [
        AlternativeImplementation(
            name: "dropout drawing its mask column by column, keeping a unit when u ≥ p", exercise: .dropout,
            submission: variant {
                $0.makeDropout = { p, g in
                    DropoutVariant(probability: p, generator: g, drawMask: { g, shape, p in
                        var mask = Tensor<Double>(shape: shape)
                        for j in 0..<shape.columns {
                            for i in 0..<shape.rows { mask[i, j] = g.uniform(Double.self) >= p ? 1 : 0 }
                        }
                        return mask
                    })
                }
            }),
        AlternativeImplementation(
            name: "dropout drawing its mask by a random permutation of exactly ⌊(1 − p)·n⌉ survivors", exercise: .dropout,
            submission: variant {
                $0.makeDropout = { p, g in
                    DropoutVariant(probability: p, generator: g, drawMask: { g, shape, p in
                        let count = shape.rows * shape.columns
                        let kept = Int((Double(count) * (1 - p)).rounded())
                        var flat = [Double](repeating: 0, count: count)
                        for index in g.permutation(count).prefix(kept) { flat[index] = 1 }
                        return Tensor(rows: shape.rows, columns: shape.columns, scalars: flat)
                    })
                }
            }),
        AlternativeImplementation(
            name: "batch norm with E[x²] − E[x]² and a row-major loop", exercise: .batchNormalization,
            submission: variant {
                $0.makeBatchNormalization = { BatchNormVariant(featureCount: $0, epsilon: $1, momentum: $2, mistake: .none) }
            }),
        AlternativeImplementation(
            name: "early stopping with a counter instead of a history", exercise: .earlyStopping,
            submission: variant { $0.makeEarlyStopper = { EarlyStopperVariant(patience: $0, minDelta: $1, mistake: .none) } }),
        AlternativeImplementation(
            name: "early stopping that reads the rule as best − loss > minDelta", exercise: .earlyStopping,
            submission: variant { $0.makeEarlyStopper = { EarlyStopperVariant(patience: $0, minDelta: $1, mistake: .none, subtracts: true) } }),
        AlternativeImplementation(
            name: "distillation written as Σ p log p − Σ p log q with the gradient's T² / T spelled out", exercise: .distillation,
            submission: variant {
                $0.distillationLoss = { distillation($0, $1, $2, $3, $4) }
                $0.distillationLossGradient = { distillationGradient($0, $1, $2, $3, $4) }
            }),
        AlternativeImplementation(
            name: "penalties accumulated in a reversed loop", exercise: .penalties,
            submission: variant {
                $0.l1Penalty = { w, lambda in
                    var total = 0.0
                    for value in w.reversed() { total += lambda * abs(value) }
                    return total
                }
                $0.elasticNetGradient = { w, l1, l2 in w.map { l1 * ($0 == 0 ? 0 : ($0 > 0 ? 1 : -1)) + l2 * $0 } }
            }),
    ]
}

@Suite("The grader gives full marks to correct alternatives")
struct AlternativeImplementationTests {
    @Test("a correct implementation written differently gets full marks", arguments: AlternativeImplementation.all)
    func fullMarks(_ alternative: AlternativeImplementation) {
        let results = grade(alternative.submission, alternative.exercise)
        #expect(results.allSatisfy { $0.status == .passed }, "\(summary(results.filter { $0.status != .passed }))")
    }
}

import Grader
import NeuralKit
import Student
import StudentSubmission
import Testing

/// A deliberately wrong implementation and the checks that must catch it.
struct WrongImplementation: Sendable, CustomStringConvertible {
    let name: String
    let exercise: Exercise
    let submission: Submission
    /// Every one of these checks must fail; the exercise must lose points.
    let mustFail: Set<String>

    var description: String { name }
}

extension WrongImplementation {
    static let base = Submission.reference

    static func variant(_ change: (inout Submission) -> Void) -> Submission {
        var submission = base
        change(&submission)
        return submission
    }

    static let all: [WrongImplementation] = [
        WrongImplementation(
            name: "dropout without the 1/(1 − p) scale", exercise: .dropout,
            submission: variant {
                $0.dropoutForward = { x, mask, _ in x * mask }
                $0.dropoutBackward = { g, mask, _ in g * mask }
                $0.makeDropout = { p, g in
                    DropoutVariant(probability: p, generator: g, output: { x, mask, _, training in
                        training ? x * mask! : x
                    })
                }
            },
            mustFail: ["dropout.mask-forward", "dropout.mask-backward", "dropout.survivors-scaled", "dropout.mean-preserved"]),
        WrongImplementation(
            name: "dropout that scales at evaluation time as well", exercise: .dropout,
            submission: variant {
                $0.makeDropout = { p, g in
                    DropoutVariant(probability: p, generator: g, output: { x, mask, p, training in
                        training ? (1 / (1 - p)) * (x * mask!) : (1 / (1 - p)) * x
                    })
                }
            },
            mustFail: ["dropout.evaluation-identity"]),
        WrongImplementation(
            name: "dropout that draws a fresh mask in backward", exercise: .dropout,
            submission: variant {
                $0.makeDropout = { p, g in DropoutVariant(probability: p, generator: g, freshMaskInBackward: true) }
            },
            mustFail: ["dropout.backward-uses-forward-mask"]),
        WrongImplementation(
            name: "dropout that keeps units with probability p instead of 1 − p", exercise: .dropout,
            submission: variant {
                $0.makeDropout = { p, g in
                    DropoutVariant(probability: p, generator: g, drawMask: { g, shape, p in
                        DropoutVariant.rowMajorMask(&g, shape, 1 - p)
                    })
                }
            },
            mustFail: ["dropout.kept-fraction", "dropout.mean-preserved"]),
        WrongImplementation(
            name: "batch norm normalising with the unbiased variance", exercise: .batchNormalization,
            submission: variant { $0.makeBatchNormalization = { BatchNormVariant(featureCount: $0, epsilon: $1, momentum: $2, mistake: .unbiasedNormalization) } },
            mustFail: ["batchnorm.normalizes", "batchnorm.training-forward", "batchnorm.hidden.reference-random"]),
        WrongImplementation(
            name: "batch norm that does not update the running statistics", exercise: .batchNormalization,
            submission: variant { $0.makeBatchNormalization = { BatchNormVariant(featureCount: $0, epsilon: $1, momentum: $2, mistake: .noRunningUpdate) } },
            mustFail: ["batchnorm.training-forward", "batchnorm.evaluation-forward", "batchnorm.hidden.evaluation-batch-of-one"]),
        WrongImplementation(
            name: "batch norm using batch statistics in evaluation", exercise: .batchNormalization,
            submission: variant { $0.makeBatchNormalization = { BatchNormVariant(featureCount: $0, epsilon: $1, momentum: $2, mistake: .batchStatisticsInEvaluation) } },
            mustFail: ["batchnorm.evaluation-forward", "batchnorm.hidden.evaluation-batch-of-one"]),
        WrongImplementation(
            name: "L1 gradient with sign(0) = 1", exercise: .penalties,
            submission: variant {
                $0.l1Gradient = { w, lambda in w.map { $0 >= 0 ? lambda : -lambda } }
                $0.elasticNetGradient = { w, l1, l2 in w.map { ($0 >= 0 ? l1 : -l1) + l2 * $0 } }
            },
            mustFail: ["penalties.hidden.l1-at-zero"]),
        WrongImplementation(
            name: "weight decay applied twice (decayed weights and λw in the gradient)", exercise: .penalties,
            submission: variant {
                $0.sgdStepWithWeightDecay = { w, g, eta, lambda in zip(w, g).map { (1 - eta * lambda) * $0 - eta * ($1 + lambda * $0) } }
            },
            mustFail: ["penalties.sgd-step", "penalties.hidden.sgd-reference"]),
        WrongImplementation(
            name: "early stopping that restores the last weights instead of the best", exercise: .earlyStopping,
            submission: variant { $0.makeEarlyStopper = { EarlyStopperVariant(patience: $0, minDelta: $1, mistake: .restoresLast) } },
            mustFail: ["early-stopping.restores-best", "early-stopping.hidden.reference-random"]),
        WrongImplementation(
            name: "early stopping with patience off by one", exercise: .earlyStopping,
            submission: variant { $0.makeEarlyStopper = { EarlyStopperVariant(patience: $0, minDelta: $1, mistake: .patienceOffByOne) } },
            mustFail: ["early-stopping.decisions", "early-stopping.restores-best", "early-stopping.hidden.reference-random"]),
        WrongImplementation(
            name: "early stopping that also stops on an improving epoch once the counter reaches patience", exercise: .earlyStopping,
            submission: variant { $0.makeEarlyStopper = { EarlyStopperVariant(patience: $0, minDelta: $1, mistake: .checksPatienceOnImprovement) } },
            mustFail: ["early-stopping.hidden.patience-zero", "early-stopping.hidden.reference-random"]),
        WrongImplementation(
            name: "early stopping that never resets its counter", exercise: .earlyStopping,
            submission: variant { $0.makeEarlyStopper = { EarlyStopperVariant(patience: $0, minDelta: $1, mistake: .counterNotReset) } },
            mustFail: ["early-stopping.decisions", "early-stopping.hidden.reference-random"]),
        WrongImplementation(
            name: "distillation without the T² factor", exercise: .distillation,
            submission: variant {
                $0.distillationLoss = { distillation($0, $1, $2, $3, $4, temperatureFactor: 1) }
                $0.distillationLossGradient = { distillationGradient($0, $1, $2, $3, $4, temperatureFactor: 1) }
            },
            mustFail: ["distillation.loss", "distillation.gradient", "distillation.hidden.reference-random"]),
        WrongImplementation(
            name: "distillation with the KL divergence the wrong way round", exercise: .distillation,
            submission: variant { $0.distillationLoss = { distillation($0, $1, $2, $3, $4, reversed: true) } },
            mustFail: ["distillation.loss", "distillation.gradient-check", "distillation.hidden.reference-random"]),
        WrongImplementation(
            name: "distillation with `mean` (÷ N·C) instead of batchmean (÷ N)", exercise: .distillation,
            submission: variant {
                $0.distillationLoss = { z, v, labels, t, alpha in distillation(z, v, labels, t, alpha, divisor: Double(z.count)) }
            },
            mustFail: ["distillation.loss", "distillation.hidden.reference-random"]),
        WrongImplementation(
            name: "Adam + L2 presented as AdamW", exercise: .adamWAndLabelSmoothing,
            submission: variant { $0.adamWStep = base.adamWithL2Step },
            mustFail: ["adamw.adamw-steps", "adamw.hidden.reference-random"]),
        WrongImplementation(
            name: "label smoothing that spreads ε over the C − 1 wrong classes", exercise: .adamWAndLabelSmoothing,
            submission: variant {
                $0.labelSmoothingLoss = { z, labels, e in
                    let targets = oneHot(labels, classes: z.columns).map { $0 == 1 ? 1 - e : e / Double(z.columns - 1) }
                    return -(targets * logSoftmax(z)).sum() / Double(z.rows)
                }
            },
            mustFail: ["adamw.label-smoothing", "adamw.hidden.label-smoothing-reference"]),
    ]
}

@Suite("The grader catches wrong implementations")
struct WrongImplementationTests {
    @Test("a wrong implementation fails the checks meant to catch it", arguments: WrongImplementation.all)
    func caught(_ wrong: WrongImplementation) {
        let results = grade(wrong.submission, wrong.exercise)
        let failing = Set(results.filter { $0.status != .passed }.map(\.id))
        #expect(wrong.mustFail.isSubset(of: failing), "\(wrong.name) escaped: \(wrong.mustFail.subtracting(failing))\n\(summary(results))")
        let score = results.reduce(0) { $0 + $1.score }
        let maxScore = results.reduce(0) { $0 + $1.maxScore }
        #expect(score < maxScore)
        #expect(score > 0, "partial credit: the checks that do not concern the mistake still pass\n\(summary(results))")
        // Every failure explains itself: expected vs actual or the property, and a hint.
        for result in results where result.status == .failed {
            #expect(!result.message.isEmpty)
            #expect(result.hint.contains("lessons/exercises/"))
        }
    }

    @Test("a failing property reports the smallest failing input with expected, actual and relative error")
    func shrinksAndExplains() throws {
        let wrong = try #require(WrongImplementation.all.first { $0.name.hasPrefix("batch norm normalising") })
        let result = try #require(grade(wrong.submission, .batchNormalization).first { $0.id == "batchnorm.normalizes" })
        #expect(result.status == .failed)
        #expect(result.message.contains("smallest failing input"))
        // The bias of the unbiased variance, (N − 1)/N, is largest for the smallest batch: N = 2, one feature.
        #expect(result.message.contains("x = [2, 1]"), "\(result.message)")
        let fixture = try #require(grade(wrong.submission, .batchNormalization).first { $0.id == "batchnorm.training-forward" })
        #expect(fixture.message.contains("relative error"))
        #expect(fixture.message.contains("expected:") && fixture.message.contains("actual:"))
    }

    @Test("NaN from a student function is reported as such")
    func nanIsReported() {
        var submission = Submission.reference
        submission.distillationLoss = { _, _, _, _, _ in .nan }
        let results = grade(submission, .distillation)
        #expect(results.first { $0.id == "distillation.loss" }?.status == .returnedNaN)
        #expect(results.first { $0.id == "distillation.gradient" }?.status == .passed)
    }

    @Test("a thrown error other than notAttempted fails the check and says so")
    func thrownErrors() {
        struct Oops: Error {}
        var submission = Submission.reference
        submission.l2Penalty = { _, _ in throw Oops() }
        let result = grade(submission, .penalties).first { $0.id == "penalties.values-and-gradients" }
        #expect(result?.status == .failed)
        #expect(result?.message.contains("threw") == true)
    }
}

import Grader
import NeuralKit
import Student
import StudentSubmission
import Testing

/// A spatial-dropout layer built from closures, for wrong and alternative variants of exercise 7.
final class SpatialDropoutVariant: DropoutLayerUnderTest {
    enum Mistake: Sendable {
        case none
        /// One mask entry per value (element-wise dropout).
        case perElementMask
        /// One mask entry per channel, shared by every image of the batch.
        case maskSharedAcrossBatch
        /// No 1/(1 − p).
        case noRescaling
        /// A new mask in backward.
        case freshMaskInBackward
        /// Drops (and scales) in evaluation mode too.
        case dropsInEvaluation
        /// Keeps a map with probability p.
        case keepsWithProbabilityP
        /// Reads the row as [H, W, C] (channels last, TensorFlow's layout): value j belongs to map j mod C.
        case channelsLast
        /// Multiplies by 1 − p instead of dividing by it.
        case multipliesByKeepProbability
    }

    let probability: Double
    let channels: Int
    let mistake: Mistake
    /// Draws the mask channel by channel (column-major) with u ≥ p: another correct order.
    let columnMajor: Bool
    var isTraining = true
    var generator: RandomGenerator
    var mask: Tensor<Double>?

    init(probability: Double, channels: Int, generator: RandomGenerator, mistake: Mistake, columnMajor: Bool = false) {
        self.probability = probability
        self.channels = channels
        self.generator = generator
        self.mistake = mistake
        self.columnMajor = columnMajor
    }

    private func draw(rows: Int, columns: Int) -> Tensor<Double> {
        let keep = mistake == .keepsWithProbabilityP ? probability : 1 - probability
        var mask = Tensor<Double>(rows: rows, columns: columns)
        if columnMajor {
            for c in 0..<columns { for n in 0..<rows { mask[n, c] = generator.uniform(Double.self) >= 1 - keep ? 1 : 0 } }
        } else {
            for n in 0..<rows { for c in 0..<columns { mask[n, c] = generator.bernoulli(keep) ? 1 : 0 } }
        }
        return mask
    }

    /// `x` times the mask (widened to the maps unless it is per element), over 1 − p unless told not to.
    func apply(_ x: Tensor<Double>, _ mask: Tensor<Double>) -> Tensor<Double> {
        let mapSize = x.columns / channels
        let scale = switch mistake {
        case .noRescaling: 1.0
        case .multipliesByKeepProbability: 1 - probability
        default: 1 / (1 - probability)
        }
        var y = x
        for n in 0..<x.rows {
            for column in 0..<x.columns {
                let channel = mistake == .channelsLast ? column % channels : column / mapSize
                let entry = mask.columns == x.columns ? mask[n, column] : mask[n, channel]
                y[n, column] *= entry * scale
            }
        }
        return y
    }

    func forward(_ x: Tensor<Double>) -> Tensor<Double> {
        guard isTraining || mistake == .dropsInEvaluation else {
            mask = nil
            return x
        }
        switch mistake {
        case .perElementMask: mask = draw(rows: x.rows, columns: x.columns)
        case .maskSharedAcrossBatch:
            let row = draw(rows: 1, columns: channels)
            mask = Tensor(rows: x.rows, columns: channels, scalars: Array((0..<x.rows).map { _ in row.scalars }.joined()))
        default: mask = draw(rows: x.rows, columns: channels)
        }
        return apply(x, mask!)
    }

    func backward(_ outputGradient: Tensor<Double>) -> Tensor<Double> {
        guard var mask else { return outputGradient }
        if mistake == .freshMaskInBackward { mask = draw(rows: outputGradient.rows, columns: channels) }
        return apply(outputGradient, mask)
    }
}

/// Exercise 7 in the grader's own tests: typical mistakes are caught by the checks meant for them
/// (with partial credit left for the rest); correct implementations written differently get full marks.
@Suite("Exercise 7: spatial dropout grading")
struct SpatialDropoutGradingTests {
    static func variant(_ change: (inout Submission) -> Void) -> Submission {
        var submission = Submission.reference
        change(&submission)
        return submission
    }

    static func layer(_ mistake: SpatialDropoutVariant.Mistake, columnMajor: Bool = false) -> Submission {
        variant { s in
            s.makeSpatialDropout = { p, channels, g in
                SpatialDropoutVariant(probability: p, channels: channels, generator: g, mistake: mistake, columnMajor: columnMajor)
            }
        }
    }

    /// Element-wise forward with a mask of the input's shape, as a student who ignores `channels` writes it.
    static let elementwiseFunctions = variant { s in
        s.spatialDropoutForward = { x, mask, _, p in
            var y = x
            for i in 0..<min(x.count, mask.count) { y[i / x.columns, i % x.columns] *= mask.scalars[i] / (1 - p) }
            return y
        }
        s.spatialDropoutBackward = s.spatialDropoutForward
        s.makeSpatialDropout = { p, channels, g in
            SpatialDropoutVariant(probability: p, channels: channels, generator: g, mistake: .perElementMask)
        }
    }

    /// The functions of a submission whose layer makes `mistake`, with forward and backward of a given
    /// mask making the same one (a student writes one helper and calls it from both).
    static func functionsAndLayer(_ mistake: SpatialDropoutVariant.Mistake) -> Submission {
        variant { s in
            s.spatialDropoutForward = { x, mask, channels, p in
                let layer = SpatialDropoutVariant(
                    probability: p, channels: channels, generator: RandomGenerator(seed: 0), mistake: mistake)
                return layer.apply(x, mask)
            }
            s.spatialDropoutBackward = s.spatialDropoutForward
            s.makeSpatialDropout = { p, channels, g in
                SpatialDropoutVariant(probability: p, channels: channels, generator: g, mistake: mistake)
            }
        }
    }

    static let wrong: [WrongImplementation] = [
        WrongImplementation(
            name: "spatial dropout with a mask per element instead of per map", exercise: .spatialDropout,
            submission: elementwiseFunctions,
            mustFail: [
                "spatial-dropout.mask-forward", "spatial-dropout.mask-backward", "spatial-dropout.whole-maps",
                "spatial-dropout.kept-fraction", "spatial-dropout.hidden.reference-random",
            ]),
        WrongImplementation(
            name: "spatial dropout without the 1/(1 − p) scale", exercise: .spatialDropout,
            submission: variant { s in
                s.spatialDropoutForward = { x, mask, channels, _ in Reference7.masked(x, mask, channels) }
                s.spatialDropoutBackward = s.spatialDropoutForward
                s.makeSpatialDropout = { p, channels, g in
                    SpatialDropoutVariant(probability: p, channels: channels, generator: g, mistake: .noRescaling)
                }
            },
            mustFail: [
                "spatial-dropout.mask-forward", "spatial-dropout.mask-backward", "spatial-dropout.whole-maps",
                "spatial-dropout.hidden.mean-preserved",
            ]),
        WrongImplementation(
            name: "spatial dropout that draws a fresh mask in backward", exercise: .spatialDropout,
            submission: layer(.freshMaskInBackward), mustFail: ["spatial-dropout.backward-uses-forward-mask"]),
        WrongImplementation(
            name: "spatial dropout that drops maps in evaluation mode too", exercise: .spatialDropout,
            submission: layer(.dropsInEvaluation), mustFail: ["spatial-dropout.evaluation-identity"]),
        WrongImplementation(
            name: "spatial dropout with one mask per channel for the whole batch", exercise: .spatialDropout,
            submission: layer(.maskSharedAcrossBatch), mustFail: ["spatial-dropout.hidden.independent-images"]),
        WrongImplementation(
            name: "spatial dropout that keeps maps with probability p instead of 1 − p", exercise: .spatialDropout,
            submission: layer(.keepsWithProbabilityP), mustFail: ["spatial-dropout.kept-fraction"]),
        WrongImplementation(
            name: "spatial dropout that reads the maps channels-last ([H, W, C], value j in map j mod C)",
            exercise: .spatialDropout, submission: functionsAndLayer(.channelsLast),
            mustFail: [
                "spatial-dropout.mask-forward", "spatial-dropout.mask-backward", "spatial-dropout.whole-maps",
                "spatial-dropout.hidden.reference-random",
            ]),
        WrongImplementation(
            name: "spatial dropout that multiplies by 1 − p instead of dividing by it", exercise: .spatialDropout,
            submission: functionsAndLayer(.multipliesByKeepProbability),
            mustFail: [
                "spatial-dropout.mask-forward", "spatial-dropout.mask-backward", "spatial-dropout.whole-maps",
                "spatial-dropout.hidden.reference-random", "spatial-dropout.hidden.mean-preserved",
            ]),
    ]

    @Test("a wrong implementation fails the checks meant to catch it, with partial credit", arguments: wrong)
    func caught(_ wrong: WrongImplementation) {
        let results = grade(wrong.submission, wrong.exercise)
        let failing = Set(results.filter { $0.status != .passed }.map(\.id))
        #expect(wrong.mustFail.isSubset(of: failing), "\(wrong.name) escaped: \(wrong.mustFail.subtracting(failing))\n\(summary(results))")
        let score = results.reduce(0) { $0 + $1.score }
        #expect(score < 10)
        #expect(score > 0, "partial credit: the checks that do not concern the mistake still pass\n\(summary(results))")
        for result in results where result.status == .failed {
            #expect(!result.message.isEmpty)
            #expect(result.hint.contains("lessons/exercises/07-spatial-dropout.md"))
        }
    }

    @Test("correct implementations written differently get full marks", arguments: [false, true])
    func alternatives(columnMajor: Bool) {
        // Column-major draws with u ≥ p; forward and backward written as an explicit loop per map.
        let submission = Self.variant { s in
            s.spatialDropoutForward = { x, mask, channels, p in
                let mapSize = x.columns / channels
                var y = Tensor<Double>(rows: x.rows, columns: x.columns)
                for c in 0..<channels {
                    for n in 0..<x.rows where mask[n, c] != 0 {
                        for i in 0..<mapSize { y[n, c * mapSize + i] = x[n, c * mapSize + i] / (1 - p) }
                    }
                }
                return y
            }
            s.spatialDropoutBackward = s.spatialDropoutForward
            s.makeSpatialDropout = { p, channels, g in
                SpatialDropoutVariant(probability: p, channels: channels, generator: g, mistake: .none, columnMajor: columnMajor)
            }
        }
        let results = grade(submission, .spatialDropout)
        #expect(results.allSatisfy { $0.status == .passed }, "\(summary(results))")
        #expect(results.reduce(0) { $0 + $1.score } == 10)
    }

    @Test("the reference and the student's solution get 10 of 10 (7 public, 3 hidden)")
    func fullMarks() {
        for submission in [Submission.reference, Submission.student] {
            let results = grade(submission, .spatialDropout)
            #expect(results.allSatisfy { $0.status == .passed }, "\(summary(results))")
            #expect(results.reduce(0) { $0 + $1.score } == 10)
            #expect(results.filter { $0.visibility == .public }.reduce(0) { $0 + $1.maxScore } == 7)
        }
    }
}

/// Small helpers of the wrong variants above.
enum Reference7 {
    /// `x` with each map multiplied by its mask entry (no scale).
    static func masked(_ x: Tensor<Double>, _ mask: Tensor<Double>, _ channels: Int) -> Tensor<Double> {
        let mapSize = x.columns / channels
        var y = x
        for n in 0..<x.rows {
            for column in 0..<x.columns { y[n, column] *= mask[n, column / mapSize] }
        }
        return y
    }
}

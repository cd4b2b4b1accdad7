import Foundation
import NeuralKit
import Testing

@testable import Lessons

/// The claims the distillation lesson's prose makes, asserted on quick-mode runs for two base
/// seeds (each run spans several seeds).
@Suite("Distillation lesson claims", .serialized)
struct DistillationLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    static let runs: [UInt64: Result<DistillationLesson.Results, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<DistillationLesson.Results, any Error>] = [:]
        for seed in seeds {
            runs[seed] = Result { try DistillationLesson.runExperiments(seed: seed, quick: true) }
        }
        return runs
    }()

    static func results(_ seed: UInt64) throws -> DistillationLesson.Results {
        try #require(runs[seed]).get()
    }

    @Test("the partially labelled loss equals DistillationLoss when every row is labelled, and ignores unlabelled labels")
    func transferLoss() throws {
        var generator = RandomGenerator(seed: 3)
        let student = Tensor<Float>.normal(rows: 6, columns: 4, using: &generator)
        let teacher = Tensor<Float>.normal(rows: 6, columns: 4, using: &generator)
        let labels = [0, 1, 2, 3, 0, 1]
        let loss = try DistillationLoss(temperature: 3, alpha: 0.6)
        let all = StudentTraining.partiallyLabeledLoss(
            loss, student: student, teacher: teacher, labels: labels, isLabeled: Array(repeating: true, count: 6))
        let reference = loss(student: student, teacher: teacher, labels: labels)
        #expect(abs(all.value - reference.value) < 1e-5)
        for (a, b) in zip(all.gradient.scalars, reference.gradient.scalars) { #expect(abs(a - b) < 1e-6) }
        let mask = [true, true, false, false, true, false]
        let partial = StudentTraining.partiallyLabeledLoss(
            loss, student: student, teacher: teacher, labels: labels, isLabeled: mask)
        let otherLabels = StudentTraining.partiallyLabeledLoss(
            loss, student: student, teacher: teacher, labels: [0, 1, 0, 0, 0, 0], isLabeled: mask)
        #expect(partial.value == otherLabels.value)
        #expect(partial.gradient.scalars == otherLabels.gradient.scalars)
        #expect(abs(partial.value - all.value) > 1e-4)
    }

    @Test("the teacher is near one-hot at T = 1; temperature softens it and raises the entropy", arguments: seeds)
    func temperature(seed: UInt64) throws {
        let results = try Self.results(seed)
        let view = results.temperature
        #expect(results.teachers.teacherTrainingConfidence > 0.99)
        #expect(view.wrongMassAtOne < 0.1)
        #expect(zip(view.teacherEntropy, view.teacherEntropy.dropFirst()).allSatisfy { $0 < $1 })
        #expect(view.teacherEntropy.last! < log(10.0))
        // the ensemble is nearly one-hot at T = 1 as well
        let t1 = TemperatureView.curveTemperatures.firstIndex(of: 1)!
        #expect(view.ensembleEntropy[t1] < 0.25)
        // the true class stays the argmax; it and the runner-up both move towards 1/10
        #expect(view.distributions[3][view.exampleLabel] < view.distributions[0][view.exampleLabel])
        #expect(view.runnerUpProbabilities[0] > 0.01)
        for distribution in view.distributions {
            #expect(distribution.firstIndex(of: distribution.max()!) == view.exampleLabel)
        }
    }

    @Test("T² keeps the soft gradient's scale; without it the gradient fades like 1/T²", arguments: seeds)
    func gradientScale(seed: UInt64) throws {
        let scale = try Self.results(seed).gradientScale
        let with = scale.ratio(scale.withFactor)
        let without = scale.ratio(scale.withoutFactor)
        #expect(with.minimum > 0.5 && with.maximum < 1.5)
        #expect(without.maximum < 0.05)
    }

    @Test("with a transfer set the distilled student beats labels only on every seed, by more at convergence", arguments: seeds)
    func transfer(seed: UInt64) throws {
        let c = try Self.results(seed).comparison
        let long = c.configuration.convergedSteps
        let short = c.configuration.matchedSteps
        let hard = c.accuracy(.hardLabels, steps: long)
        let transfer = c.accuracy(.transfer, steps: long)
        #expect(SeedSummary.agreement(transfer, hard) { $0 > $1 } == hard.count)
        #expect((transfer - hard).mean > 0.02)
        #expect(SeedSummary.agreement(c.accuracy(.ensembleTransfer, steps: long), hard) { $0 > $1 } == hard.count)
        let shortGain = (c.accuracy(.transfer, steps: short) - c.accuracy(.hardLabels, steps: short)).mean
        #expect(shortGain < (transfer - hard).mean)
        // distilling on the labelled digits alone helps, less than the transfer set
        let labeledOnly = c.accuracy(.labeledOnly, steps: long)
        #expect((labeledOnly - hard).mean > 0)
        #expect(labeledOnly.mean < transfer.mean)
    }

    @Test("the T × α sweep: settings differ by less than their gap to the hard-label student", arguments: seeds)
    func sweep(seed: UInt64) throws {
        let results = try Self.results(seed)
        let hard = results.comparison.accuracy(.hardLabels, steps: results.comparison.configuration.convergedSteps)
        let sweep = results.sweep
        #expect(sweep.best.accuracy.mean - sweep.worst.mean < sweep.best.accuracy.mean - hard.mean)
        #expect(sweep.accuracy.flatMap { $0 }.filter { $0.mean > hard.mean }.count >= 1)
    }

    @Test("on two moons the distilled student beats the student from a few labels", arguments: seeds)
    func moons(seed: UInt64) throws {
        let moons = try Self.results(seed).moons
        #expect(moons.distilledAccuracy.mean > moons.hardAccuracy.mean)
        #expect(moons.teacherAccuracy.mean > moons.hardAccuracy.mean)
        #expect(moons.fields.count == 3)
    }

    @Test("the self-distillation verdict matches the runs", arguments: seeds)
    func selfDistillation(seed: UInt64) throws {
        let result = try Self.results(seed).selfDistillation
        let verdict = DistillationLesson.selfVerdict(result)
        #expect(!verdict.isEmpty)
        // the prose says the gain is no reliable improvement: never large on average
        #expect(result.improvement.mean < 0.02)
    }

    @Test("calibration: smoothing lowers confidence; the distilled student is most accurate and best calibrated", arguments: seeds)
    func calibration(seed: UInt64) throws {
        let c = try Self.results(seed).calibration
        #expect(c.smoothed.meanConfidence.mean < c.hard.meanConfidence.mean)
        #expect(c.distilled.expectedCalibrationError.mean < c.hard.expectedCalibrationError.mean)
        #expect(c.distilled.expectedCalibrationError.mean < c.smoothed.expectedCalibrationError.mean)
        #expect(c.distilled.validationAccuracy.mean > c.hard.validationAccuracy.mean)
        #expect(c.distilled.validationAccuracy.mean > c.smoothed.validationAccuracy.mean)
    }

    @Test("the ECE is the count-weighted gap between accuracy and confidence")
    func eceDefinition() {
        // two rows with confidence 0.9: one right, one wrong → accuracy 0.5, ECE 0.4
        let probabilities = Tensor<Float>(rows: 2, columns: 2, scalars: [0.9, 0.1, 0.9, 0.1])
        let (_, ece) = Calibration.bins(probabilities: probabilities, labels: [0, 1], binCount: 10)
        #expect(abs(ece - 0.4) < 1e-6)
        let (_, zero) = Calibration.bins(probabilities: probabilities, labels: [0, 0], binCount: 10)
        #expect(abs(zero - 0.1) < 1e-6)
    }
}

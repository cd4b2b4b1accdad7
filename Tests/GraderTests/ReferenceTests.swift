import Foundation
import Grader
import NeuralKit
import Student
import StudentSubmission
import Testing

@Suite("Reference and solutions get full marks")
struct ReferenceTests {
    @Test("the instructor's solutions in Sources/Student pass every check against the independent reference", arguments: Exercise.allCases)
    func solutions(_ exercise: Exercise) {
        let results = grade(.student, exercise)
        #expect(results.allSatisfy { $0.status == .passed }, "\(summary(results.filter { $0.status != .passed }))")
    }

    @Test("the reference passes every check", arguments: Exercise.allCases)
    func reference(_ exercise: Exercise) {
        let results = grade(.reference, exercise)
        #expect(results.allSatisfy { $0.status == .passed }, "\(summary(results.filter { $0.status != .passed }))")
    }

    @Test("every exercise is worth 10 points, split over public and hidden checks")
    func points() {
        for exercise in Exercise.allCases {
            let checks = CheckCatalog.checks(of: exercise)
            #expect(checks.reduce(0) { $0 + $1.points } == 10, "\(exercise)")
            #expect(checks.contains { $0.visibility == .public } && checks.contains { $0.visibility == .hidden })
        }
        #expect(Set(CheckCatalog.all.map(\.id)).count == CheckCatalog.all.count, "check ids are unique")
    }

    @Test("the stored public fixtures are what the reference computes now")
    func fixturesAreCurrent() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Sources/Grader/Checks/PublicFixtures.swift").standardizedFileURL
        let stored = try String(contentsOf: file, encoding: .utf8)
        #expect(stored == (try FixtureWriter.source()), "run `swift run grade --write-fixtures Sources/Grader/Checks/PublicFixtures.swift`")
    }

    @Test("stubs report not attempted on every check, with zero points")
    func stubs() {
        let notAttempted: @Sendable () throws -> Never = { throw ExerciseError.notAttempted }
        let stub = Submission(
            dropoutForward: { _, _, _ in try notAttempted() }, dropoutBackward: { _, _, _ in try notAttempted() },
            makeDropout: { try InvertedDropout(probability: $0, generator: $1) },
            l1Penalty: { _, _ in try notAttempted() }, l1Gradient: { _, _ in try notAttempted() },
            l2Penalty: { _, _ in try notAttempted() }, l2Gradient: { _, _ in try notAttempted() },
            elasticNetPenalty: { _, _, _ in try notAttempted() }, elasticNetGradient: { _, _, _ in try notAttempted() },
            sgdStepWithWeightDecay: { _, _, _, _ in try notAttempted() },
            makeBatchNormalization: { _, _, _ in try notAttempted() }, makeEarlyStopper: { _, _ in try notAttempted() },
            distillationLoss: { _, _, _, _, _ in try notAttempted() }, distillationLossGradient: { _, _, _, _, _ in try notAttempted() },
            adamWithL2Step: { _, _, _, _ in try notAttempted() }, adamWStep: { _, _, _, _ in try notAttempted() },
            labelSmoothingLoss: { _, _, _ in try notAttempted() }, labelSmoothingGradient: { _, _, _ in try notAttempted() },
            spatialDropoutForward: { _, _, _, _ in try notAttempted() },
            spatialDropoutBackward: { _, _, _, _ in try notAttempted() },
            makeSpatialDropout: { _, _, _ in try notAttempted() })
        let results = CheckRunner.run(CheckCatalog.all.filter { $0.exercise != .dropout }, on: stub)
        #expect(results.allSatisfy { $0.status == .notAttempted && $0.score == 0 }, "\(summary(results))")
    }
}

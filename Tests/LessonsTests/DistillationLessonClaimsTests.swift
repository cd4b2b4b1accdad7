import Foundation
import NeuralKit
import Notebook
import NotebookDocument
import Testing

@testable import Lessons

/// The claims the distillation lesson's prose makes, asserted on quick-mode runs for two base
/// seeds through the same `Claim` objects the text prints its sentences from; invariants that are
/// not comparisons (the loss, the ECE, the softmax) are asserted on the typed results.
@Suite("Distillation lesson claims", .serialized)
struct DistillationLessonClaimsTests {
    static let seeds: [UInt64] = [7, 101]

    typealias Run = (results: ResultsStore, products: ExperimentProducts)

    /// One quick run per base seed, shared by the tests below.
    nonisolated(unsafe) static let runs: [UInt64: Result<Run, any Error>] = {
        BLAS.setThreadCount(1)
        var runs: [UInt64: Result<Run, any Error>] = [:]
        for seed in seeds {
            let builder = LessonBuilder(
                options: LessonOptions(seed: seed, quick: true), reporter: LessonReporter(output: .silent))
            runs[seed] = Result { try builder.runExperiments(DistillationLesson.definition) }
        }
        return runs
    }()

    static func run(_ seed: UInt64) throws -> Run {
        try #require(runs[seed]).get()
    }

    static func claim(_ id: String, seed: UInt64) throws -> Claim {
        try #require(try run(seed).results.claims[id], "claim \(id) was not recorded")
    }

    /// The claims the quick runs must support (verdict `holds`): what each experiment exists to
    /// show. The others (same-data gain, self-distillation, calibration beyond accuracy, moons with
    /// a few labels) are open questions whose text follows the verdict.
    static let holding = [
        "teacher-near-one-hot", "temperature-raises-entropy", "t-squared-keeps-gradient",
        "privileged-kd-beats-labels", "privileged-teacher-helps-more", "privileged-labels-leak",
        "gain-grows-with-budget", "smoothing-lowers-confidence", "smoothing-underconfident",
    ]

    @Test("the claims the experiments exist to show hold in quick mode", arguments: seeds)
    func claimsHold(seed: UInt64) throws {
        ClaimExpectations.expectHolds(Self.holding, in: try Self.run(seed).results.claims)
    }

    @Test("every claim is recorded with the run seeds behind it, and its verdict follows its evidence", arguments: seeds)
    func claimsAreComplete(seed: UInt64) throws {
        let results = try Self.run(seed).results
        ClaimExpectations.expectComplete(results.orderedClaims, atLeast: 20)
        let comparisonSeeds = try #require(results.runSeeds["comparison"])
        #expect(try Self.claim("transfer-set-helps", seed: seed).seeds == comparisonSeeds)
        #expect(results.runSeeds["teachers"] != comparisonSeeds)
    }

    @Test("each run has its own pool and teachers; the same-label teacher saw only the student's labels", arguments: seeds)
    func runsAreIndependent(seed: UInt64) throws {
        let teachers = try Self.run(seed).products.get(DigitsTeachers.Result.self, for: "test")
        #expect(Set(teachers.seeds).count == teachers.runs.count)
        let first = teachers.runs[0], second = teachers.runs[1]
        #expect(first.pool.labels != second.pool.labels)
        #expect(first.teacherPoolLogits.scalars != second.teacherPoolLogits.scalars)
        // the all-label teacher fits the transfer set's labels; the same-label teacher never saw them
        let transfer = Array(first.labeledCount..<first.pool.count)
        let transferLabels = transfer.map { first.pool.labels[$0] }
        let full = matchingFraction(first.teacherPoolLogits.rows(at: transfer).argmaxPerRow(), transferLabels)
        let same = matchingFraction(first.sameLabelPoolLogits.rows(at: transfer).argmaxPerRow(), transferLabels)
        #expect(full > 0.99)
        #expect(same < full)
    }

    @Test("temperature softens the teacher: the true class stays the argmax and loses probability", arguments: seeds)
    func temperature(seed: UInt64) throws {
        let view = try Self.run(seed).products.get(TemperatureView.Result.self, for: "test")
        #expect(zip(view.teacherEntropy, view.teacherEntropy.dropFirst()).allSatisfy { $0 < $1 })
        #expect(view.teacherEntropy.last! < log(10.0))
        #expect(view.distributions.last![view.exampleLabel] < view.distributions[0][view.exampleLabel])
        for distribution in view.distributions {
            #expect(distribution.firstIndex(of: distribution.max()!) == view.exampleLabel)
        }
    }

    @Test("without T² the soft gradient fades like 1/T²", arguments: seeds)
    func gradientScale(seed: UInt64) throws {
        let scale = try Self.run(seed).products.get(GradientScale.Result.self, for: "test")
        let factor = pow(scale.configuration.referenceTemperature / scale.temperatures.last!, 2)
        for (with, without) in zip(scale.ratio(scale.withFactor).values, scale.ratio(scale.withoutFactor).values) {
            #expect(abs(without - with * factor) < 1e-9 * with)
        }
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

    @Test("--set reaches the moons experiment: its number, caption and claim follow the new setting")
    func setOneSetting() throws {
        BLAS.setThreadCount(1)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("regularize-distil-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let options = LessonOptions(
            seed: 7, quick: true, output: output.path, formats: [.png], only: ["moons"],
            overrides: ["moons.labeled-count=12", "moons.steps=300"])
        let built = try LessonBuilder(options: options, reporter: LessonReporter(output: .silent))
            .build(DistillationLesson.definition)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: built.resultsFile)) as? [String: Any])
        let values = try #require(json["values"] as? [String: [String: Any]])
        #expect((values["moons-labeled"]?["value"] as? [String: Any])?["number"] as? Double == 12)
        let experiments = try #require(json["experiments"] as? [String: [String: Any]])
        #expect(experiments["moons"]?["overrides"] as? [String: String] == ["labeled-count": "12", "steps": "300"])
        #expect(experiments["teachers"]?["ran"] as? Bool == false)
        let figures = try #require(json["figures"] as? [String: [String: Any]])
        let caption = try #require(figures["moons"]?["configuration"] as? String)
        #expect(caption.contains("12 labelled for the student") && caption.contains("300 steps"))
        let claims = try #require(json["claims"] as? [String: Any])
        #expect(claims["moons-distilled-beats-hard"] != nil)
        #expect(claims["transfer-set-helps"] == nil)
        let text = try LessonSettingsTests.pdfText(built.pdf)
        #expect(text.contains("given only 12 of"))
        #expect(text.contains("set: labeled-count = 12, steps = 300"))
        #expect(text.contains("Not run in this build"))
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

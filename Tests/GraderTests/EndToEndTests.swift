import Foundation
import Grader
import Testing

/// `grade` on real folders: builds the runner with the submission's files in a slot and grades it,
/// the student's code in a sandboxed process per check. Slow (a build of the runner), so these run
/// one after the other in the same slot (see also HostileSubmissionTests).
@Suite("grade on real submission folders", .serialized)
struct EndToEndTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL

    /// The `/autograder` tree of the Gradescope test (see GradescopeBundleTests).
    static let gradescopeRoot = packageRoot.appendingPathComponent(".build-grading/gradescope-test/autograder")

    /// The package copy every test of this suite builds in: the Gradescope tree's package, so that a
    /// fresh clone pays for one cold build of the runner and the grader, not two. (The copy holds
    /// the same files as the bundle's package; a slot rewrites only `Sources/Student/` in it.)
    static let sharedSlot = gradescopeRoot.appendingPathComponent("source/package")

    /// The instructor's solution of `file` with `edits` applied (each must match).
    static func solution(_ file: String, _ edits: [(String, String)] = []) throws -> String {
        var source = try String(contentsOf: packageRoot.appendingPathComponent("Sources/Student/\(file)"), encoding: .utf8)
        for (old, new) in edits {
            precondition(source.contains(old), "\(file) no longer contains \(old)")
            source = source.replacingOccurrences(of: old, with: new)
        }
        return source
    }

    static func folder(_ name: String, _ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("grader-e2e-\(UUID().uuidString)/\(name)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return folder
    }

    @Test("a submission that crashes, hangs, returns NaN and does not compile still gets its other exercises graded")
    func troublesomeSubmission() throws {
        let submission = try Self.folder("troublesome", [
            // Exercise 1 traps with an index out of range whenever a mask is applied.
            "Dropout.swift": try Self.solution("Dropout.swift", [
                ("let keepProbability = 1 - probability\n    var y = x", "let keepProbability = [1 - probability][x.rows]\n    var y = x")]),
            // Exercise 2 is correct.
            "Penalties.swift": try Self.solution("Penalties.swift"),
            // Exercise 6 is correct but uses NeuralKit's own AdamW: the library policy gives it 0.
            "AdamW.swift": try Self.solution("AdamW.swift", [
                ("    var newWeights = weights\n    state.step += 1\n    let t = Double(state.step)\n    for i in weights.indices {\n        newWeights[i] -= learningRate * weightDecay * weights[i]",
                 "    var newWeights = weights\n    _ = try? NeuralKit.AdamW<Double>(parameterGroups: [], learningRate: learningRate)\n    state.step += 1\n    let t = Double(state.step)\n    for i in weights.indices {\n        newWeights[i] -= learningRate * weightDecay * weights[i]")]),
            // Exercise 3 loops forever on a batch of one in evaluation.
            "BatchNormalization.swift": try Self.solution("BatchNormalization.swift", [
                ("var y = Tensor<Double>(shape: x.shape)\n        for j in 0..<featureCount {\n            let inverseStd = 1 / (runningVariance[j] + epsilon).squareRoot()",
                 "var y = Tensor<Double>(shape: x.shape)\n        var spins = 0\n        while x.rows == 1 { spins &+= 1 }\n        for j in 0..<featureCount {\n            let inverseStd = 1 / (runningVariance[j] + epsilon).squareRoot()")]),
            // Exercise 4 does not compile.
            "EarlyStopping.swift": try Self.solution("EarlyStopping.swift", [("return .continueTraining\n        }", "return \"continue\"\n        }")]),
            // Exercise 5 returns NaN from the loss.
            "Distillation.swift": try Self.solution("Distillation.swift", [("let t2 = temperature * temperature", "let t2 = temperature * temperature * .nan")]),
        ])
        let output = submission.deletingLastPathComponent().appendingPathComponent("grades")
        let builder = SubmissionBuilder(packageRoot: Self.packageRoot, slot: Self.sharedSlot, jobs: 2)
        let report = try ClassGrader.grade(submission: submission, output: output, builder: builder, timeScale: 0.5)

        #expect(report.score(of: .penalties) == 10)
        #expect(report.score(of: .adamWAndLabelSmoothing) == 0)
        #expect(report.state(of: .adamWAndLabelSmoothing) == "used a forbidden library")
        #expect(report.policyViolations["AdamW.swift"]?.contains("AdamW") == true, "\(report.policyViolations)")
        let statuses = Dictionary(report.results.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(statuses["dropout.mask-forward"]?.status == .crashed)
        #expect(statuses["dropout.mask-forward"]?.message.contains("Index out of range") == true, "\(statuses["dropout.mask-forward"]?.message ?? "")")
        #expect(statuses["dropout.evaluation-identity"]?.status == .crashed, "it first checks that training drops units")
        #expect(statuses["batchnorm.hidden.evaluation-batch-of-one"]?.status == .timedOut)
        #expect(statuses["batchnorm.normalizes"]?.status == .passed)
        #expect(report.state(of: .earlyStopping) == "did not compile")
        #expect(report.compileErrors["EarlyStopping.swift"]?.contains("error") == true)
        #expect(statuses["distillation.loss"]?.status == .returnedNaN)
        #expect(statuses["distillation.gradient"]?.status == .passed)

        // The three report files exist, and results.json follows Gradescope's format.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: output.appendingPathComponent("results.json"))) as? [String: Any]
        let tests = try #require(json?["tests"] as? [[String: Any]])
        #expect(json?["score"] as? Double == report.score)
        #expect(tests.count == report.results.count)
        for test in tests {
            #expect(test["name"] is String && test["output"] is String)
            #expect(test["score"] is Double && test["max_score"] is Double)
            #expect(["visible", "hidden", "after_due_date", "after_published"].contains(test["visibility"] as? String ?? ""))
        }
        let junit = try String(contentsOf: output.appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(junit.contains("<error type=\"crashed\"") && junit.contains("<error type=\"timed out\""))
        #expect(try JUnitSchema.validate([junit]) == ["valid"])
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("report.md").path))
    }

    @Test("the student edition's stubs get zero points, every exercise not attempted; the gradebook lists them")
    func stubsInClassMode() throws {
        let studentEdition = FileManager.default.temporaryDirectory.appendingPathComponent("grader-e2e-\(UUID().uuidString)/edition")
        let summary = try StudentEdition.release(packageRoot: Self.packageRoot, to: studentEdition)
        #expect(summary.strippedFiles.contains("Sources/Student/Dropout.swift"))
        #expect(!FileManager.default.fileExists(atPath: studentEdition.appendingPathComponent("Sources/Grader/Hidden").path))
        #expect(!FileManager.default.fileExists(atPath: studentEdition.appendingPathComponent("Tests/GraderTests").path))
        let manifest = try String(contentsOf: studentEdition.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(!manifest.contains("GraderTests") && !manifest.contains("swift-property-based") && manifest.contains("ExerciseTests"))

        let stubs = studentEdition.appendingPathComponent("Sources/Student")
        let output = studentEdition.deletingLastPathComponent().appendingPathComponent("grades")
        let reports = try ClassGrader.gradeClass(
            submissions: [stubs], outputRoot: output, packageRoot: Self.packageRoot, workers: 1, timeScale: 0.5,
            slot: { _ in Self.sharedSlot })
        let report = try #require(reports.first)
        #expect(report.score == 0)
        #expect(report.maxScore == 70)
        #expect(Exercise.allCases.allSatisfy { report.state(of: $0) == "not attempted" }, "\(report.results.map { "\($0.id): \($0.status)" })")
        let gradebook = try String(contentsOf: output.appendingPathComponent("gradebook.csv"), encoding: .utf8)
        let rows = gradebook.split(separator: "\n")
        #expect(rows.count == 2)
        #expect(rows.last?.hasPrefix("Student,,,,0,70,0,0,0,0,0,0,0,1 2 3 4 5 6 7,0,,") == true, "\(gradebook)")
    }
}

import Foundation
import Grader
import StudentSubmission
import Testing

/// `swift test` in a student's checkout: the public checks of every exercise, with points.
///
/// Each check runs in an exit test (a child process), so that a student function that traps costs
/// only that check and the other exercises are still reported; an `alarm` ends a check that runs
/// longer than its time limit. An exercise whose functions are all still stubs is reported as
/// skipped ("not attempted, 0 points"), not as a failure.
@Suite("Exercises: public checks")
struct ExerciseTests {
    @Test("Exercise", arguments: Exercise.allCases)
    func exercise(_ exercise: Exercise) async throws {
        let checks = CheckCatalog.checks(of: exercise, including: [.public])
        var results: [CheckResult] = []
        for check in checks {
            results.append(await runInChildProcess(check))
        }
        let score = results.reduce(0) { $0 + $1.score }
        let maxScore = results.reduce(0) { $0 + $1.maxScore }
        var lines = ["Exercise \(exercise.rawValue), \(exercise.title): \(format(score)) / \(format(maxScore)) points (public checks; sheet \(exercise.sheet))"]
        for result in results {
            let mark = switch result.status {
            case .passed: "✓"
            case .notAttempted: "·"
            default: "✗"
            }
            lines.append("  \(mark) \(result.title): \(format(result.score)) / \(format(result.maxScore)) \(result.status.rawValue)")
        }
        print(lines.joined(separator: "\n"))

        if results.allSatisfy({ $0.status == .notAttempted }) {
            print("  → Exercise \(exercise.rawValue) not attempted yet: 0 / \(format(maxScore)) points (skipped, not a failure)")
            try Test.cancel("Exercise \(exercise.rawValue) (\(exercise.title)) not attempted: 0 / \(format(maxScore)) points")
        }
        for result in results where result.status != .passed && result.status != .notAttempted {
            Issue.record(
                "\(result.id): \(result.title) (0 / \(format(result.maxScore)) points)\n\(result.feedback)")
        }
    }

    /// Runs `check` on this package's `Student` module in an exit test and reads back its result.
    func runInChildProcess(_ check: Check) async -> CheckResult {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("exercise-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let resultPath = folder.appendingPathComponent("result.json").path
        let errorPath = folder.appendingPathComponent("stderr.txt").path
        let seconds = UInt32(check.timeLimit.rounded(.up))
        let exited = await #expect(
            processExitsWith: .success, "\(check.id) must not crash or hang",
            performing: { [id = check.id as String, resultPath = resultPath as String, errorPath = errorPath as String, seconds = seconds as UInt32] in
                try IsolatedCheckRunner.runChildCheckInExitTest(
                    id: id, resultFile: resultPath, errorFile: errorPath, seconds: seconds, submission: .student)
            })
        if exited != nil, let data = FileManager.default.contents(atPath: resultPath),
            let result = try? JSONDecoder().decode(CheckResult.self, from: data)
        {
            return result
        }
        let standardError = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
        if standardError.isEmpty && exited == nil {
            return CheckResult(check: check, status: .timedOut, message: "timed out after \(seconds) s, or killed without a message")
        }
        return CheckResult(check: check, status: .crashed, message: IsolatedCheckRunner.describeCrash(standardError: standardError))
    }

    func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}

import Foundation

/// The grade of one submission: every check's result plus what did not compile.
public struct GradingReport: Codable, Sendable {
    /// The submission's name (its folder name).
    public var submission: String
    public var results: [CheckResult]
    /// Student files that did not compile and were graded as their stubs, with the first error.
    public var compileErrors: [String: String]
    /// Seconds spent building the submission (0 when graded in place).
    public var buildSeconds: Double
    public var includesHiddenChecks: Bool
    /// Student files that reference NeuralKit declarations the library policy forbids, with the names.
    public var policyViolations: [String: [String]] = [:]
    /// Files of the upload that were not used, and why.
    public var notes: [String] = []
    /// How the student's code was confined (nil when it ran in this process).
    public var isolation: Sandbox.Isolation?
    /// Who handed it in (from Gradescope's metadata or a roster; empty when unknown).
    public var students: [StudentIdentity] = []

    public init(
        submission: String, results: [CheckResult], compileErrors: [String: String] = [:], buildSeconds: Double = 0,
        includesHiddenChecks: Bool = CheckCatalog.includesHiddenChecks
    ) {
        self.submission = submission
        self.results = results
        self.compileErrors = compileErrors
        self.buildSeconds = buildSeconds
        self.includesHiddenChecks = includesHiddenChecks
    }

    public var score: Double { results.reduce(0) { $0 + $1.score } }
    public var maxScore: Double { results.reduce(0) { $0 + $1.maxScore } }

    public func score(of exercise: Exercise) -> Double {
        results.filter { $0.exercise == exercise }.reduce(0) { $0 + $1.score }
    }

    public func maxScore(of exercise: Exercise) -> Double {
        results.filter { $0.exercise == exercise }.reduce(0) { $0 + $1.maxScore }
    }

    /// A one-word summary of an exercise: passed, partial, failed, not attempted, did not compile.
    public func state(of exercise: Exercise) -> String {
        let results = results.filter { $0.exercise == exercise }
        if results.isEmpty { return "no checks" }
        if results.allSatisfy({ $0.status == .compileError }) { return "did not compile" }
        if results.allSatisfy({ $0.status == .forbiddenLibrary }) { return "used a forbidden library" }
        if results.allSatisfy({ $0.status == .notAttempted }) { return "not attempted" }
        if results.allSatisfy({ $0.status == .passed }) { return "passed" }
        return score(of: exercise) > 0 ? "partial" : "failed"
    }

    /// Marks every check of the exercises whose files did not compile, keeping the compiler's message.
    public mutating func applyCompileErrors() {
        for (file, message) in compileErrors {
            guard let exercise = Exercise.allCases.first(where: { $0.sourceFile == file }) else { continue }
            for index in results.indices where results[index].exercise == exercise {
                results[index].status = .compileError
                results[index].score = 0
                results[index].message = "\(file) did not compile, so this exercise was graded as its stub:\n\(message)"
            }
        }
    }
}

extension GradingReport {
    /// Gives 0 to every check of the exercises whose files break the library policy.
    public mutating func applyPolicyViolations() {
        for (file, names) in policyViolations {
            guard let exercise = Exercise.allCases.first(where: { $0.sourceFile == file }) else { continue }
            for index in results.indices where results[index].exercise == exercise {
                results[index].status = .forbiddenLibrary
                results[index].score = 0
                results[index].message = "\(file) uses NeuralKit's \(names.joined(separator: ", ")), which the exercises may not "
                    + "use (see the sheet, section \"What you may use\"): write the computation yourself with Tensor"
            }
        }
    }
}

/// Points written without a needless ".0": 10, 7.5.
func points(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.2g", value).replacingOccurrences(of: "0+$", with: "", options: .regularExpression)
}

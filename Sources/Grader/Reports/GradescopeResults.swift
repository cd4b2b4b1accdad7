import Foundation

/// `results.json` in Gradescope's autograder format
/// (https://gradescope-autograders.readthedocs.io/en/latest/specs/): a top-level `score`, and one
/// entry in `tests` per check with `name`, `number`, `score`, `max_score`, `status`, `output` and
/// `visibility` (public checks `visible`, hidden checks `after_published`).
public struct GradescopeResults: Codable, Sendable, Equatable {
    public struct Test: Codable, Sendable, Equatable {
        public var name: String
        public var number: String
        public var score: Double
        public var max_score: Double
        public var status: String
        public var output: String
        public var visibility: String
        public var tags: [String]
    }

    public var score: Double
    public var execution_time: Double
    public var output: String
    public var visibility: String
    public var stdout_visibility: String
    /// How Gradescope renders `output` fields: Markdown (student text in them is escaped or fenced).
    public var output_format: String = "md"
    public var test_output_format: String = "md"
    public var tests: [Test]

    public init(_ report: GradingReport) {
        score = report.score
        execution_time = (report.buildSeconds + report.results.reduce(0) { $0 + $1.seconds }).rounded()
        output = "Score \(points(report.score)) / \(points(report.maxScore)). "
            + Exercise.allCases.map { "Exercise \($0.rawValue): \(report.state(of: $0))" }.joined(separator: "; ") + "."
            + (report.notes.isEmpty ? "" : "\n\nFiles not used:\n\n" + report.notes.map { "- " + Feedback.markdown($0) }.joined(separator: "\n"))
        visibility = "visible"
        stdout_visibility = "hidden"
        var counters: [Exercise: Int] = [:]
        tests = report.results.map { result in
            counters[result.exercise, default: 0] += 1
            return Test(
                name: "Exercise \(result.exercise.rawValue) (\(result.exercise.title)): \(result.title)",
                number: "\(result.exercise.rawValue).\(counters[result.exercise]!)",
                score: result.score, max_score: result.maxScore,
                status: result.status == .passed ? "passed" : "failed",
                output: result.markdownFeedback, visibility: result.visibility.gradescope,
                tags: [result.exercise.slug, result.status.rawValue])
        }
    }

    /// A result with no tests and score 0 that explains why (grading failed or did not finish).
    public static func failure(_ message: String) -> GradescopeResults {
        GradescopeResults(
            score: 0, execution_time: 0, output: Feedback.markdown(message), visibility: "visible",
            stdout_visibility: "hidden", tests: [])
    }

    init(score: Double, execution_time: Double, output: String, visibility: String, stdout_visibility: String, tests: [Test]) {
        self.score = score
        self.execution_time = execution_time
        self.output = output
        self.visibility = visibility
        self.stdout_visibility = stdout_visibility
        self.tests = tests
    }

    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }
}

import Foundation

/// The rules of Gradescope's autograder specification for `results.json`
/// (https://gradescope-autograders.readthedocs.io/en/latest/specs/, "Output format"): the keys it
/// names at the top level and in each test, their types, the four visibility values, the two test
/// statuses, the five output formats, and "a top-level score, or a score on every test".
/// Beyond the spec, what a grade must satisfy: each test's score lies in [0, max_score], and the
/// top-level score is the sum of the tests' scores.
enum GradescopeSpec {
    static let topLevelKeys: Set<String> = [
        "score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
        "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard",
    ]
    static let testKeys: Set<String> = [
        "score", "max_score", "status", "name", "name_format", "number", "output", "output_format", "tags",
        "visibility", "extra_data",
    ]
    static let visibilities: Set<String> = ["hidden", "after_due_date", "after_published", "visible"]
    static let formats: Set<String> = ["text", "simple_format", "html", "md", "ansi"]
    static let statuses: Set<String> = ["passed", "failed"]

    /// What in `data` breaks the specification (empty when it follows it).
    static func problems(_ data: Data) -> [String] {
        guard let json = try? JSONSerialization.jsonObject(with: data) else { return ["not JSON"] }
        guard let top = json as? [String: Any] else { return ["the top level is not an object"] }
        var problems: [String] = []
        check(top, allowed: topLevelKeys, at: "results", into: &problems)
        for key in ["score", "execution_time"] where top[key] != nil && number(top[key]) == nil {
            problems.append("results.\(key) is not a number")
        }
        for key in ["output"] where top[key] != nil && !(top[key] is String) { problems.append("results.\(key) is not a string") }
        for key in ["output_format", "test_output_format", "test_name_format"] where top[key] != nil {
            if !formats.contains(top[key] as? String ?? "") { problems.append("results.\(key) \(top[key]!) is not a format") }
        }
        for key in ["visibility", "stdout_visibility"] where top[key] != nil {
            if !visibilities.contains(top[key] as? String ?? "") { problems.append("results.\(key) \(top[key]!) is not a visibility") }
        }
        if top["extra_data"] != nil && !(top["extra_data"] is [String: Any]) { problems.append("results.extra_data is not an object") }
        var tests: [[String: Any]] = []
        if let value = top["tests"] {
            if let array = value as? [[String: Any]] { tests = array } else { problems.append("results.tests is not an array of objects") }
        }
        if top["score"] == nil && (tests.isEmpty || tests.contains { $0["score"] == nil }) {
            problems.append("no top-level score, and not every test has one")
        }
        var sum = 0.0
        for (index, test) in tests.enumerated() {
            let at = "tests[\(index)]"
            check(test, allowed: testKeys, at: at, into: &problems)
            for key in ["name", "number", "output"] where test[key] != nil && !(test[key] is String) {
                problems.append("\(at).\(key) is not a string")
            }
            for key in ["name_format", "output_format"] where test[key] != nil {
                if !formats.contains(test[key] as? String ?? "") { problems.append("\(at).\(key) is not a format") }
            }
            if test["visibility"] != nil && !visibilities.contains(test["visibility"] as? String ?? "") {
                problems.append("\(at).visibility \(test["visibility"]!) is not a visibility")
            }
            if test["status"] != nil && !statuses.contains(test["status"] as? String ?? "") {
                problems.append("\(at).status \(test["status"]!) is neither passed nor failed")
            }
            if test["tags"] != nil && !(test["tags"] is [String]) { problems.append("\(at).tags is not an array of strings") }
            let score = number(test["score"])
            let maxScore = number(test["max_score"])
            if test["score"] != nil && score == nil { problems.append("\(at).score is not a number") }
            if test["max_score"] != nil && maxScore == nil { problems.append("\(at).max_score is not a number") }
            if let score, let maxScore, !(0...maxScore).contains(score) { problems.append("\(at).score \(score) outside [0, \(maxScore)]") }
            sum += score ?? 0
        }
        if let score = number(top["score"]), !tests.isEmpty, abs(score - sum) > 1e-9 {
            problems.append("results.score \(score) is not the sum of the tests' scores \(sum)")
        }
        return problems
    }

    static func check(_ object: [String: Any], allowed: Set<String>, at: String, into problems: inout [String]) {
        for key in object.keys.sorted() where !allowed.contains(key) { problems.append("\(at) has unknown key \(key)") }
    }

    /// A JSON number (not a Boolean), as a Double.
    static func number(_ value: Any?) -> Double? {
        // Foundation on Linux bridges 0 and 1 to Bool too, but gives true and false their own class.
        guard let value, !"\(type(of: value))".contains("Boolean") else { return nil }
        return value as? Double
    }
}

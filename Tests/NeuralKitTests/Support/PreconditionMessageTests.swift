import Foundation
import Testing
@testable import NeuralKit

/// NeuralKit, Plots, the Notebook modules and Lessons are compiled with `-O` even in debug builds, and at `-O`
/// the standard library's `precondition` traps with a bare "precondition failure", dropping the
/// message that names the value and the fix. Their checks go through `checkPrecondition` /
/// `failPrecondition` (module `Preconditions`), which keep it.
@Suite struct PreconditionMessageTests {
    @Test("a shape mismatch between tensors prints its message")
    func tensorShapeMismatch() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            var a = Tensor<Float>(rows: 2, columns: 3)
            a.add(Tensor<Float>(rows: 3, columns: 2))
            print(a.count)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("shapes [2, 3] and [3, 2] differ"), "\(message)")
    }

    @Test("a label out of range prints its message")
    func labelOutOfRange() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let data = Dataset(features: Tensor(rows: 2, columns: 2), labels: [0, 5], classCount: 2)
            print(data.count)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Dataset: label 5 is outside 0..<2"), "\(message)")
    }

    /// The library targets compiled with `-O` (NeuralKit, Plots, the Notebook modules, Lessons)
    /// use the helpers. (Other targets are not optimised in debug builds, where `precondition`
    /// keeps its message; the student's exercises and the grader have their own owners.)
    @Test("no bare precondition or preconditionFailure in the optimised modules")
    func noBarePreconditions() throws {
        let sources = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources")
        let optimised = ["NeuralKit", "Plots", "Notebook", "Lessons"]
        let pattern = try Regex(#"(^|[^A-Za-z_.])(precondition|preconditionFailure)\("#)
        var offenders: [String] = []
        let folders = try FileManager.default.contentsOfDirectory(atPath: sources.path).sorted()
        for folder in folders where optimised.contains(where: { folder.hasPrefix($0) }) {
            let root = sources.appendingPathComponent(folder)
            guard let files = FileManager.default.enumerator(atPath: root.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where line.contains(pattern) && !line.trimmingCharacters(in: .whitespaces).hasPrefix("///") {
                    offenders.append("Sources/\(folder)/\(file):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(offenders.isEmpty, "use checkPrecondition / failPrecondition (import Preconditions):\n\(offenders.joined(separator: "\n"))")
    }
}

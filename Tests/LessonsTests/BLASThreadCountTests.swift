import Foundation
import NeuralKit
import Notebook
import Testing

@testable import Lessons

/// A lesson's numbers must not depend on how many threads OpenBLAS uses: a product split over
/// two threads is summed in another order, which changes the rounding, so a machine with more
/// cores (or `OPENBLAS_NUM_THREADS=2`) would print other numbers for the same seed. The runner
/// pins BLAS to one thread for every lesson; this test starts each lesson's experiments (quick
/// mode) in two child processes, one with BLAS set to 1 thread and one with 2 beforehand, and
/// requires the two results.json files to be identical byte for byte.
@Suite("Lessons do not depend on the BLAS thread count")
struct BLASThreadCountTests {
    @Test("quick-mode results.json is identical with 1 and 2 BLAS threads", arguments: LessonCatalog.all.map(\.name))
    func identicalResults(name: String) async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("regularize-blas-threads-\(name)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for threads in [1, 2] {
            // A child process, so that the thread count set here reaches no other test.
            await #expect(processExitsWith: .success, "lesson \(name) with \(threads) BLAS threads") {
                [name = name as String, path = folder.appendingPathComponent("\(threads)").path as String, threads = threads as Int] in
                BLAS.setThreadCount(threads)
                guard let lesson = LessonCatalog.all.first(where: { $0.name == name }) else { exit(2) }
                let options = LessonOptions(seed: 7, quick: true, output: path, formats: [.png])
                do {
                    _ = try LessonBuilder(options: options, reporter: LessonReporter(output: .silent)).prepare(lesson)
                } catch {
                    FileHandle.standardError.write(Data("\(error)\n".utf8))
                    exit(3)
                }
            }
        }
        let one = try Data(contentsOf: folder.appendingPathComponent("1/\(name)/results.json"))
        let two = try Data(contentsOf: folder.appendingPathComponent("2/\(name)/results.json"))
        #expect(one == two, "lesson \(name): results.json differs between 1 and 2 BLAS threads")
        if one != two { reportDifferences(one, two, lesson: name) }
    }

    /// Names the first values that differ, so a failure says where to look.
    private func reportDifferences(_ one: Data, _ two: Data, lesson: String) {
        guard let a = (try? JSONSerialization.jsonObject(with: one)) as? [String: Any],
              let b = (try? JSONSerialization.jsonObject(with: two)) as? [String: Any],
              let valuesA = a["values"] as? [String: Any], let valuesB = b["values"] as? [String: Any]
        else { return }
        let differing = valuesA.keys.sorted().filter { key in
            "\(valuesA[key] ?? "")" != "\(valuesB[key] ?? "")"
        }
        Issue.record("lesson \(lesson): \(differing.count) values differ, e.g. \(differing.prefix(5).joined(separator: ", "))")
    }
}

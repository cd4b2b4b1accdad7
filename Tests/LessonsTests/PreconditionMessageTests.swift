import Foundation
import Lessons
import Testing

/// Lessons is compiled with `-O`, where a bare `precondition` would drop its message.
@Suite struct LessonsPreconditionMessageTests {
    @Test("a summary of no seeds prints its message")
    func emptySummary() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let summary = SeedSummary([])
            print(summary.values.count)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("SeedSummary: needs at least one value"), "\(message)")
    }
}

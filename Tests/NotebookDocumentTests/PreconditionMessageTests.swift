import Foundation
import NotebookDocument
import Testing

/// NotebookDocument is compiled with `-O`, where a bare `precondition` would drop its message.
@Suite struct NotebookPreconditionMessageTests {
    @Test("recording an empty sample prints its message")
    func emptySample() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let store = ResultsStore(lesson: "tiny")
            store.record("accuracy", sample: [])
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("ResultsStore: sample 'accuracy' is empty"), "\(message)")
    }
}

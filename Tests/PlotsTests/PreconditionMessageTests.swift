import Foundation
import Plots
import Testing

/// Plots is compiled with `-O`, where a bare `precondition` would drop its message.
@Suite struct PlotsPreconditionMessageTests {
    @Test("a figure with no panels prints its message")
    func emptyGrid() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let figure = Figure(rows: 0, columns: 2)
            print(figure.rows)
        }
        let message = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(message.contains("Figure needs at least one row and column, got 0 x 2"), "\(message)")
    }
}

import Foundation
import Testing

@testable import Notebook

@Suite struct ParallelRunsTests {
    @Test("results come back in index order whatever the number of threads, and errors are rethrown")
    func order() throws {
        for jobs in [1, 2, 4] {
            let values = try ParallelRuns.map(20, jobs: jobs) { index -> Int in
                Thread.sleep(forTimeInterval: Double((index * 7) % 5) * 0.001)
                return index * index
            }
            #expect(values == (0..<20).map { $0 * $0 })
        }
        struct Boom: Error {}
        #expect(throws: Boom.self) { try ParallelRuns.map(5, jobs: 2) { index -> Int in if index == 3 { throw Boom() }; return index } }
    }
}

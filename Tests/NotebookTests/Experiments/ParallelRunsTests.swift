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

    /// Counts how many bodies run at once.
    final class Occupancy: @unchecked Sendable {
        private let lock = NSLock()
        private var now = 0
        private(set) var peak = 0
        func enter() { lock.withLock { now += 1; peak = max(peak, now) } }
        func leave() { lock.withLock { now -= 1 } }
    }

    @Test("lessons side by side share one budget: never more than --jobs runs at once, results in order, every slot given back")
    func sharedBudget() throws {
        for jobs in [1, 2, 3] {
            let occupancy = Occupancy()
            // Four "lessons", each with a little serial work and then six runs spread over `jobs` threads.
            let lessons = try ConcurrentLessons.map(4, jobs: jobs, reporter: LessonReporter(output: .silent)) { lesson, _ in
                occupancy.enter()
                Thread.sleep(forTimeInterval: 0.002)
                occupancy.leave()
                return try ParallelRuns.map(6, jobs: jobs) { run -> Int in
                    #expect(RunSlots.current != nil)
                    occupancy.enter()
                    defer { occupancy.leave() }
                    Thread.sleep(forTimeInterval: 0.003)
                    return 10 * lesson + run
                }
            }
            #expect(lessons == (0..<4).map { lesson in (0..<6).map { 10 * lesson + $0 } })
            #expect(occupancy.peak <= jobs, "\(occupancy.peak) bodies ran at once with --jobs \(jobs)")
        }
        // Outside a course there is no shared budget.
        #expect(RunSlots.current == nil)
    }

    @Test("a budget's slots all come back after a caller that waited for its runs")
    func slotsBalance() throws {
        let slots = RunSlots(2)
        slots.acquire()
        let values = try RunSlots.working(under: slots) {
            try ParallelRuns.map(5, jobs: 2) { $0 * 2 }
        }
        #expect(values == [0, 2, 4, 6, 8])
        slots.release()
        // Both slots are free again: two acquisitions do not block.
        slots.acquire()
        slots.acquire()
        slots.release()
        slots.release()
    }
}

import Foundation
import Synchronization
import Testing

/// In the full suite on 2 cores, synchronous CPU-bound tests occupy every thread of Swift's
/// cooperative pool for seconds at a time. A test server whose streams need that pool then stalls
/// (the page saw epochs "0 then 500"). This test makes that load on purpose and checks that the
/// server's stream keeps flowing through it.
@Suite("Playground under a starved cooperative pool", .serialized)
struct PlaygroundStarvedPoolTests {
    @Test func epochsKeepArrivingWhileThePoolIsOccupied() async throws {
        let running = try await RunningServer.start(concurrentRuns: 1)
        let clock = ContinuousClock()
        // On a thread of its own: stream a long run; once epochs flow, occupy the pool and ask it
        // for a job (the probe). From the probe's submission until it runs (or the stream ends,
        // if that comes first), the pool is proved occupied; count the epochs that arrive in that
        // window. (In the full suite the pool may be taken already: the window is then longer.)
        // Every read has a deadline; no time limit on the test, whose start may wait for the pool.
        let measured: StarvationWindow = await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(returning: Self.streamThroughStarvation(port: running.port, clock: clock))
            }.start()
        }
        for blocker in measured.blockers { await blocker.value }
        #expect(measured.error == nil, "\(measured.error ?? "")")
        // The load really took the pool: the probe waited for it.
        #expect(measured.probeWait >= .seconds(2), "the probe ran after \(measured.probeWait); the pool was not occupied")
        // And the stream flowed meanwhile.
        #expect(measured.epochsInWindow >= 5,
                "\(measured.epochsInWindow) epochs arrived in the \(measured.probeWait) the pool was occupied (\(measured.epochsBefore) before it)")
        print("playground starved pool: pool occupied for \(measured.probeWait); \(measured.epochsInWindow) epochs streamed meanwhile, \(measured.epochsBefore) before")
    }

    struct StarvationWindow: Sendable {
        var probeWait: Duration = .zero
        var epochsBefore = 0
        var epochsInWindow = 0
        var blockers: [Task<Void, Never>] = []
        var error: String?
    }

    /// Jobs that hold every thread of the cooperative pool for `duration` (sleeping, so the CPU
    /// stays free for the server: only the pool is taken, as a blocking test takes it).
    static func occupyThePool(for duration: Duration, clock: ContinuousClock) -> [Task<Void, Never>] {
        (0..<ProcessInfo.processInfo.activeProcessorCount).map { _ in
            Task.detached {
                let end = clock.now + duration
                while clock.now < end { usleep(5_000) }
            }
        }
    }

    static func streamThroughStarvation(port: Int, clock: ContinuousClock) -> StarvationWindow {
        var window = StarvationWindow()
        let probeSubmitted = Locked<ContinuousClock.Instant?>(nil)
        let probeRan = Locked<ContinuousClock.Instant?>(nil)
        do {
            let connection = try LoopbackConnection(port: port)
            let deadline = clock.now + .seconds(240)
            let head = try LoopbackHTTP.head(
                connection, method: "GET", path: "/api/train?n=2000&width=64&depth=2&batch=8&epochs=500&seed=5", deadline: deadline)
            guard head.status == 200 else { throw LoopbackError("the server answered \(head.status)") }
            var arrivals: [ContinuousClock.Instant] = []
            _ = try LoopbackHTTP.events(connection, deadline: deadline) { event in
                guard event.name == "epoch" else { return event.name != "queued" && event.name != "started" }
                arrivals.append(clock.now)
                if arrivals.count == 3 {
                    // The stream is flowing: take the pool, give the blockers time to start, probe.
                    window.blockers = occupyThePool(for: .seconds(5), clock: clock)
                    usleep(300_000)
                    probeSubmitted.withLock { $0 = clock.now }
                    Task.detached { probeRan.withLock { $0 = clock.now } }
                }
                // Stop reading a little after the probe ran.
                guard let ran = probeRan.withLock({ $0 }) else { return false }
                return clock.now - ran > .milliseconds(300)
            }
            let streamEnded = clock.now
            guard let submitted = probeSubmitted.withLock({ $0 }) else { throw LoopbackError("the stream ended before 3 epochs") }
            let ran = probeRan.withLock { $0 } ?? streamEnded
            window.probeWait = ran - submitted
            window.epochsBefore = arrivals.filter { $0 < submitted }.count
            window.epochsInWindow = arrivals.filter { $0 >= submitted && $0 < ran }.count
        } catch {
            window.error = "\(error)"
        }
        return window
    }
}

import Foundation
import Synchronization

/// The runs the server holds (waiting or training), by token, with counters for the status page
/// and the shutdown. A run's `stop` flag is read by its training thread between epochs.
final class RunRegistry: Sendable {
    final class Entry: Sendable {
        let token: String
        private let stopReason = Mutex<String?>(nil)
        init(token: String) { self.token = token }
        func stop(_ reason: String) { stopReason.withLock { if $0 == nil { $0 = reason } } }
        var reason: String? { stopReason.withLock { $0 } }
    }

    struct Counters: Sendable, Encodable {
        var started = 0
        var finished = 0
        var failed = 0
        var cancelled = 0
        var refused = 0
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let counters = Mutex(Counters())

    func register() -> Entry {
        var bytes = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        let token = bytes.map { String(format: "%02x", $0) }.joined()
        let entry = Entry(token: token)
        entries.withLock { $0[token] = entry }
        return entry
    }

    func remove(_ entry: Entry) { _ = entries.withLock { $0.removeValue(forKey: entry.token) } }

    /// Stops the run with `token`; false when there is none.
    func stop(token: String, reason: String) -> Bool {
        guard let entry = entries.withLock({ $0[token] }) else { return false }
        entry.stop(reason)
        return true
    }

    func stopAll(reason: String) {
        for entry in entries.withLock({ Array($0.values) }) { entry.stop(reason) }
    }

    var activeCount: Int { entries.withLock { $0.count } }

    func count(_ change: (inout Counters) -> Void) { counters.withLock { change(&$0) } }
    var snapshot: Counters { counters.withLock { $0 } }
}

import Foundation
import Playground

/// Server-sent events (the `text/event-stream` format): `event: NAME`, one `data:` line of JSON,
/// a blank line. JSON has no raw newlines inside a line, so one `data:` line always suffices.
enum EventStreamFormat {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        // NaN and ±∞ are not JSON: a diverged number travels as a string the page shows as is.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        return encoder
    }()

    static func event(_ name: String, _ payload: some Encodable) -> String {
        let json = (try? encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "event: \(name)\ndata: \(json)\n\n"
    }

    static func event(_ sessionEvent: SessionEvent) -> String {
        switch sessionEvent {
        case .started(let start): event("started", start)
        case .epoch(let report): event("epoch", report)
        case .finished(let summary): event("finished", summary)
        case .failed(let failure): event("failed", failure)
        case .cancelled(let cancellation): event("cancelled", cancellation)
        }
    }

    /// A comment line: keeps the connection busy so that a closed one is noticed.
    static let keepAlive = ": keep-alive\n\n"

    static func json(_ payload: some Encodable) -> String {
        (try? encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// The `queued` event: the run's token (for Stop) and its place in the queue (0 = training).
struct QueuedEvent: Encodable {
    let run: String
    let position: Int
    let capacity: Int
}

/// The body of a 400 or 503 answer.
struct ErrorAnswer: Encodable {
    let error: String
    let setting: String?
}

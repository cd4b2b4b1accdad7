import Foundation
import Hummingbird
import NIOCore

/// Who a request comes from, for the fair queue: the `playground-client` cookie the page sets
/// (32 random hex digits), or else the connection's IP address. A malformed cookie counts as none.
enum ClientIdentity {
    static let cookieName = "playground-client"

    /// The queue key of `request`: "cookie <value>" or "address <ip>".
    static func key(request: Request, address: SocketAddress?) -> String {
        if let cookie = cookie(in: request) { return "cookie " + cookie }
        return "address " + (address?.ipAddress ?? "unknown")
    }

    /// The well-formed `playground-client` cookie of `request`, if any.
    static func cookie(in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let parts = pair.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == cookieName else { continue }
                let value = parts[1].trimmingCharacters(in: .whitespaces)
                if isWellFormed(value) { return value }
            }
        }
        return nil
    }

    static func isWellFormed(_ value: String) -> Bool {
        value.utf8.count == 32 && value.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// A `Set-Cookie` value with a new random identity (HttpOnly: the page's script never reads it).
    static func newCookieHeader() -> String {
        var generator = SystemRandomNumberGenerator()
        let value = (0..<16).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
        return "\(cookieName)=\(value); Path=/; HttpOnly; SameSite=Strict"
    }
}

/// The request context: Hummingbird's basic one plus the connection's remote address.
struct PlaygroundRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The binary form of calls and replies: little-endian, length-prefixed, exact for every `Double`
/// (NaN and ±∞ included, as bit patterns).
public enum WireCodec {
    public static func encode(_ call: WireCall) -> [UInt8] {
        var writer = Writer()
        writer.byte(1)
        writer.text(call.function.rawValue)
        writer.values(call.arguments)
        return writer.bytes
    }

    public static func encode(_ reply: WireReply) -> [UInt8] {
        var writer = Writer()
        switch reply {
        case .values(let values):
            writer.byte(2)
            writer.values(values)
        case .notAttempted:
            writer.byte(3)
        case .threw(let message):
            writer.byte(4)
            writer.text(message)
        }
        return writer.bytes
    }

    public static func decodeCall(_ bytes: [UInt8]) throws -> WireCall {
        var reader = Reader(bytes)
        guard try reader.byte() == 1 else { throw WireError("not a call") }
        let name = try reader.text()
        guard let function = WireFunction(rawValue: name) else { throw WireError("unknown function \(name)") }
        let arguments = try reader.values()
        try reader.end()
        return WireCall(function, arguments)
    }

    public static func decodeReply(_ bytes: [UInt8]) throws -> WireReply {
        var reader = Reader(bytes)
        let reply: WireReply
        switch try reader.byte() {
        case 2: reply = .values(try reader.values())
        case 3: reply = .notAttempted
        case 4: reply = .threw(try reader.text())
        default: throw WireError("not a reply")
        }
        try reader.end()
        return reply
    }

    struct Writer {
        var bytes: [UInt8] = []

        mutating func byte(_ value: UInt8) { bytes.append(value) }

        mutating func word(_ value: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }

        mutating func count(_ value: Int) { word(UInt64(value)) }

        mutating func text(_ value: String) {
            count(value.utf8.count)
            bytes += value.utf8
        }

        mutating func values(_ values: [WireValue]) {
            count(values.count)
            for value in values { self.value(value) }
        }

        mutating func value(_ value: WireValue) {
            switch value {
            case .double(let x): byte(1); word(x.bitPattern)
            case .int(let n): byte(2); word(UInt64(bitPattern: Int64(n)))
            case .bool(let b): byte(3); byte(b ? 1 : 0)
            case .doubles(let xs): byte(4); count(xs.count); for x in xs { word(x.bitPattern) }
            case .ints(let ns): byte(5); count(ns.count); for n in ns { word(UInt64(bitPattern: Int64(n))) }
            case .matrix(let rows, let columns, let scalars):
                byte(6); word(UInt64(bitPattern: Int64(rows))); word(UInt64(bitPattern: Int64(columns)))
                count(scalars.count); for x in scalars { word(x.bitPattern) }
            case .text(let s): byte(7); text(s)
            }
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var position = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        mutating func byte() throws -> UInt8 {
            guard position < bytes.count else { throw WireError("message ends early") }
            defer { position += 1 }
            return bytes[position]
        }

        mutating func word() throws -> UInt64 {
            guard bytes.count - position >= 8 else { throw WireError("message ends early") }
            var value: UInt64 = 0
            for index in 0..<8 { value |= UInt64(bytes[position + index]) << UInt64(8 * index) }
            position += 8
            return value
        }

        /// A count of items of `size` bytes each that fit in the rest of the message.
        mutating func count(of size: Int) throws -> Int {
            let raw = try word()
            guard raw <= UInt64(bytes.count - position) / UInt64(size) else { throw WireError("a count of \(raw) items exceeds the message") }
            return Int(raw)
        }

        mutating func integer() throws -> Int { Int(truncatingIfNeeded: Int64(bitPattern: try word())) }

        mutating func text() throws -> String {
            let n = try count(of: 1)
            defer { position += n }
            return String(decoding: bytes[position..<(position + n)], as: UTF8.self)
        }

        mutating func values() throws -> [WireValue] {
            let n = try count(of: 2)
            return try (0..<n).map { _ in try value() }
        }

        mutating func value() throws -> WireValue {
            switch try byte() {
            case 1: return .double(Double(bitPattern: try word()))
            case 2: return .int(try integer())
            case 3: return .bool(try byte() != 0)
            case 4: return .doubles(try (0..<count(of: 8)).map { _ in Double(bitPattern: try word()) })
            case 5: return .ints(try (0..<count(of: 8)).map { _ in try integer() })
            case 6:
                let rows = try integer()
                let columns = try integer()
                let scalars = try (0..<count(of: 8)).map { _ in Double(bitPattern: try word()) }
                guard rows >= 0, columns >= 0, rows.multipliedReportingOverflow(by: columns) == (scalars.count, false) else {
                    throw WireError("a \(rows) × \(columns) matrix with \(scalars.count) values")
                }
                return .matrix(rows: rows, columns: columns, scalars: scalars)
            case 7: return .text(try text())
            default: throw WireError("unknown value tag")
            }
        }

        func end() throws {
            guard position == bytes.count else { throw WireError("\(bytes.count - position) bytes after the message") }
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Length-prefixed frames over a pair of file descriptors (the pipes between the grader and the
/// runner). Reads wait at most until a deadline, so a student's endless loop cannot hang the grader.
public struct WireChannel: Sendable {
    public let input: Int32
    public let output: Int32
    /// The largest frame accepted (a runaway output is an error, not an out-of-memory).
    public var maximumFrame: Int

    public init(input: Int32, output: Int32, maximumFrame: Int = 64 << 20) {
        self.input = input
        self.output = output
        self.maximumFrame = maximumFrame
    }

    public enum Failure: Error, Equatable, Sendable {
        /// The other side closed the pipe (it exited or crashed).
        case closed
        /// Nothing arrived before the deadline.
        case timedOut
        /// A frame longer than `maximumFrame`.
        case tooLong(Int)
    }

    public func send(_ payload: [UInt8]) throws {
        var frame: [UInt8] = []
        frame.reserveCapacity(payload.count + 8)
        for shift in stride(from: 0, to: 64, by: 8) { frame.append(UInt8(truncatingIfNeeded: UInt64(payload.count) >> UInt64(shift))) }
        frame += payload
        try frame.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(output, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw Failure.closed
                }
                offset += written
            }
        }
    }

    /// The next frame; `deadline` is a `monotonicSeconds()` value (nil waits for ever).
    public func receive(deadline: Double? = nil) throws -> [UInt8] {
        let header = try read(count: 8, deadline: deadline)
        var length: UInt64 = 0
        for index in 0..<8 { length |= UInt64(header[index]) << UInt64(8 * index) }
        guard length <= UInt64(maximumFrame) else { throw Failure.tooLong(Int(clamping: length)) }
        return try read(count: Int(length), deadline: deadline)
    }

    func read(count: Int, deadline: Double?) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            if let deadline {
                let remaining = deadline - monotonicSeconds()
                if remaining <= 0 { throw Failure.timedOut }
                var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
                let ready = poll(&descriptor, 1, Int32(min(remaining * 1000 + 1, 60_000)))
                if ready < 0 && errno == EINTR { continue }
                if ready == 0 { continue }
            }
            let got = bytes.withUnsafeMutableBytes { buffer in
                systemRead(input, buffer.baseAddress! + offset, count - offset)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure.closed
            }
            if got == 0 { throw Failure.closed }
            offset += got
        }
        return bytes
    }
}

/// Seconds on a clock that never jumps.
public func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
    #else
    Darwin.read(descriptor, buffer, count)
    #endif
}

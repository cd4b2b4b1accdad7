import CZlib

/// zlib's deflate format (PDF's `/FlateDecode`), for the content streams cairo writes compressed.
enum Deflate {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The bytes `compressed` inflates to.
    static func inflate(_ compressed: ArraySlice<UInt8>) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit_(&stream, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(description: "zlib could not start inflating")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var input = Array(compressed)
        let status: Int32 = input.withUnsafeMutableBufferPointer { input in
            stream.next_in = input.baseAddress
            stream.avail_in = uInt(input.count)
            var status = Z_OK
            repeat {
                status = chunk.withUnsafeMutableBufferPointer { chunk in
                    stream.next_out = chunk.baseAddress
                    stream.avail_out = uInt(chunk.count)
                    return CZlib.inflate(&stream, Z_NO_FLUSH)
                }
                output += chunk[0..<(chunk.count - Int(stream.avail_out))]
            } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
            return status
        }
        guard status == Z_STREAM_END || (status == Z_OK && stream.avail_in == 0) else {
            throw Failure(description: "a compressed stream is damaged (zlib status \(status))")
        }
        return output
    }

    /// `bytes` compressed at zlib's default level (the same bytes give the same output).
    static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
        var length = compressBound(uLong(bytes.count))
        var output = [UInt8](repeating: 0, count: Int(length))
        let status = output.withUnsafeMutableBufferPointer { output in
            bytes.withUnsafeBufferPointer { input in
                compress2(output.baseAddress, &length, input.baseAddress, uLong(input.count), Z_DEFAULT_COMPRESSION)
            }
        }
        guard status == Z_OK else { throw Failure(description: "zlib could not compress a stream (status \(status))") }
        return Array(output[0..<Int(length)])
    }
}

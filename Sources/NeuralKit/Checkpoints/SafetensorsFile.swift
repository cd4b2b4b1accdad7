import Foundation
import Preconditions

/// The element types NeuralKit reads and writes in safetensors files.
public enum SafetensorsDType: String, Sendable, CaseIterable {
    /// 32-bit IEEE float (PyTorch `float32`).
    case float32 = "F32"
    /// 64-bit IEEE float (PyTorch `float64`).
    case float64 = "F64"
    /// 64-bit signed integer (PyTorch `int64`, e.g. BatchNorm's `num_batches_tracked`).
    case int64 = "I64"

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .float32: return 4
        case .float64, .int64: return 8
        }
    }
}

/// A safetensors file in memory: named tensors of raw little-endian bytes plus string metadata.
///
/// ```
/// bytes 0..<8        N, the header length, unsigned 64-bit little-endian
/// bytes 8..<8+N      UTF-8 JSON: { "name": { "dtype": "F32", "shape": [256, 64],
///                                            "data_offsets": [begin, end] }, …,
///                                  "__metadata__": { "key": "value" } }
/// bytes 8+N..<end    the data; a tensor's bytes are at data_offsets relative to 8+N,
///                    elements in row-major order, little-endian
/// ```
///
/// Parsing checks every length, offset, shape and dtype against the actual bytes, so a truncated
/// or garbage file is a thrown `CheckpointError.corrupt`, never an out-of-bounds read.
///
/// ### References
/// - Hugging Face, "safetensors" format specification, https://github.com/huggingface/safetensors
public struct SafetensorsFile: Sendable, Equatable {
    /// One stored tensor.
    public struct Entry: Sendable, Equatable {
        public var dtype: SafetensorsDType
        /// The shape as PyTorch sees it: `[]` for a scalar, `[n]` for a vector, `[r, c]` for a matrix.
        public var shape: [Int]
        /// The elements' raw little-endian bytes (`shape.product · dtype.byteCount` of them).
        public var bytes: [UInt8]

        public init(dtype: SafetensorsDType, shape: [Int], bytes: [UInt8]) {
            checkPrecondition(
                bytes.count == shape.reduce(1, *) * dtype.byteCount,
                "SafetensorsFile.Entry: \(bytes.count) bytes do not fit shape \(shape) of \(dtype.rawValue)")
            self.dtype = dtype
            self.shape = shape
            self.bytes = bytes
        }

        /// The number of elements.
        public var elementCount: Int { shape.reduce(1, *) }

        /// Float entries from `values`.
        public init<Scalar: TensorScalar>(floating values: [Scalar], shape: [Int]) {
            var bytes: [UInt8] = []
            if Scalar.self == Double.self {
                bytes.reserveCapacity(values.count * 8)
                for value in values { SafetensorsFile.appendLittleEndian(Double(value).bitPattern, to: &bytes) }
                self.init(dtype: .float64, shape: shape, bytes: bytes)
            } else {
                bytes.reserveCapacity(values.count * 4)
                for value in values { SafetensorsFile.appendLittleEndian(Float(value).bitPattern, to: &bytes) }
                self.init(dtype: .float32, shape: shape, bytes: bytes)
            }
        }

        /// An I64 entry from `values`.
        public init(integers values: [Int64], shape: [Int]) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(values.count * 8)
            for value in values { SafetensorsFile.appendLittleEndian(UInt64(bitPattern: value), to: &bytes) }
            self.init(dtype: .int64, shape: shape, bytes: bytes)
        }

        /// The elements converted to `Scalar` (integers exactly as far as `Scalar` allows).
        public func values<Scalar: TensorScalar>(as _: Scalar.Type = Scalar.self) -> [Scalar] {
            var result: [Scalar] = []
            result.reserveCapacity(elementCount)
            bytes.withUnsafeBytes { raw in
                for index in 0..<elementCount {
                    switch dtype {
                    case .float32:
                        let bits = raw.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self)
                        result.append(Scalar(Float(bitPattern: UInt32(littleEndian: bits))))
                    case .float64:
                        let bits = raw.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)
                        result.append(Scalar(Double(bitPattern: UInt64(littleEndian: bits))))
                    case .int64:
                        let bits = raw.loadUnaligned(fromByteOffset: 8 * index, as: UInt64.self)
                        result.append(Scalar(Int64(bitPattern: UInt64(littleEndian: bits))))
                    }
                }
            }
            return result
        }
    }

    /// The tensors by name.
    public var tensors: [String: Entry]
    /// The optional `__metadata__` map of strings.
    public var metadata: [String: String]

    public init(tensors: [String: Entry] = [:], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    /// The largest header accepted (the reference implementation's limit), so a garbage length
    /// cannot make us allocate gigabytes.
    public static let maximumHeaderLength = 100_000_000

    // MARK: - Reading

    /// Reads and parses the file at `url`.
    public static func read(from url: URL) throws -> SafetensorsFile {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CheckpointError.fileAccess(path: url.path, reason: "\(error.localizedDescription)")
        }
        return try SafetensorsFile(parsing: [UInt8](data), path: url.path)
    }

    /// Parses a whole file's bytes; `path` is only used in error messages.
    public init(parsing bytes: [UInt8], path: String = "<memory>") throws {
        func corrupt(_ reason: String) -> CheckpointError { .corrupt(path: path, reason: reason) }
        guard bytes.count >= 8 else {
            throw corrupt("the file has \(bytes.count) bytes, fewer than the 8-byte header length")
        }
        var headerLength: UInt64 = 0
        for index in 0..<8 { headerLength |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        guard headerLength <= UInt64(Self.maximumHeaderLength) else {
            throw corrupt("the header length \(headerLength) exceeds the limit \(Self.maximumHeaderLength)")
        }
        guard headerLength >= 2, Int(headerLength) <= bytes.count - 8 else {
            throw corrupt("the header length \(headerLength) does not fit the file's \(bytes.count) bytes (truncated?)")
        }
        let dataStart = 8 + Int(headerLength)
        let dataLength = bytes.count - dataStart
        let headerBytes = Data(bytes[8..<dataStart])
        guard headerBytes.first == UInt8(ascii: "{") else {
            throw corrupt("the header does not start with '{'")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: headerBytes)
        } catch {
            throw corrupt("the header is not valid JSON")
        }
        guard let header = json as? [String: Any] else { throw corrupt("the header is not a JSON object") }

        var tensors: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        var ranges: [(name: String, range: Range<Int>)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let map = value as? [String: Any] else { throw corrupt("__metadata__ is not an object") }
                for (key, entry) in map {
                    guard let text = entry as? String else { throw corrupt("__metadata__ value for '\(key)' is not a string") }
                    metadata[key] = text
                }
                continue
            }
            guard let description = value as? [String: Any] else { throw corrupt("the entry '\(name)' is not an object") }
            guard let dtypeName = description["dtype"] as? String else { throw corrupt("'\(name)' has no dtype string") }
            guard let dtype = SafetensorsDType(rawValue: dtypeName) else {
                throw corrupt("'\(name)' has dtype \(dtypeName); NeuralKit reads F32, F64 and I64")
            }
            guard let shape = Self.integers(description["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
                throw corrupt("'\(name)' has no valid shape (a list of non-negative integers)")
            }
            guard let offsets = Self.integers(description["data_offsets"]), offsets.count == 2,
                  offsets[0] >= 0, offsets[0] <= offsets[1], offsets[1] <= dataLength
            else {
                throw corrupt("'\(name)' has data_offsets \(description["data_offsets"].map { "\($0)" } ?? "nil") "
                    + "outside the \(dataLength) data bytes (truncated?)")
            }
            var byteCount = dtype.byteCount
            for dimension in shape {
                let (product, overflow) = byteCount.multipliedReportingOverflow(by: dimension)
                guard !overflow else { throw corrupt("'\(name)' has an impossibly large shape \(shape)") }
                byteCount = product
            }
            guard offsets[1] - offsets[0] == byteCount else {
                throw corrupt("'\(name)' has \(offsets[1] - offsets[0]) bytes but shape \(shape) of \(dtypeName) needs \(byteCount)")
            }
            let range = (dataStart + offsets[0])..<(dataStart + offsets[1])
            tensors[name] = Entry(dtype: dtype, shape: shape, bytes: Array(bytes[range]))
            ranges.append((name, offsets[0]..<offsets[1]))
        }
        // The tensors must not overlap (the format also asks that they tile the data exactly).
        ranges.sort { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
        for (previous, next) in zip(ranges, ranges.dropFirst()) where next.range.lowerBound < previous.range.upperBound {
            throw corrupt("the data of '\(previous.name)' and '\(next.name)' overlap")
        }
        self.init(tensors: tensors, metadata: metadata)
    }

    /// A JSON array of exact integers, or nil.
    private static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        var result: [Int] = []
        for element in array {
            guard let number = element as? NSNumber else { return nil }
            let double = number.doubleValue
            guard double.rounded() == double, abs(double) < 0x1p53 else { return nil }
            result.append(number.intValue)
        }
        return result
    }

    // MARK: - Writing

    /// The file's bytes: header length, JSON header (keys sorted, padded with spaces to a multiple
    /// of 8 bytes as the reference writer does) and the data in header order.
    public func serialized() -> [UInt8] {
        let names = tensors.keys.sorted()
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(Self.jsonString($0)):\(Self.jsonString(metadata[$0]!))" }
            entries.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
        }
        var offset = 0
        for name in names {
            let entry = tensors[name]!
            let shape = entry.shape.map(String.init).joined(separator: ",")
            entries.append(
                "\(Self.jsonString(name)):{\"dtype\":\"\(entry.dtype.rawValue)\",\"shape\":[\(shape)],"
                    + "\"data_offsets\":[\(offset),\(offset + entry.bytes.count)]}")
            offset += entry.bytes.count
        }
        var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
        while header.count % 8 != 0 { header.append(UInt8(ascii: " ")) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + header.count + offset)
        Self.appendLittleEndian(UInt64(header.count), to: &bytes)
        bytes += header
        for name in names { bytes += tensors[name]!.bytes }
        return bytes
    }

    /// Writes the file atomically: to a temporary file in the same folder, then renamed over `url`,
    /// so a crash mid-write never leaves a half-written checkpoint.
    public func write(to url: URL) throws {
        try AtomicFile.write(serialized(), to: url)
    }

    static func appendLittleEndian<Integer: FixedWidthInteger>(_ value: Integer, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A JSON string literal with the characters JSON requires escaped.
    static func jsonString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

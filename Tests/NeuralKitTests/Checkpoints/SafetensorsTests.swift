import Foundation
import Testing
@testable import NeuralKit

@Suite struct SafetensorsTests {
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("neuralkit-checkpoint-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test("the bytes follow the format: length, padded JSON header, little-endian data")
    func layout() throws {
        let file = SafetensorsFile(
            tensors: ["w": .init(floating: [Float(1), -2], shape: [2]), "n": .init(integers: [7], shape: [])],
            metadata: ["format": "pt"])
        let bytes = file.serialized()
        let headerLength = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
        let header = try #require(String(bytes: bytes[8..<8 + headerLength], encoding: .utf8))
        #expect(header.trimmingCharacters(in: .whitespaces) == """
            {"__metadata__":{"format":"pt"},"n":{"dtype":"I64","shape":[],"data_offsets":[0,8]},\
            "w":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}
            """)
        // 7 as int64, then 1.0f (0x3F800000) and -2.0f (0xC0000000), all little-endian.
        #expect(Array(bytes[(8 + headerLength)...]) == [7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0])
        #expect(try SafetensorsFile(parsing: bytes) == file)
    }

    @Test("a network round-trips through a file, with PyTorch's shapes and dtypes")
    func roundTrip() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("model.safetensors")
        let saved = CheckpointTestNetwork<Float>(seed: 1)
        try saveCheckpoint(of: saved, to: url, metadata: ["epoch": "12"])
        let file = try SafetensorsFile.read(from: url)
        #expect(file.metadata == ["epoch": "12"])
        #expect(file.tensors["0.weight"]?.shape == [2, 3])
        #expect(file.tensors["0.bias"]?.shape == [2])
        #expect(file.tensors["1.running_mean"]?.dtype == .float32)
        #expect(file.tensors["1.num_batches_tracked"]?.shape == [])
        #expect(file.tensors["1.num_batches_tracked"]?.dtype == .int64)

        let loaded = CheckpointTestNetwork<Float>(seed: 2)
        #expect(loaded.state != saved.state)
        try loadCheckpoint(into: loaded, from: url)
        #expect(loaded.state == saved.state)
        // Only the checkpoint is left in the folder: the temporary file was renamed into place.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["model.safetensors"])
    }

    @Test("a Double network writes F64 and reads it back exactly")
    func doubleRoundTrip() throws {
        let saved = CheckpointTestNetwork<Double>(seed: 3)
        let file = try SafetensorsFile(parsing: SafetensorsFile(tensors: saved.checkpointEntries()).serialized())
        #expect(file.tensors["0.weight"]?.dtype == .float64)
        let loaded = CheckpointTestNetwork<Double>(seed: 4)
        try loaded.loadCheckpoint(file)
        #expect(loaded.state == saved.state)
    }

    @Test("every truncation of a valid file throws instead of crashing")
    func truncated() throws {
        let bytes = SafetensorsFile(tensors: CheckpointTestNetwork<Float>(seed: 5).checkpointEntries()).serialized()
        for length in 0..<bytes.count {
            #expect(throws: CheckpointError.self) { try SafetensorsFile(parsing: Array(bytes.prefix(length))) }
        }
    }

    @Test("garbage and damaged files throw a corrupt-file error")
    func garbage() throws {
        var generator = RandomGenerator(seed: 6)
        for length in [0, 7, 8, 9, 64, 1000] {
            let noise = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            #expect(throws: CheckpointError.self) { try SafetensorsFile(parsing: noise) }
        }
        func file(header: String, data: [UInt8] = []) -> [UInt8] {
            var bytes: [UInt8] = []
            SafetensorsFile.appendLittleEndian(UInt64(header.utf8.count), to: &bytes)
            return bytes + Array(header.utf8) + data
        }
        let damaged = [
            "[1, 2]",
            "{\"a\": 3}",
            "{\"a\": {\"dtype\": \"F16\", \"shape\": [1], \"data_offsets\": [0, 2]}}",
            "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}}",
            "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}",
            "{\"a\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}",
            "{\"a\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}",
            "{\"a\": {\"dtype\": \"F32\", \"shape\": [4611686018427387904, 4], \"data_offsets\": [0, 4]}}",
            "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}, \"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}",
            "{\"__metadata__\": {\"x\": 1}}",
            "{\"a\": ",
        ]
        for header in damaged {
            #expect(throws: CheckpointError.self, "\(header)") { try SafetensorsFile(parsing: file(header: header, data: [0, 0, 0, 0])) }
        }
        // A header length far beyond the file (or beyond any sane size) is caught before allocating.
        var huge: [UInt8] = []
        SafetensorsFile.appendLittleEndian(UInt64.max, to: &huge)
        #expect(throws: CheckpointError.self) { try SafetensorsFile(parsing: huge + Array("{}".utf8)) }
    }

    @Test("random bit flips in a valid file never crash the reader")
    func bitFlips() throws {
        let bytes = SafetensorsFile(tensors: CheckpointTestNetwork<Float>(seed: 7).checkpointEntries()).serialized()
        var generator = RandomGenerator(seed: 8)
        for _ in 0..<500 {
            var damaged = bytes
            let index = generator.integer(below: damaged.count)
            damaged[index] ^= UInt8(1 << generator.integer(below: 8))
            let network = CheckpointTestNetwork<Float>(seed: 9)
            do {
                try network.loadCheckpoint(SafetensorsFile(parsing: damaged))
            } catch is CheckpointError {
                // Expected for most flips; flips inside the data just change a value.
            }
        }
    }

    @Test("a missing file and an unwritable folder are file-access errors")
    func fileAccess() throws {
        let nowhere = URL(fileURLWithPath: "/nonexistent-folder-\(UUID().uuidString)/model.safetensors")
        #expect(throws: CheckpointError.self) { try SafetensorsFile.read(from: nowhere) }
        #expect(throws: CheckpointError.self) { try saveCheckpoint(of: CheckpointTestNetwork<Float>(seed: 1), to: nowhere) }
    }
}

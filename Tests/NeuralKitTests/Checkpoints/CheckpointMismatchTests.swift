import Foundation
import Testing
@testable import NeuralKit

@Suite struct CheckpointMismatchTests {
    func entries(seed: UInt64 = 1) -> [String: SafetensorsFile.Entry] {
        CheckpointTestNetwork<Float>(seed: seed).checkpointEntries()
    }

    /// Loads `file` into a fresh network; checks the error and that the network was not touched.
    func expectFailure(_ file: SafetensorsFile, matching check: (CheckpointError) -> Bool) {
        let network = CheckpointTestNetwork<Float>(seed: 2)
        let before = network.state
        do {
            try network.loadCheckpoint(file, path: "model.safetensors")
            Issue.record("loading succeeded")
        } catch let error as CheckpointError {
            #expect(check(error), "unexpected error: \(error)")
        } catch {
            Issue.record("unexpected error type: \(error)")
        }
        #expect(network.state == before, "a failed load changed the network")
    }

    @Test("a missing key names the key")
    func missingKey() {
        var tensors = entries()
        tensors["1.running_mean"] = nil
        expectFailure(SafetensorsFile(tensors: tensors)) { error in
            guard case .missingKey(_, "1.running_mean", _) = error else { return false }
            return error.description.contains("1.running_mean")
        }
    }

    @Test("an unexpected key names the key")
    func unexpectedKey() {
        var tensors = entries()
        tensors["2.weight"] = .init(floating: [Float(1)], shape: [1, 1])
        expectFailure(SafetensorsFile(tensors: tensors)) { error in
            guard case .unexpectedKey(_, "2.weight") = error else { return false }
            return error.description.contains("2.weight")
        }
    }

    @Test("a shape mismatch names the key and both shapes")
    func shapeMismatch() {
        let tensors = CheckpointTestNetwork<Float>(inputs: 4, outputs: 2, seed: 3).checkpointEntries()
        expectFailure(SafetensorsFile(tensors: tensors)) { error in
            guard case .shapeMismatch(_, "0.weight", [2, 3], [2, 4]) = error else { return false }
            return error.description.contains("0.weight") && error.description.contains("[2, 3]")
                && error.description.contains("[2, 4]")
        }
        // A vector stored as a matrix (or a counter as a vector) is a mismatch too.
        var matrix = entries()
        matrix["0.bias"] = .init(floating: [Float(1), 2], shape: [1, 2])
        expectFailure(SafetensorsFile(tensors: matrix)) { error in
            if case .shapeMismatch(_, "0.bias", [2], [1, 2]) = error { return true }
            return false
        }
    }

    @Test("a dtype mismatch names the key and both dtypes")
    func dtypeMismatch() {
        var tensors = entries()
        tensors["0.bias"] = .init(floating: [Double(1), 2], shape: [2])
        expectFailure(SafetensorsFile(tensors: tensors)) { error in
            if case .dtypeMismatch(_, "0.bias", "F32", "F64") = error { return true }
            return false
        }
        var counter = entries()
        counter["1.num_batches_tracked"] = .init(floating: [Float(3)], shape: [])
        expectFailure(SafetensorsFile(tensors: counter)) { error in
            if case .dtypeMismatch(_, "1.num_batches_tracked", "I64", "F32") = error { return true }
            return false
        }
    }
}

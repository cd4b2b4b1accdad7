import Foundation
import Testing
@testable import NeuralKit

@Suite struct CheckpointNetworkTests {
    func network(seed: UInt64) throws -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed)
        return Sequential<Float>(
            Linear(inputSize: 3, outputSize: 4, generator: &generator), try BatchNorm1d(featureCount: 4), ReLU(),
            try Dropout(probability: 0.5, seed: seed), Linear(inputSize: 4, outputSize: 2, generator: &generator))
    }

    @Test("a Linear–BatchNorm network saves under PyTorch's names and shapes and loads back")
    func roundTrip() throws {
        let saved = try network(seed: 1)
        var generator = RandomGenerator(seed: 2)
        for _ in 0..<3 { _ = saved.forward(Tensor.normal(rows: 8, columns: 3, using: &generator)) }  // move the running stats
        let file = try SafetensorsFile(parsing: SafetensorsFile(tensors: saved.checkpointEntries()).serialized())
        let shapes = file.tensors.mapValues(\.shape)
        #expect(shapes == [
            "0.weight": [4, 3], "0.bias": [4],
            "1.weight": [4], "1.bias": [4], "1.running_mean": [4], "1.running_var": [4], "1.num_batches_tracked": [],
            "4.weight": [2, 4], "4.bias": [2],
        ])
        #expect(file.tensors["1.num_batches_tracked"]?.values(as: Float.self) == [3])

        let loaded = try network(seed: 3)
        try loaded.loadCheckpoint(file)
        #expect(NetworkSnapshot(of: loaded).parameters.map(\.value) == NetworkSnapshot(of: saved).parameters.map(\.value))
        #expect(NetworkSnapshot(of: loaded).buffers.map(\.value) == NetworkSnapshot(of: saved).buffers.map(\.value))
        saved.eval()
        loaded.eval()
        let x = Tensor<Float>.normal(rows: 5, columns: 3, using: &generator)
        #expect(saved.forward(x) == loaded.forward(x))
    }
}

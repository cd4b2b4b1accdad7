import Foundation
import Testing
import NeuralKit

extension ParityChecks {
    /// A checkpoint written by PyTorch (`safetensors.torch.save_file(model.state_dict())` of
    /// `Sequential(Linear(5, 8), BatchNorm1d(8), ReLU(), Linear(8, 3))`) loads into the same
    /// NeuralKit network, which then gives PyTorch's evaluation outputs; and back: NeuralKit's
    /// entries are byte-for-byte PyTorch's (names, dtypes, shapes, values), and a file NeuralKit
    /// writes loads again into a fresh network with the same outputs.
    static func checkpoint(_ fixture: Fixture) throws {
        let url = Fixture.folder.appendingPathComponent(try fixture.string("file"))
        let network = try makeCheckpointNetwork(seed: 100)
        try network.loadCheckpoint(from: url)
        network.eval()
        let input: Tensor<Float> = try fixture.tensor("input")
        let expected: Tensor<Float> = try fixture.tensor("eval_output")
        expectParity(network.forward(input), expected, "evaluation output after loading", in: fixture)
        let batchNorm = try #require(network.layers[1] as? BatchNorm1d<Float>)
        #expect(batchNorm.batchesTracked == (try fixture.integer("num_batches_tracked")))

        let pytorchFile = try SafetensorsFile.read(from: url)
        let entries = network.checkpointEntries()
        #expect(entries.keys.sorted() == pytorchFile.tensors.keys.sorted())
        for (name, entry) in pytorchFile.tensors {
            #expect(entries[name] == entry, "\(fixture.name): entry \(name) differs from PyTorch's after a round trip")
        }

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let written = folder.appendingPathComponent("model.safetensors")
        try network.saveCheckpoint(to: written)
        let reloaded = try makeCheckpointNetwork(seed: 200)
        try reloaded.loadCheckpoint(from: written)
        reloaded.eval()
        expectParity(reloaded.forward(input), expected, "evaluation output after saving and reloading", in: fixture)
        #expect(try SafetensorsFile.read(from: written).tensors == pytorchFile.tensors)

        // For the PyTorch side of "and back": with this variable set, the file NeuralKit wrote is
        // kept there for tools/check_checkpoint.py, which loads it into PyTorch's model.
        if let keep = ProcessInfo.processInfo.environment["NEURALKIT_PARITY_CHECKPOINT_DIR"] {
            let name = "neuralkit-" + (try fixture.string("file"))
            try network.saveCheckpoint(to: URL(fileURLWithPath: keep).appendingPathComponent(name))
        }
    }

    /// The fixture's architecture with fresh (different) weights, which loading must replace.
    private static func makeCheckpointNetwork(seed: UInt64) throws -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed)
        return Sequential<Float>(
            Linear(inputSize: 5, outputSize: 8, generator: &generator),
            try BatchNorm1d(featureCount: 8),
            ReLU(),
            Linear(inputSize: 8, outputSize: 3, generator: &generator))
    }
}

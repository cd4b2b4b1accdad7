import Foundation
import Testing
@testable import NeuralKit

/// Inputs that used to give a plausible-looking wrong answer, or an error blaming the wrong thing
/// (issue 10, "silent wrong results"). Each must now be refused or reported by name.
@Suite struct SilentWrongResultTests {
    /// Four examples whose features are all NaN, every label class 0: an arg-max over NaN outputs
    /// used to fall on class 0 for every row, so the accuracy came out as 1.0.
    func nanDataset() -> Dataset {
        Dataset(
            features: Tensor(rows: 4, columns: 2, repeating: .nan), labels: [0, 0, 0, 0], classCount: 2)
    }

    @Test("accuracy and evaluate on all-NaN features give NaN, not a fraction of the labels")
    func accuracyOnNaNFeatures() {
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 4, outputs: 2, seed: 1)
        let accuracy = network.accuracy(on: nanDataset())
        #expect(accuracy.isNaN, "accuracy(on:) of NaN outputs is \(accuracy)")
        let evaluation = network.evaluate(on: nanDataset(), loss: .crossEntropy)
        #expect(evaluation.accuracy?.isNaN == true, "evaluate(on:).accuracy is \(String(describing: evaluation.accuracy))")
    }

    @Test("a learning rate of +∞ is refused by every optimiser, naming it and the range")
    func infiniteLearningRate() {
        let parameters = TrainingTestNetworks.mlp(inputs: 2, hidden: 4, outputs: 2, seed: 1).parameters
        let makers: [(String, () throws -> Void)] = [
            ("SGD", { _ = try SGD(parameters: parameters, learningRate: .infinity) }),
            ("Adam", { _ = try Adam(parameters: parameters, learningRate: .infinity) }),
            ("AdamW", { _ = try AdamW(parameters: parameters, learningRate: .infinity) }),
            ("SGD", { _ = try SGD(
                parameterGroups: [ParameterGroup(parameters: parameters, learningRate: .infinity)], learningRate: 0.1) }),
        ]
        for (owner, make) in makers {
            let error = #expect(throws: HyperparameterError.self, "\(owner) accepted learningRate = +∞") { try make() }
            let message = error.map { "\($0)" } ?? ""
            #expect(message.contains(owner) && message.contains("learningRate") && message.contains("inf"), "\(message)")
        }
    }

    @Test("a learning rate set to NaN after construction stops fit with an error naming it",
          arguments: [Double.nan, -1, .infinity])
    func learningRateChangedToInvalid(rate: Double) throws {
        var generator = RandomGenerator(seed: 3)
        let data = try Dataset.twoMoons(count: 64, noise: 0.1, using: &generator)
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 4, outputs: 2, seed: 1)
        let optimizer = try SGD(parameters: network.parameters, learningRate: 0.1)
        optimizer.learningRate = rate
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 16, seed: 2)
        let before = network.parameters.map(\.value)
        let error = #expect(throws: HyperparameterError.self) { try trainer.fit(on: data, epochs: 1) }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("learningRate") && message.contains("\(rate)"), "\(message)")
        #expect(network.parameters.map(\.value) == before, "the parameters changed before the error")
    }

    @Test("a group's learning rate set to NaN is refused too")
    func groupLearningRateChangedToNaN() throws {
        var generator = RandomGenerator(seed: 3)
        let data = try Dataset.twoMoons(count: 64, noise: 0.1, using: &generator)
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 4, outputs: 2, seed: 1)
        let optimizer = try AdamW(
            parameterGroups: ParameterGroup.noDecayOnBiasesAndNormalization(network.parameters), learningRate: 0.1)
        optimizer.parameterGroups[1].learningRate = .nan
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 16, seed: 2)
        let error = #expect(throws: HyperparameterError.self) { try trainer.fit(on: data, epochs: 1) }
        #expect((error.map { "\($0)" } ?? "").contains("parameterGroups[1].learningRate"))
    }

    @Test("step() with a NaN learning rate stops with a message naming it (not silent NaN weights)")
    func stepWithNaNLearningRate() async {
        let result = await #expect(processExitsWith: .failure, observing: [\.standardErrorContent]) {
            let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 4, outputs: 2, seed: 1)
            let optimizer = try! SGD(parameters: network.parameters, learningRate: 0.1)
            optimizer.learningRate = .nan
            optimizer.step()
        }
        let standardError = String(decoding: result?.standardErrorContent ?? [], as: UTF8.self)
        #expect(standardError.contains("SGD: learningRate = nan"), "\(standardError)")
    }

    @Test("training on NaN features says the features hold NaN, and does not blame the learning rate")
    func trainingOnNaNFeatures() throws {
        var generator = RandomGenerator(seed: 3)
        var data = try Dataset.twoMoons(count: 64, noise: 0.1, using: &generator)
        data.features[5, 1] = .nan
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 4, outputs: 2, seed: 1)
        let optimizer = try SGD(parameters: network.parameters, learningRate: 0.1)
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 16, seed: 2)
        let error = #expect(throws: TrainingError.self) { try trainer.fit(on: data, epochs: 1) }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("training set") && message.contains("NaN") && message.contains("row 5, column 1"), "\(message)")
        #expect(!message.contains("learning rate"), "\(message)")

        var validation = data
        validation.features[0, 0] = .infinity
        validation.features[5, 1] = 0
        var clean = data
        clean.features[5, 1] = 0
        let validationError = #expect(throws: TrainingError.self) {
            try trainer.fit(on: clean, validation: validation, epochs: 1)
        }
        #expect((validationError.map { "\($0)" } ?? "").contains("validation set"))
    }

    @Test("a network whose parameters hold NaN before training is reported by parameter name")
    func nanParametersBeforeTraining() throws {
        var generator = RandomGenerator(seed: 3)
        let data = try Dataset.twoMoons(count: 64, noise: 0.1, using: &generator)
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 4, outputs: 2, seed: 1)
        network.parameters[2].value[0, 0] = .nan
        let optimizer = try SGD(parameters: network.parameters, learningRate: 0.1)
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 16, seed: 2)
        let error = #expect(throws: TrainingError.self) { try trainer.fit(on: data, epochs: 1) }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("'2.weight'") && message.contains("NaN"), "\(message)")
        #expect(!message.contains("learning rate"), "\(message)")
    }

    @Test("a checkpoint holding NaN is refused by default, naming the tensor; .warn loads it")
    func nanCheckpoint() throws {
        let source = TrainingTestNetworks.mlp(inputs: 2, hidden: 4, outputs: 2, seed: 1)
        source.parameters[3].value[0, 2] = .nan
        let file = try SafetensorsFile(parsing: SafetensorsFile(tensors: source.checkpointEntries()).serialized())
        let target = TrainingTestNetworks.mlp(inputs: 2, hidden: 4, outputs: 2, seed: 9)
        let before = target.parameters.map(\.value)
        let error = #expect(throws: CheckpointError.self) { try target.loadCheckpoint(file, path: "diverged.safetensors") }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.contains("diverged.safetensors") && message.contains("'2.bias'") && message.contains("NaN"), "\(message)")
        #expect(target.parameters.map(\.value) == before, "a refused checkpoint changed the network")

        let warnings = try target.loadCheckpoint(file, path: "diverged.safetensors", nonFiniteValues: .warn)
        #expect(warnings.count == 1)
        #expect(warnings.first.map { "\($0)" }?.contains("'2.bias'") == true)
        #expect(target.parameters[3].value[0, 2].isNaN)
    }
}

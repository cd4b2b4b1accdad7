import Testing
@testable import NeuralKit

@Suite struct TrainerTests {
    func moons() throws -> DataSplit {
        var generator = RandomGenerator(seed: 2024)
        let data = try Dataset.twoMoons(count: 600, noise: 0.1, using: &generator)
        return try data.split(trainCount: 400, validationCount: 100, using: &generator)
    }

    @Test("a small MLP learns two moons to more than 95 % accuracy")
    func learnsTwoMoons() throws {
        let split = try moons()
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 32, outputs: 2, seed: 1)
        let optimizer = try Adam(parameters: network.parameters, learningRate: 0.01)
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 32, seed: 3)
        let history = try trainer.fit(on: split.train, validation: split.validation, epochs: 60)
        #expect(history.epochs.count == 60)
        #expect(history.trainLoss.last! < history.trainLoss.first! / 5)
        #expect(history.validationAccuracy.last! > 0.95)
        #expect(network.accuracy(on: split.test) > 0.95)
        #expect(history.epochs.map(\.epoch) == Array(1...60))
        #expect(history.epochs.allSatisfy { $0.trainEvaluationLoss == nil })
        #expect(zip(history.epochs, history.epochs.dropFirst()).allSatisfy { $0.elapsedSeconds <= $1.elapsedSeconds })
    }

    @Test("the same seeds give bit-identical histories and weights")
    func reproducible() throws {
        let split = try moons()
        func run() throws -> (TrainingHistory, Tensor<Float>) {
            let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 16, outputs: 2, dropout: 0.2, seed: 5)
            let optimizer = try SGD(parameters: network.parameters, learningRate: 0.1, momentum: 0.9)
            let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 16, seed: 6)
            trainer.augmentation = try Mixup(alpha: 0.2)
            var history = try trainer.fit(on: split.train, validation: split.validation, epochs: 3)
            for index in history.epochs.indices { history.epochs[index].elapsedSeconds = 0 }
            return (history, network.parameters[0].value)
        }
        let (historyA, weightsA) = try run()
        let (historyB, weightsB) = try run()
        #expect(historyA == historyB)
        #expect(weightsA == weightsB)
    }

    @Test("a diverging run throws an error naming the epoch, the step and the learning rate")
    func divergence() throws {
        let split = try moons()
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 32, outputs: 2, seed: 7)
        let optimizer = try SGD(parameters: network.parameters, learningRate: 1e6)
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 32, seed: 8)
        var lastStep: (Int, Int) = (0, 0)
        trainer.onStep = { lastStep = ($0.epoch, $0.step) }
        do {
            try trainer.fit(on: split.train, epochs: 20)
            Issue.record("training with learning rate 1e6 did not diverge")
        } catch let error as TrainingError {
            guard case .diverged(let epoch, let step, let loss, let learningRate) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            // The failing step comes right after the last reported one.
            let expectedNext = lastStep.1 == trainer.stepsPerEpoch(count: 400) ? (lastStep.0 + 1, 1) : (lastStep.0, lastStep.1 + 1)
            #expect(epoch == expectedNext.0 && step == expectedNext.1)
            #expect(!loss.isFinite)
            #expect(learningRate == 1e6)
            #expect(error.description.contains("epoch \(epoch), step \(step)"))
            #expect(error.description.contains("learning rate"))
        }
    }

    @Test("with evaluatesTrainingSet the training set is also measured in evaluation mode")
    func trainingSetEvaluation() throws {
        let split = try moons()
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 16, outputs: 2, dropout: 0.5, seed: 21)
        let optimizer = try Adam(parameters: network.parameters, learningRate: 0.01)
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 32, seed: 22)
        trainer.evaluatesTrainingSet = true
        let history = try trainer.fit(on: split.train, epochs: 3)
        let last = try #require(history.epochs.last)
        let evaluation = network.evaluate(on: split.train, loss: .crossEntropy)
        #expect(last.trainEvaluationLoss == evaluation.loss)
        #expect(last.trainEvaluationAccuracy == evaluation.accuracy)
        // With dropout active during the epoch, the running loss differs from the evaluation-mode one.
        #expect(last.trainLoss != last.trainEvaluationLoss)
    }

    @Test("regression with mean squared error fits a noisy sine")
    func regression() throws {
        var generator = RandomGenerator(seed: 9)
        let data = try Dataset.noisySine(count: 300, noise: 0.05, using: &generator)
        let split = try data.split(trainCount: 200, validationCount: 100, using: &generator)
        let network = TrainingTestNetworks.mlp(inputs: 1, hidden: 32, outputs: 1, seed: 10)
        let optimizer = try Adam(parameters: network.parameters, learningRate: 0.01)
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .meanSquaredError, batchSize: 20, seed: 11)
        let history = try trainer.fit(on: split.train, validation: split.validation, epochs: 150)
        #expect(history.validationLoss.last! < 0.02)
        #expect(history.epochs.last!.trainAccuracy == nil)
        #expect(history.epochs.last!.validationAccuracy == nil)
    }

    @Test("progress is reported after every step, with the step count of an epoch")
    func progress() throws {
        let split = try moons()
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 8, outputs: 2, seed: 12)
        let optimizer = try SGD(parameters: network.parameters, learningRate: 0.1)
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 64, seed: 13)
        var reports: [TrainingProgress] = []
        var epochs: [Int] = []
        trainer.onStep = { reports.append($0) }
        trainer.onEpoch = { epochs.append($0.epoch) }
        try trainer.fit(on: split.train, epochs: 2)
        #expect(reports.count == 2 * 7)  // 400 examples in batches of 64: 6 full + 1 of 16
        #expect(reports.last!.fractionDone == 1)
        #expect(epochs == [1, 2])
        trainer.dropLastIncompleteBatch = true
        try trainer.fit(on: split.train, epochs: 1)
        #expect(reports.count == 2 * 7 + 6)
        #expect(trainer.history.epochs.map(\.epoch) == [1, 2, 3])
    }

    @Test("wrong settings and unusable data are rejected with a clear error")
    func badInput() throws {
        let split = try moons()
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 8, outputs: 2, seed: 14)
        let optimizer = try SGD(parameters: network.parameters, learningRate: 0.1)
        #expect(throws: HyperparameterError.self) {
            try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 0, seed: 1)
        }
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .meanSquaredError, batchSize: 8, seed: 1)
        #expect(throws: TrainingError.self) { try trainer.fit(on: split.train, epochs: 1) }
        trainer.loss = .crossEntropy
        #expect(throws: TrainingError.self) { try trainer.fit(on: split.train.subset([]), epochs: 1) }
        trainer.earlyStopping = try EarlyStopping(patience: 2)
        #expect(throws: TrainingError.self) { try trainer.fit(on: split.train, epochs: 1) }
        #expect(throws: HyperparameterError.self) { try trainer.fit(on: split.train, validation: split.validation, epochs: -1) }
    }
}

#if arch(x86_64) && canImport(Glibc)
import Glibc

@Suite struct DenormalFlushingTests {
    static func controlRegister() -> UInt32 {
        var environment = fenv_t()
        fegetenv(&environment)
        return environment.__mxcsr
    }

    @Test("fit flushes subnormals to zero while it runs and restores the mode afterwards")
    func flushing() throws {
        var generator = RandomGenerator(seed: 51)
        let data = try Dataset.twoMoons(count: 64, noise: 0.1, using: &generator)
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 4, outputs: 2, seed: 52)
        let trainer = try Trainer(
            network: network, optimizer: try SGD(parameters: network.parameters, learningRate: 0.1),
            loss: .crossEntropy, batchSize: 32, seed: 53)
        let before = Self.controlRegister()
        var during: [UInt32] = []
        trainer.onStep = { _ in during.append(Self.controlRegister()) }
        try trainer.fit(on: data, epochs: 1)
        #expect(Self.controlRegister() == before)
        #expect(during.allSatisfy { $0 & 0x8040 == 0x8040 })
        trainer.flushesDenormalsToZero = false
        during = []
        try trainer.fit(on: data, epochs: 1)
        #expect(during.allSatisfy { $0 == before })
    }
}
#endif

import Testing
@testable import NeuralKit

@Suite struct EarlyStoppingTests {
    /// Runs the state machine over `losses` (epochs 1, 2, …) and returns the stop epoch and best epoch.
    func run(_ losses: [Double], patience: Int, minDelta: Double = 0) -> (stopped: Int?, best: Int?) {
        var state = EarlyStopping.State.waitingForFirstEpoch
        for (index, loss) in losses.enumerated() {
            state = state.next(after: index + 1, validationLoss: loss, patience: patience, minDelta: minDelta)
            if case .stopped(_, let bestEpoch, let stoppedEpoch) = state { return (stoppedEpoch, bestEpoch) }
        }
        return (nil, state.bestEpoch)
    }

    @Test("patience counts epochs without improvement in a row, as Keras and Lightning do")
    func patience() {
        let losses = [1.0, 0.8, 0.9, 0.85, 0.7, 0.75, 0.75, 0.74, 0.76]
        // patience 0: the first epoch that does not improve stops (epoch 3).
        #expect(run(losses, patience: 0) == (3, 2))
        #expect(run(losses, patience: 1) == (3, 2))
        // patience 2: epochs 3 and 4 fail (stop at 4)
        #expect(run(losses, patience: 2) == (4, 2))
        // patience 3: epochs 3, 4 fail, 5 improves (0.7); then 6, 7, 8 fail (0.74 is no better than 0.7)
        #expect(run(losses, patience: 3) == (8, 5))
        #expect(run(losses, patience: 10) == (nil, 5))
    }

    @Test("an improvement smaller than minDelta does not count")
    func minDelta() {
        let losses = [1.0, 0.97, 0.93, 0.90, 0.89]
        #expect(run(losses, patience: 2, minDelta: 0) == (nil, 5))
        // With minDelta 0.05: 0.97 is not below 1.0 − 0.05, 0.93 is (best, epoch 3); then neither
        // 0.90 nor 0.89 is below 0.93 − 0.05, so patience 2 runs out at epoch 5.
        #expect(run(losses, patience: 2, minDelta: 0.05) == (5, 3))
        #expect(run(losses, patience: 1, minDelta: 0.05) == (2, 1))
        // An equal loss is never an improvement.
        #expect(run([1, 1, 1], patience: 1) == (2, 1))
    }

    @Test("the states step through improved, waiting and stopped")
    func states() {
        var state = EarlyStopping.State.waitingForFirstEpoch
        state = state.next(after: 1, validationLoss: 0.5, patience: 2, minDelta: 0)
        #expect(state == .improved(best: 0.5, bestEpoch: 1))
        state = state.next(after: 2, validationLoss: 0.6, patience: 2, minDelta: 0)
        #expect(state == .waiting(best: 0.5, bestEpoch: 1, epochsWithoutImprovement: 1))
        state = state.next(after: 3, validationLoss: .nan, patience: 2, minDelta: 0)
        #expect(state == .stopped(best: 0.5, bestEpoch: 1, stoppedEpoch: 3))
        #expect(state.next(after: 4, validationLoss: 0.1, patience: 2, minDelta: 0) == state)
    }

    @Test("negative patience or minDelta is rejected")
    func badInput() {
        #expect(throws: HyperparameterError.self) { try EarlyStopping(patience: -1) }
        #expect(throws: HyperparameterError.self) { try EarlyStopping(patience: 1, minDelta: -0.1) }
        #expect(throws: HyperparameterError.self) { try EarlyStopping(patience: 1, minDelta: .nan) }
    }

    @Test("restore best puts back the best epoch's weights and buffers")
    func restoreBest() throws {
        let counter = CountingLayer()
        let linear = Linear<Float>(weight: Tensor([[1, 2]]), bias: Tensor([[0]]))
        let network = Sequential<Float>(counter, linear)
        let stopping = try EarlyStopping(patience: 1, restoreBest: true)
        func advance(epoch: Int, loss: Double) -> Bool {
            linear.weight.value[0, 0] = Float(epoch)
            _ = network.forward(Tensor([[Float(epoch), 0]]))
            return stopping.update(epoch: epoch, validationLoss: loss, network: network)
        }
        #expect(!advance(epoch: 1, loss: 0.9))
        #expect(!advance(epoch: 2, loss: 0.5))
        #expect(advance(epoch: 3, loss: 0.7))
        #expect(linear.weight.value[0, 0] == 3)
        #expect(counter.passes.value[0, 0] == 3)
        #expect(stopping.restoreBestState(into: network) == 2)
        #expect(linear.weight.value == Tensor([[2, 2]]))
        #expect(counter.runningMean.value[0, 0] == 1)  // mean of [2, 0]
        #expect(counter.passes.value[0, 0] == 2)
    }

    @Test("the trainer stops early and ends with the best epoch's network")
    func trainerStopsEarly() throws {
        // A small training set with label noise overfits quickly, so validation loss turns up.
        var generator = RandomGenerator(seed: 31)
        let data = try Dataset.twoMoons(count: 400, noise: 0.3, using: &generator)
        var split = try data.split(trainCount: 60, validationCount: 300, using: &generator)
        split.train = try split.train.flippingLabels(fraction: 0.2, using: &generator).dataset
        let network = TrainingTestNetworks.mlp(inputs: 2, hidden: 128, outputs: 2, seed: 32)
        let optimizer = try Adam(parameters: network.parameters, learningRate: 0.01)
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 16, seed: 33)
        let stopping = try EarlyStopping(patience: 5, restoreBest: true)
        trainer.earlyStopping = stopping
        let history = try trainer.fit(on: split.train, validation: split.validation, epochs: 300)
        let stopped = try #require(history.stoppedEpoch)
        let best = try #require(history.bestValidationEpoch)
        #expect(stopped < 300)
        #expect(stopped - best.epoch == 5)
        #expect(history.restoredEpoch == best.epoch)
        let now = network.evaluate(on: split.validation, loss: .crossEntropy)
        #expect(abs(now.loss - best.validationLoss!) < 1e-6)
    }
}

@Suite struct BatchNormTrainingTests {
    func network(seed: UInt64) throws -> Sequential<Float> {
        var generator = RandomGenerator(seed: seed)
        return Sequential<Float>(
            Linear(inputSize: 2, outputSize: 8, generator: &generator), try BatchNorm1d(featureCount: 8), ReLU(),
            Linear(inputSize: 8, outputSize: 2, generator: &generator))
    }

    @Test("restoring the best epoch brings back BatchNorm's running statistics too")
    func restoresRunningStatistics() throws {
        var generator = RandomGenerator(seed: 41)
        let data = try Dataset.twoMoons(count: 200, noise: 0.2, using: &generator)
        let split = try data.split(trainCount: 100, validationCount: 100, using: &generator)
        let network = try network(seed: 42)
        let optimizer = try SGD(parameters: network.parameters, learningRate: 0.05)
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 10, seed: 43)
        let stopping = try EarlyStopping(patience: 1000, restoreBest: true)
        trainer.earlyStopping = stopping
        var snapshots: [Int: NetworkSnapshot<Float>] = [:]
        trainer.onEpoch = { snapshots[$0.epoch] = NetworkSnapshot(of: network) }
        let history = try trainer.fit(on: split.train, validation: split.validation, epochs: 15)
        let best = try #require(history.restoredEpoch)
        let expected = try #require(snapshots[best])
        let now = NetworkSnapshot(of: network)
        #expect(now.parameters.map(\.value) == expected.parameters.map(\.value))
        #expect(now.buffers.map(\.name) == ["1.running_mean", "1.running_var", "1.num_batches_tracked"])
        #expect(now.buffers.map(\.value) == expected.buffers.map(\.value))
        #expect(now.buffers[2].value[0, 0] == Float(best * 10))  // 10 batches per epoch
    }

    @Test("a last batch of one example with BatchNorm is reported before training starts")
    func batchOfOne() throws {
        var generator = RandomGenerator(seed: 44)
        let data = try Dataset.twoMoons(count: 33, noise: 0.2, using: &generator)
        let network = try network(seed: 45)
        let optimizer = try SGD(parameters: network.parameters, learningRate: 0.05)
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 16, seed: 46)
        #expect(throws: BatchNormBatchSizeError.self) { try trainer.fit(on: data, epochs: 1) }
        #expect(trainer.history.epochs.isEmpty)
        trainer.dropLastIncompleteBatch = true
        try trainer.fit(on: data, epochs: 1)
        #expect(trainer.history.epochs.count == 1)
    }
}

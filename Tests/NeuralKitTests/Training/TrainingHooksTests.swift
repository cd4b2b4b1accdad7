import Testing
@testable import NeuralKit

@Suite struct TrainingHooksTests {
    func setup(seed: UInt64, learningRate: Double = 0.05) throws -> (Sequential<Float>, SGD<Float>, Trainer, DataSplit) {
        var generator = RandomGenerator(seed: seed)
        let data = try Dataset.sparseFeatures(count: 300, featureCount: 20, informativeCount: 2, using: &generator)
        let split = try data.split(trainCount: 200, validationCount: 100, using: &generator)
        let network = TrainingTestNetworks.mlp(inputs: 20, hidden: 16, outputs: 2, seed: seed)
        let optimizer = try SGD(parameters: network.parameters, learningRate: learningRate)
        let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 20, seed: seed)
        return (network, optimizer, trainer, split)
    }

    @Test("an L2 penalty shrinks the weights and is recorded apart from the data loss")
    func l2Penalty() throws {
        let (plain, _, plainTrainer, split) = try setup(seed: 1)
        try plainTrainer.fit(on: split.train, epochs: 20)
        let (penalized, _, trainer, _) = try setup(seed: 1)
        trainer.penalty = try L2Penalty(strength: 0.1)
        let history = try trainer.fit(on: split.train, epochs: 20)
        #expect(history.epochs.allSatisfy { $0.penalty > 0 })
        #expect(plainTrainer.history.epochs.allSatisfy { $0.penalty == 0 })
        #expect(try WeightStatistics(of: penalized).totalL2Norm < 0.8 * WeightStatistics(of: plain).totalL2Norm)
    }

    @Test("a proximal L1 step makes exact zeros; weight statistics count them")
    func proximalL1() throws {
        let (network, _, trainer, split) = try setup(seed: 2)
        #expect(try WeightStatistics(of: network).exactZeroFraction == 0)
        trainer.constraints = [try ProximalL1(strength: 0.01)]
        try trainer.fit(on: split.train, epochs: 20)
        let statistics = try WeightStatistics(of: network)
        #expect(statistics.exactZeroFraction > 0.3)
        #expect(statistics.nearZeroFraction >= statistics.exactZeroFraction)
        // Biases are not weights: three weight matrices only.
        #expect(statistics.layers.map(\.name) == ["0.weight", "2.weight", "4.weight"])
    }

    @Test("max-norm keeps every weight row within the bound")
    func maxNorm() throws {
        let (network, _, trainer, split) = try setup(seed: 3, learningRate: 0.5)
        trainer.constraints = [try MaxNormConstraint(maxNorm: 0.5)]
        try trainer.fit(on: split.train, epochs: 5)
        for (name, parameter) in network.namedParameters where parameter.role == .weight {
            for row in 0..<parameter.value.rows {
                let norm = parameter.value.row(row).sumOfSquares().squareRoot()
                #expect(norm <= 0.5 + 1e-5, "\(name) row \(row) has norm \(norm)")
            }
        }
    }

    @Test("clipping gradients to value 0 leaves plain SGD's weights unchanged")
    func clipping() throws {
        let (network, _, trainer, split) = try setup(seed: 4)
        let before = network.parameters.map(\.value)
        trainer.gradientClipping = try .value(0)
        try trainer.fit(on: split.train, epochs: 1)
        #expect(network.parameters.map(\.value) == before)
        #expect(throws: HyperparameterError.self) { try GradientClipping.norm(-1) }
    }

    @Test("an epoch scheduler changes the learning rate recorded for each epoch")
    func scheduler() throws {
        let (_, optimizer, trainer, split) = try setup(seed: 5)
        trainer.scheduler = .everyEpoch(try StepLR(optimizer: optimizer, stepSize: 1, gamma: 0.5))
        let history = try trainer.fit(on: split.train, epochs: 3)
        #expect(history.epochs.map(\.learningRate) == [0.05, 0.025, 0.0125])
        #expect(optimizer.learningRate == 0.00625)
    }

    @Test("a plateau scheduler lowers the learning rate when the validation loss stalls")
    func plateau() throws {
        // With so small a learning rate the validation loss moves by less than the plateau
        // threshold (a relative 1e-4), so every epoch after the first counts as a bad one.
        let (_, optimizer, trainer, split) = try setup(seed: 6, learningRate: 1e-6)
        trainer.scheduler = .onPlateau(try ReduceLROnPlateau(optimizer: optimizer, factor: 0.5, patience: 1))
        let history = try trainer.fit(on: split.train, validation: split.validation, epochs: 4)
        #expect(history.epochs.map(\.learningRate) == [1e-6, 1e-6, 1e-6, 5e-7])
        #expect(optimizer.learningRate == 5e-7)  // the count restarts after a reduction
    }
}

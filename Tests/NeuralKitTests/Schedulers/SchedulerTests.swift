import Foundation
import NeuralKit
import Testing

private func optimizer(learningRate: Double = 0.1) throws -> SGD<Double> {
    try SGD(parameters: [makeParameter([0], gradient: [0])], learningRate: learningRate)
}

@Suite struct SchedulerTests {
    @Test("StepLR: η₀·γ^⌊e/stepSize⌋")
    func stepLR() throws {
        let sgd = try optimizer()
        let scheduler = try StepLR(optimizer: sgd, stepSize: 2, gamma: 0.5)
        var rates = [sgd.learningRate]
        for _ in 0..<6 {
            scheduler.step()
            rates.append(sgd.learningRate)
        }
        #expect(isClose(rates, [0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125]))
    }

    @Test("CosineAnnealingLR: η_min + (η₀ − η_min)(1 + cos(πe/T))/2")
    func cosine() throws {
        let sgd = try optimizer(learningRate: 1)
        let scheduler = try CosineAnnealingLR(optimizer: sgd, maxSteps: 4, minimumLearningRate: 0.2)
        var rates = [sgd.learningRate]
        for _ in 0..<4 {
            scheduler.step()
            rates.append(sgd.learningRate)
        }
        let half = 0.2 + 0.8 * (1 + 1 / 2.0.squareRoot()) / 2
        let quarter = 0.2 + 0.8 * (1 - 1 / 2.0.squareRoot()) / 2
        #expect(isClose(rates, [1, half, 0.6, quarter, 0.2]))
    }

    @Test("schedulers follow each group's own base learning rate")
    func groups() throws {
        let sgd = try SGD(
            parameterGroups: [
                ParameterGroup(parameters: [makeParameter([0], gradient: [0])]),
                ParameterGroup(parameters: [makeParameter([0], gradient: [0])], learningRate: 0.01),
            ], learningRate: 0.1)
        let scheduler = try StepLR(optimizer: sgd, stepSize: 1, gamma: 0.1)
        scheduler.step()
        #expect(isClose([sgd.learningRate(ofGroup: 0), sgd.learningRate(ofGroup: 1)], [0.01, 0.001]))
    }

    @Test("ReduceLROnPlateau: reduces after more than `patience` bad epochs, then cools down")
    func plateau() throws {
        let sgd = try optimizer(learningRate: 1)
        let scheduler = try ReduceLROnPlateau(optimizer: sgd, factor: 0.5, patience: 2, cooldown: 1, minimumLearningRate: 0.2)
        let losses: [Double] = [1.0, 0.9, 0.9, 0.9, 0.9, 0.95, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]
        var rates: [Double] = []
        for loss in losses {
            scheduler.step(metric: loss)
            rates.append(sgd.learningRate)
        }
        // Epochs 3–5 are bad (3 > patience 2) → 0.5 at epoch 5; cooldown absorbs epoch 6;
        // epochs 7–9 bad → 0.25 at epoch 9; cooldown epoch 10; 11–13 bad → max(0.125, 0.2) = 0.2.
        #expect(isClose(rates, [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.2]))
    }

    @Test("ReduceLROnPlateau: an improvement smaller than the relative threshold does not count")
    func threshold() throws {
        let sgd = try optimizer(learningRate: 1)
        let scheduler = try ReduceLROnPlateau(optimizer: sgd, factor: 0.1, patience: 0, threshold: 0.01)
        scheduler.step(metric: 1)
        #expect(sgd.learningRate == 1)
        scheduler.step(metric: 0.995)  // not below 1·(1 − 0.01)
        #expect(isClose([sgd.learningRate], [0.1]))
        #expect(scheduler.best == 1)
    }

    @Test("bad scheduler settings are rejected, naming the parameter")
    func badSettings() throws {
        let sgd = try optimizer()
        #expect(throwsNaming("stepSize") { _ = try StepLR(optimizer: sgd, stepSize: 0) })
        #expect(throwsNaming("maxSteps") { _ = try CosineAnnealingLR(optimizer: sgd, maxSteps: 0) })
        #expect(throwsNaming("factor") { _ = try ReduceLROnPlateau(optimizer: sgd, factor: 1) })
        #expect(throwsNaming("patience") { _ = try ReduceLROnPlateau(optimizer: sgd, patience: -1) })
    }
}

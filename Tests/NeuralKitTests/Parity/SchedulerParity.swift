import Testing
import NeuralKit

extension ParityChecks {
    /// `StepLR`, `CosineAnnealingLR` (past `T_max` too) and `ReduceLROnPlateau` (cooldown, minimum
    /// rate) on SGD with two parameter groups of base rates 0.1 and 0.05: both groups' rates after
    /// every scheduler step.
    static func scheduler(_ fixture: Fixture) throws {
        let settings = try fixture.object("settings")
        let baseRates = try fixture.numbers("base_learning_rates")
        let weight = Parameter<Float>(Tensor(rows: 2, columns: 2), role: .weight)
        let bias = Parameter<Float>(Tensor(rows: 1, columns: 2), role: .bias)
        let optimizer = try SGD(
            parameterGroups: [
                ParameterGroup(parameters: [weight]), ParameterGroup(parameters: [bias], learningRate: baseRates[1]),
            ],
            learningRate: baseRates[0])
        let expectedRates = try fixture.content["learning_rates"] as? [[Double]] ?? {
            throw FixtureError(file: fixture.name, key: "learning_rates", problem: "is not a list of lists of numbers")
        }()
        let step: (Int) -> Void
        switch try fixture.string("scheduler") {
        case "step":
            let scheduler = try StepLR(
                optimizer: optimizer, stepSize: try settings.integer("step_size"), gamma: try settings.number("gamma"))
            step = { _ in scheduler.step() }
        case "cosine":
            let scheduler = try CosineAnnealingLR(
                optimizer: optimizer, maxSteps: try settings.integer("T_max"),
                minimumLearningRate: try settings.number("eta_min"))
            step = { _ in scheduler.step() }
        case "plateau":
            #expect(try settings.string("mode") == "min" && settings.string("threshold_mode") == "rel")
            let scheduler = try ReduceLROnPlateau(
                optimizer: optimizer, mode: .min, factor: try settings.number("factor"),
                patience: try settings.integer("patience"), threshold: try settings.number("threshold"),
                thresholdMode: .relative, cooldown: try settings.integer("cooldown"),
                minimumLearningRate: try settings.number("min_lr"))
            let metrics = try fixture.numbers("metrics")
            step = { epoch in scheduler.step(metric: metrics[epoch]) }
        case let other:
            throw FixtureError(file: fixture.name, key: "scheduler", problem: "is \"\(other)\", unknown")
        }
        for (epoch, rates) in expectedRates.enumerated() {
            optimizer.step()
            step(epoch)
            for group in 0..<2 {
                expectParity(
                    optimizer.learningRate(ofGroup: group), rates[group],
                    "learning rate of group \(group) after epoch \(epoch + 1)", in: fixture)
            }
        }
    }
}

import Testing
import NeuralKit

extension ParityChecks {
    /// Several steps of `torch.optim.SGD` / `Adam` / `AdamW` on a 3×4 weight and a 3-element bias,
    /// with the gradients PyTorch was given; the parameters must match after every step.
    static func optimizer(_ fixture: Fixture) throws {
        let settings = try fixture.object("hyperparameters")
        let weight = Parameter(try fixture.tensor("weight"), role: .weight)
        let bias = Parameter(try fixture.tensor("bias"), role: .bias)
        let groups: [ParameterGroup<Float>]
        switch try fixture.string("groups") {
        case "shared": groups = [ParameterGroup(parameters: [weight, bias])]
        case "no-decay-on-bias": groups = ParameterGroup.noDecayOnBiasesAndNormalization([weight, bias])
        case let other: throw FixtureError(file: fixture.name, key: "groups", problem: "is \"\(other)\", unknown")
        }
        let learningRate = try settings.number("lr")
        let weightDecay = try settings.number("weight_decay")
        let optimizer: any Optimizer<Float>
        switch fixture.kind {
        case "sgd":
            optimizer = try SGD(
                parameterGroups: groups, learningRate: learningRate, momentum: try settings.number("momentum"),
                dampening: settings.content["dampening"] == nil ? 0 : try settings.number("dampening"),
                nesterov: try settings.boolean("nesterov"), weightDecay: weightDecay)
        case "adam", "adamw":
            let betas = try settings.numbers("betas")
            let epsilon = try settings.number("eps")
            if fixture.kind == "adam" {
                optimizer = try Adam(
                    parameterGroups: groups, learningRate: learningRate, betas: (betas[0], betas[1]),
                    epsilon: epsilon, weightDecay: weightDecay)
            } else {
                optimizer = try AdamW(
                    parameterGroups: groups, learningRate: learningRate, betas: (betas[0], betas[1]),
                    epsilon: epsilon, weightDecay: weightDecay)
            }
        default:
            throw FixtureError(file: fixture.name, key: "kind", problem: "is not an optimiser")
        }
        let steps = try fixture.objects("steps")
        try #require(!steps.isEmpty)
        for (index, step) in steps.enumerated() {
            weight.gradient = try step.tensor("weight_gradient")
            bias.gradient = try step.tensor("bias_gradient")
            optimizer.step()
            expectParity(weight.value, try step.tensor("weight"), "weight after step \(index + 1)", in: fixture)
            expectParity(bias.value, try step.tensor("bias"), "bias after step \(index + 1)", in: fixture)
        }
    }
}

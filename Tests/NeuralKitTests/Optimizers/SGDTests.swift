import NeuralKit
import Testing

@Suite struct SGDTests {
    @Test("plain step: w ← w − η·g")
    func plainStep() throws {
        let w = makeParameter([1, -2], gradient: [0.5, 0.25])
        let optimizer = try SGD(parameters: [w], learningRate: 0.1)
        optimizer.step()
        #expect(isClose(w.value.scalars, [0.95, -2.025]))
    }

    @Test("momentum and coupled weight decay, two steps (hand-worked)")
    func momentumAndWeightDecay() throws {
        let w = makeParameter([1, -2], gradient: [0.5, 0.25])
        let optimizer = try SGD(parameters: [w], learningRate: 0.1, momentum: 0.9, weightDecay: 0.01)
        optimizer.step()
        // g' = g + 0.01·w = [0.51, 0.23]; b = g' on the first step; w − 0.1·b
        #expect(isClose(w.value.scalars, [0.949, -2.023]))
        optimizer.step()
        // g' = [0.5 + 0.00949, 0.25 − 0.02023]; b = 0.9·[0.51, 0.23] + g' = [0.96849, 0.43677]
        #expect(isClose(w.value.scalars, [0.852151, -2.066677]))
        #expect(isClose(optimizer.momentumBuffers[0].scalars, [0.96849, 0.43677]))
    }

    @Test("Nesterov: g ← g + μ·b")
    func nesterov() throws {
        let w = makeParameter([1, -2], gradient: [0.5, 0.25])
        let optimizer = try SGD(parameters: [w], learningRate: 0.1, momentum: 0.9, nesterov: true)
        optimizer.step()
        // b = g, so the step is η·(1 + μ)·g = 0.19·g
        #expect(isClose(w.value.scalars, [0.905, -2.0475]))
        optimizer.step()
        // b = 0.9·g + g = 1.9·g; step η·(g + 0.9·1.9·g) = 0.271·g
        #expect(isClose(w.value.scalars, [0.905 - 0.1355, -2.0475 - 0.06775]))
    }

    @Test("dampening scales the gradient inside the buffer after the first step")
    func dampening() throws {
        let w = makeParameter([0], gradient: [1])
        let optimizer = try SGD(parameters: [w], learningRate: 1, momentum: 0.5, dampening: 0.5)
        optimizer.step()  // b = 1
        optimizer.step()  // b = 0.5·1 + 0.5·1 = 1
        optimizer.step()  // b = 1
        #expect(isClose(w.value.scalars, [-3]))
    }

    @Test("parameter groups: biases and normalisation parameters get no decay")
    func parameterGroups() throws {
        let weight = makeParameter([1], gradient: [0])
        let bias = makeParameter([1], gradient: [0], role: .bias)
        let scale = makeParameter([1], gradient: [0], role: .normalization)
        let groups = ParameterGroup.noDecayOnBiasesAndNormalization([weight, bias, scale])
        #expect(groups.count == 2)
        let optimizer = try SGD(parameterGroups: groups, learningRate: 0.5, weightDecay: 0.1)
        optimizer.step()
        #expect(isClose(weight.value.scalars, [0.95]))
        #expect(bias.value.scalars == [1] && scale.value.scalars == [1])
    }

    @Test("a group's own learning rate overrides the default; zeroGradients clears all")
    func groupLearningRate() throws {
        let a = makeParameter([0], gradient: [1])
        let b = makeParameter([0], gradient: [1])
        let optimizer = try SGD(
            parameterGroups: [ParameterGroup(parameters: [a]), ParameterGroup(parameters: [b], learningRate: 0.01)],
            learningRate: 0.1)
        optimizer.step()
        #expect(isClose(a.value.scalars, [-0.1]) && isClose(b.value.scalars, [-0.01]))
        optimizer.zeroGradients()
        #expect(a.gradient.scalars == [0] && b.gradient.scalars == [0])
    }

    @Test("bad hyperparameters throw, naming the parameter")
    func badHyperparameters() {
        let w = makeParameter([0], gradient: [0])
        #expect(throwsNaming("learningRate") { _ = try SGD(parameters: [w], learningRate: -0.1) })
        #expect(throwsNaming("weightDecay") { _ = try SGD(parameters: [w], learningRate: 0.1, weightDecay: -1) })
        #expect(throwsNaming("momentum") { _ = try SGD(parameters: [w], learningRate: 0.1, momentum: 1) })
        #expect(throwsNaming("momentum") { _ = try SGD(parameters: [w], learningRate: 0.1, nesterov: true) })
        #expect(throwsNaming("dampening") {
            _ = try SGD(parameters: [w], learningRate: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true)
        })
        #expect(throwsNaming("parameterGroups[0].weightDecay") {
            _ = try SGD(parameterGroups: [ParameterGroup(parameters: [w], weightDecay: -1)], learningRate: 0.1)
        })
    }
}

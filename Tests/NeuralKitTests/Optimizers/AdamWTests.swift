import NeuralKit
import Testing

@Suite struct AdamWTests {
    @Test("decoupled decay shrinks w by (1 − η·λ) before Adam's step (hand-worked)")
    func decoupledDecay() throws {
        let w = makeParameter([1, -2], gradient: [0.5, -0.25])
        let optimizer = try AdamW(parameters: [w], learningRate: 0.1, weightDecay: 0.1)
        optimizer.step()
        // w·0.99 = [0.99, −1.98]; then η·g/(|g| + ε) as in Adam with no decay in the moments.
        #expect(isClose(w.value.scalars, [0.99 - 0.1 * 0.5 / (0.5 + 1e-8), -1.98 + 0.1 * 0.25 / (0.25 + 1e-8)]))
        #expect(isClose(optimizer.firstMoments[0].scalars, [0.05, -0.025]))
    }

    @Test("with zero decay, AdamW and Adam take identical steps")
    func zeroDecayIsAdam() throws {
        let a = makeParameter([1, -2, 0.3], gradient: [0.5, -0.25, 0.01])
        let b = makeParameter([1, -2, 0.3], gradient: [0.5, -0.25, 0.01])
        let adam = try Adam(parameters: [a], learningRate: 0.01)
        let adamW = try AdamW(parameters: [b], learningRate: 0.01, weightDecay: 0)
        for step in 0..<5 {
            a.gradient = Tensor(rowVector: [0.5, -0.25 * Double(step), 0.01])
            b.gradient = a.gradient
            adam.step()
            adamW.step()
        }
        #expect(a.value == b.value)
    }

    @Test("the no-decay group leaves biases undecayed")
    func noDecayGroup() throws {
        let weight = makeParameter([1], gradient: [0])
        let bias = makeParameter([1], gradient: [0], role: .bias)
        let optimizer = try AdamW(
            parameterGroups: ParameterGroup.noDecayOnBiasesAndNormalization([weight, bias]), learningRate: 0.1,
            weightDecay: 0.5)
        optimizer.step()
        #expect(isClose(weight.value.scalars, [0.95]))
        #expect(bias.value.scalars == [1])
    }

    @Test("Float and Double agree on a few steps")
    func floatMatchesDouble() throws {
        let double = makeParameter([0.5, -0.7, 1.2], gradient: [0.3, -0.1, 0.05])
        let float = Parameter<Float>(Tensor(converting: double.value), role: .weight)
        float.gradient = Tensor(converting: double.gradient)
        let a = try AdamW(parameters: [double], learningRate: 1e-2)
        let b = try AdamW(parameters: [float], learningRate: 1e-2)
        for _ in 0..<3 {
            a.step()
            b.step()
        }
        for k in 0..<3 { #expect(abs(Double(float.value.scalars[k]) - double.value.scalars[k]) < 1e-6) }
    }
}

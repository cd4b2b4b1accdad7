import NeuralKit
import Testing

@Suite struct ProximalL1Tests {
    @Test("soft threshold: sign(w)·max(|w| − ηλ, 0), hand-worked")
    func softThreshold() throws {
        let weight = makeParameter([0.5, -0.5, 0.05, -0.1, 0], gradient: [0, 0, 0, 0, 0])
        let bias = makeParameter([0.05], gradient: [0], role: .bias)
        try ProximalL1(strength: 1).apply(to: [weight, bias], learningRate: 0.1)
        #expect(isClose(weight.value.scalars, [0.4, -0.4, 0, 0, 0]))
        #expect(bias.value.scalars == [0.05])
    }

    @Test("proximal steps reach exact zeros where subgradient steps only oscillate")
    func exactZeros() throws {
        // Minimise ½(w − target)² + λ|w| for small targets: the solution is exactly zero.
        let targets: [Double] = [0.03, -0.02, 0.01, 0.5]
        let proximal = makeParameter([1, -1, 0.7, 1], gradient: [0, 0, 0, 0])
        let subgradient = makeParameter([1, -1, 0.7, 1], gradient: [0, 0, 0, 0])
        let lambda = 0.05
        let learningRate = 0.1
        let sgdProximal = try SGD(parameters: [proximal], learningRate: learningRate)
        let sgdSubgradient = try SGD(parameters: [subgradient], learningRate: learningRate)
        let prox = try ProximalL1(strength: lambda)
        let l1 = try L1Penalty(strength: lambda)
        for _ in 0..<300 {
            for (parameter, optimizer) in [(proximal, sgdProximal), (subgradient, sgdSubgradient)] {
                parameter.gradient = Tensor(rowVector: zip(parameter.value.scalars, targets).map { $0 - $1 })
                if parameter === subgradient { l1.addGradient(to: [parameter]) }
                optimizer.step()
            }
            prox.apply(to: [proximal], learningRate: learningRate)
        }
        #expect(Array(proximal.value.scalars.prefix(3)) == [0, 0, 0])
        #expect(abs(proximal.value.scalars[3] - 0.45) < 1e-9)
        #expect(subgradient.value.scalars.prefix(3).allSatisfy { $0 != 0 })
    }
}

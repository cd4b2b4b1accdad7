import NeuralKit
import Testing

/// A small network's parameters: two weights and a bias, with random values.
private func parameters(seed: UInt64) -> [Parameter<Double>] {
    [
        Parameter(FiniteDifferences.randomTensor(rows: 3, columns: 4, seed: seed), role: .weight),
        Parameter(FiniteDifferences.randomTensor(rows: 1, columns: 3, seed: seed + 1), role: .bias),
        Parameter(FiniteDifferences.randomTensor(rows: 2, columns: 3, seed: seed + 2), role: .weight),
    ]
}

/// Checks `addGradient` against finite differences of `value` for each parameter.
private func gradientError(
    value: ([Parameter<Double>]) -> Double, addGradient: ([Parameter<Double>]) -> Void, seed: UInt64
) -> Double {
    let network = parameters(seed: seed)
    addGradient(network)
    var worst = 0.0
    for (index, parameter) in network.enumerated() {
        let numerical = numericalGradient(
            of: { candidate in
                let copy = network.map { Parameter($0.value, role: $0.role) }
                copy[index].value = candidate
                return value(copy)
            }, at: parameter.value)
        worst = max(worst, relativeError(parameter.gradient, numerical))
    }
    return worst
}

@Suite struct PenaltyTests {
    @Test("L1: value λ·Σ|w| on weights only, hand-worked")
    func l1Value() throws {
        let weight = makeParameter([1, -2, 0], gradient: [0, 0, 0])
        let bias = makeParameter([5], gradient: [0], role: .bias)
        #expect(try L1Penalty(strength: 0.5).value(of: [weight, bias]) == 1.5)
        #expect(try L1Penalty(strength: 0.5, appliesTo: .all).value(of: [weight, bias]) == 4)
    }

    @Test("L1 subgradient uses sign(0) = 0")
    func signOfZero() throws {
        let weight = makeParameter([1, -2, 0], gradient: [0.1, 0.1, 0.1])
        try L1Penalty(strength: 0.5).addGradient(to: [weight])
        #expect(weight.gradient.scalars == [0.6, -0.4, 0.1])
    }

    @Test("L2: value (λ/2)·Σw² and gradient λ·w, hand-worked")
    func l2Value() throws {
        let weight = makeParameter([1, -2], gradient: [0, 0])
        let bias = makeParameter([3], gradient: [0], role: .bias)
        let penalty = try L2Penalty(strength: 0.1)
        #expect(abs(penalty.value(of: [weight, bias]) - 0.25) < 1e-15)
        penalty.addGradient(to: [weight, bias])
        #expect(isClose(weight.gradient.scalars, [0.1, -0.2]) && bias.gradient.scalars == [0])
    }

    @Test("L2Penalty(λ) plus plain SGD equals SGD(weightDecay: λ)")
    func l2EqualsWeightDecay() throws {
        let a = makeParameter([1, -2, 0.5], gradient: [0.3, 0.1, -0.2])
        let b = makeParameter([1, -2, 0.5], gradient: [0.3, 0.1, -0.2])
        try L2Penalty(strength: 0.01).addGradient(to: [a])
        try SGD(parameters: [a], learningRate: 0.1).step()
        try SGD(parameters: [b], learningRate: 0.1, weightDecay: 0.01).step()
        #expect(isClose(a.value.scalars, b.value.scalars, tolerance: 1e-15))
    }

    @Test("elastic net is L1 plus L2")
    func elasticNet() throws {
        let network = parameters(seed: 20)
        let value = try ElasticNetPenalty(l1: 0.3, l2: 0.2).value(of: network)
        let sum = try L1Penalty(strength: 0.3).value(of: network) + L2Penalty(strength: 0.2).value(of: network)
        #expect(abs(value - sum) < 1e-14)
    }

    @Test("penalty gradients match finite differences", arguments: [ParameterSelection.weightsOnly, .all])
    func gradientChecks(selection: ParameterSelection) throws {
        let l1 = try L1Penalty(strength: 0.3, appliesTo: selection)
        let l2 = try L2Penalty(strength: 0.7, appliesTo: selection)
        let elastic = try ElasticNetPenalty(l1: 0.2, l2: 0.4, appliesTo: selection)
        let errors = [
            gradientError(value: { l1.value(of: $0) }, addGradient: { l1.addGradient(to: $0) }, seed: 30),
            gradientError(value: { l2.value(of: $0) }, addGradient: { l2.addGradient(to: $0) }, seed: 31),
            gradientError(value: { elastic.value(of: $0) }, addGradient: { elastic.addGradient(to: $0) }, seed: 32),
        ]
        for error in errors { #expect(error <= 1e-7, "relative error \(error)") }
    }

    @Test("negative strengths are rejected, naming the parameter")
    func badStrengths() {
        #expect(throwsNaming("strength") { _ = try L1Penalty(strength: -1) })
        #expect(throwsNaming("strength") { _ = try L2Penalty(strength: -0.1) })
        #expect(throwsNaming("l1") { _ = try ElasticNetPenalty(l1: -1, l2: 0) })
        #expect(throwsNaming("l2") { _ = try ElasticNetPenalty(l1: 0, l2: -1) })
        #expect(throwsNaming("strength") { _ = try ProximalL1(strength: -1) })
        #expect(throwsNaming("maxNorm") { _ = try MaxNormConstraint(maxNorm: 0) })
    }
}

import NeuralKit

/// Public checks of exercise 2, L1/L2/elastic-net penalties and SGD with weight decay.
public enum PenaltyChecks {
    static let exercise = Exercise.penalties

    /// Weights and strengths of a penalty.
    struct Case: Shrinkable {
        var weights: [Double]
        var l1Strength: Double
        var l2Strength: Double

        var description: String {
            "w = \(formatted(weights)), λ₁ = \(formatted(l1Strength)), λ₂ = \(formatted(l2Strength))"
        }

        var shrinkCandidates: [Case] {
            weights.shrinkCandidates().map { Case(weights: $0, l1Strength: l1Strength, l2Strength: l2Strength) }
        }
    }

    static let fixtureWeights: [Double] = [0.5, -1.25, 2, -0.1, 3, -0.75]

    static let fixtures: [FixtureCase] = [
        FixtureCase(
            name: "penalties.values-and-gradients",
            inputDescription: "w = \(fixtureWeights), λ₁ = 0.3, λ₂ = 0.2",
            compute: { s in
                let w = fixtureWeights
                return [
                    ("L1 penalty", [try s.l1Penalty(w, 0.3)]),
                    ("L1 gradient", try s.l1Gradient(w, 0.3)),
                    ("L2 penalty", [try s.l2Penalty(w, 0.2)]),
                    ("L2 gradient", try s.l2Gradient(w, 0.2)),
                    ("elastic-net penalty", [try s.elasticNetPenalty(w, 0.3, 0.2)]),
                    ("elastic-net gradient", try s.elasticNetGradient(w, 0.3, 0.2)),
                ]
            }),
        FixtureCase(
            name: "penalties.sgd-step",
            inputDescription: "w = \(fixtureWeights), ∇L = 6 values from seed 201, η = 0.1, λ = 0.05; then 2 more steps",
            compute: { s in
                var g = RandomGenerator(seed: 201)
                var w = fixtureWeights
                var parts: [(part: String, values: [Double])] = []
                for step in 1...3 {
                    let gradient = g.vector(w.count)
                    w = try s.sgdStepWithWeightDecay(w, gradient, 0.1, 0.05)
                    parts.append(("weights after step \(step)", w))
                }
                return parts
            }),
    ]

    public static let checks: [Check] = [
        .fixture(
            fixtures[0], exercise: exercise, title: "penalties and their gradients match the fixture",
            points: 2, hint: exercise.hint("The three penalties")),
        Check(
            id: "penalties.gradient-check", exercise: exercise,
            title: "penalty gradients agree with finite differences of your penalties", points: 2,
            visibility: .public, hint: exercise.hint("Checking a gradient numerically"),
            body: { s in
                try forAll(
                    10, seed: 21,
                    generate: { g in
                        // Weights at least 0.01 from zero, so that w ± h does not cross the kink of |w|.
                        let weights = g.vector(g.integer(in: 1...12), in: 0.01..<2).map { g.bernoulli(0.5) ? $0 : -$0 }
                        return Case(weights: weights, l1Strength: g.uniform(in: 0.05..<1), l2Strength: g.uniform(in: 0.05..<1))
                    }
                ) { c in
                    let w = c.weights
                    try expectPenaltyVaries(try s.l1Penalty(w, c.l1Strength), try s.l1Penalty(w.map { 2 * $0 }, c.l1Strength), "L1", c)
                    try expectPenaltyVaries(try s.l2Penalty(w, c.l2Strength), try s.l2Penalty(w.map { 2 * $0 }, c.l2Strength), "L2", c)
                    try expectPenaltyVaries(
                        try s.elasticNetPenalty(w, c.l1Strength, c.l2Strength),
                        try s.elasticNetPenalty(w.map { 2 * $0 }, c.l1Strength, c.l2Strength), "elastic-net", c)
                    try expectClose(
                        try s.l1Gradient(w, c.l1Strength),
                        try numericalGradient(of: { try s.l1Penalty($0, c.l1Strength) }, at: w),
                        tolerance: gradientTolerance, what: "L1 gradient vs finite differences", input: c.description)
                    try expectClose(
                        try s.l2Gradient(w, c.l2Strength),
                        try numericalGradient(of: { try s.l2Penalty($0, c.l2Strength) }, at: w),
                        tolerance: gradientTolerance, what: "L2 gradient vs finite differences", input: c.description)
                    try expectClose(
                        try s.elasticNetGradient(w, c.l1Strength, c.l2Strength),
                        try numericalGradient(of: { try s.elasticNetPenalty($0, c.l1Strength, c.l2Strength) }, at: w),
                        tolerance: gradientTolerance, what: "elastic-net gradient vs finite differences",
                        input: c.description)
                }
            }),
        .fixture(
            fixtures[1], exercise: exercise, title: "three SGD steps with weight decay match the fixture",
            points: 1.5, hint: exercise.hint("Weight decay in the SGD step")),
    ]

    /// A penalty of nonzero weights is positive and grows when the weights double (a function that
    /// returns a constant, e.g. 0, fails, and so would its zero gradient).
    static func expectPenaltyVaries(_ value: Double, _ doubled: Double, _ name: String, _ c: Case) throws {
        try expect(
            value > 0 && doubled > value,
            "the \(name) penalty is \(formatted(value)) at w and \(formatted(doubled)) at 2w; a penalty of nonzero weights "
                + "with λ > 0 is positive and grows with |w|\ninput: \(c.description)")
    }
}

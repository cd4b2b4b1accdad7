import NeuralKit

/// Public checks of exercise 1, inverted dropout.
public enum DropoutChecks {
    static let exercise = Exercise.dropout

    /// A dropout input: activations, drop probability and the seed of the layer's generator.
    struct Case: Shrinkable {
        var x: Tensor<Double>
        var probability: Double
        var seed: UInt64

        var description: String { "p = \(formatted(probability)), seed \(seed), x = \(formatted(x))" }

        var shrinkCandidates: [Case] {
            x.shrinkCandidates().map { Case(x: $0, probability: probability, seed: seed) }
                + (probability != 0.5 ? [Case(x: x, probability: 0.5, seed: seed)] : [])
        }

        static func random(_ g: inout RandomGenerator, rows: ClosedRange<Int>, columns: ClosedRange<Int>) -> Case {
            let probability = [0.1, 0.25, 0.5, 0.75, 0.9][g.integer(below: 5)]
            return Case(
                x: g.nonZeroTensor(g.integer(in: rows), g.integer(in: columns)),
                probability: probability, seed: g.next())
        }
    }

    static let fixedMask: Tensor<Double> = Tensor([[1, 0, 1, 1], [0, 0, 1, 0], [1, 1, 1, 0]])

    static let fixtures: [FixtureCase] = [
        FixtureCase(
            name: "dropout.mask-forward",
            inputDescription: "x = 3 × 4 values from seed 101, mask \(fixedMask.scalars), p = 0.4 and p = 0.25",
            compute: { s in
                var g = RandomGenerator(seed: 101)
                let x = g.tensor(3, 4)
                return [
                    ("output for p = 0.4", try s.dropoutForward(x, fixedMask, 0.4).scalars),
                    ("output for p = 0.25", try s.dropoutForward(x, fixedMask, 0.25).scalars),
                ]
            }),
        FixtureCase(
            name: "dropout.mask-backward",
            inputDescription: "∂L/∂y = 3 × 4 values from seed 102, mask \(fixedMask.scalars), p = 0.4",
            compute: { s in
                var g = RandomGenerator(seed: 102)
                let outputGradient = g.tensor(3, 4)
                return [("input gradient", try s.dropoutBackward(outputGradient, fixedMask, 0.4).scalars)]
            }),
    ]

    public static let checks: [Check] = [
        .fixture(
            fixtures[0], exercise: exercise, title: "forward with a given mask matches the fixture",
            points: 1.5, hint: exercise.hint("Forward and backward with a given mask")),
        .fixture(
            fixtures[1], exercise: exercise, title: "backward with a given mask matches the fixture",
            points: 1.5, hint: exercise.hint("Forward and backward with a given mask")),
        Check(
            id: "dropout.kept-fraction", exercise: exercise,
            title: "the fraction of kept units is 1 − p (binomial bound)", points: 1, visibility: .public,
            hint: exercise.hint("Drawing the mask"),
            body: { s in
                try forAll(12, seed: 11, generate: { Case.random(&$0, rows: 40...80, columns: 20...50) }) { c in
                    let layer = try s.makeDropout(c.probability, RandomGenerator(seed: c.seed))
                    layer.isTraining = true
                    let y = try layer.forward(c.x)
                    try expectFinite(y.scalars, what: "output", input: c.description)
                    try expectKeptFraction(
                        kept: y.scalars.filter { $0 != 0 }.count, of: c.x.count, probability: c.probability, units: "units")
                }
            }),
        Check(
            id: "dropout.survivors-scaled", exercise: exercise,
            title: "every kept unit is x / (1 − p), every dropped one is 0", points: 1, visibility: .public,
            hint: exercise.hint("Why divide by 1 − p"),
            body: { s in
                try forAll(12, seed: 12, generate: { Case.random(&$0, rows: 1...20, columns: 1...20) }) { c in
                    let layer = try s.makeDropout(c.probability, RandomGenerator(seed: c.seed))
                    layer.isTraining = true
                    let y = try layer.forward(c.x)
                    try expect(y.shape == c.x.shape, "output shape \(y.shape) differs from input shape \(c.x.shape)")
                    try expectFinite(y.scalars, what: "output", input: c.description)
                    try expectSomeKeptAndSomeDropped(y, c)
                    for i in 0..<y.count where y.scalars[i] != 0 {
                        let expected = c.x.scalars[i] / (1 - c.probability)
                        try expect(
                            abs(y.scalars[i] - expected) <= 1e-12 * abs(expected),
                            "output[\(i)] = \(formatted(y.scalars[i])) is neither 0 nor x/(1 − p) = "
                                + "\(formatted(c.x.scalars[i])) / \(formatted(1 - c.probability)) = \(formatted(expected))")
                    }
                }
            }),
        Check(
            id: "dropout.mean-preserved", exercise: exercise,
            title: "the output's mean equals the input's mean (binomial bound)", points: 1, visibility: .public,
            hint: exercise.hint("Why divide by 1 − p"),
            body: { s in
                try forAll(12, seed: 13, generate: { Case.random(&$0, rows: 40...80, columns: 20...50) }) { c in
                    let x = c.x.map { abs($0) + 0.5 }
                    let layer = try s.makeDropout(c.probability, RandomGenerator(seed: c.seed))
                    layer.isTraining = true
                    let y = try layer.forward(x)
                    try expectFinite(y.scalars, what: "output", input: c.description)
                    try expectSomeKeptAndSomeDropped(y, Case(x: x, probability: c.probability, seed: c.seed))
                    // Var(Σ y) = Σ x² · p / (1 − p) for independent masks.
                    let spread = (x.sumOfSquares() * c.probability / (1 - c.probability)).squareRoot()
                    let n = Double(x.count)
                    try expect(
                        abs(y.sum() - x.sum()) <= 5 * spread + 1e-9,
                        "mean of the output \(formatted(y.sum() / n)) differs from the mean of the input "
                            + "\(formatted(x.sum() / n)) by more than 5 standard deviations (\(formatted(5 * spread / n))); "
                            + "input: p = \(formatted(c.probability)), \(x.shape) values in [0.6, 2.5)")
                }
            }),
        Check(
            id: "dropout.evaluation-identity", exercise: exercise,
            title: "evaluation mode returns the input unchanged (and training mode does not)", points: 1, visibility: .public,
            hint: exercise.hint("Evaluation mode"),
            body: { s in
                try forAll(10, seed: 14, generate: { Case.random(&$0, rows: 10...20, columns: 20...30) }) { c in
                    let layer = try s.makeDropout(c.probability, RandomGenerator(seed: c.seed))
                    layer.isTraining = true
                    try expectSomeKeptAndSomeDropped(try layer.forward(c.x), c)
                    layer.isTraining = false
                    try expectClose(try layer.forward(c.x), c.x, tolerance: 1e-15, what: "output in evaluation mode", input: c.description)
                }
            }),
        Check(
            id: "dropout.backward-uses-forward-mask", exercise: exercise,
            title: "backward uses the mask of the forward pass (∂y/∂x = y/x)", points: 1, visibility: .public,
            hint: exercise.hint("Forward and backward with a given mask"),
            body: { s in
                try forAll(10, seed: 15, generate: { Case.random(&$0, rows: 6...12, columns: 6...12) }) { c in
                    let layer = try s.makeDropout(c.probability, RandomGenerator(seed: c.seed))
                    layer.isTraining = true
                    let y = try layer.forward(c.x)
                    try expect(y.shape == c.x.shape, "output shape \(y.shape) differs from input shape \(c.x.shape)")
                    try expectSomeKeptAndSomeDropped(y, c)
                    var g = RandomGenerator(seed: c.seed).derived("upstream")
                    let outputGradient = g.tensor(c.x.rows, c.x.columns)
                    let inputGradient = try layer.backward(outputGradient)
                    // Given its mask, dropout is linear and diagonal: ∂y_i/∂x_i = y_i / x_i exactly.
                    var expected = outputGradient
                    for i in 0..<expected.count {
                        expected[i / c.x.columns, i % c.x.columns] *= y.scalars[i] / c.x.scalars[i]
                    }
                    try expectClose(
                        inputGradient, expected, tolerance: 1e-12, what: "∂L/∂x",
                        input: c.description + ", ∂L/∂y = \(formatted(outputGradient))")
                }
            }),
    ]

    /// A training output must look like dropout: with at least 5 expected drops and 5 expected
    /// survivors, some units are 0 and some are not (a layer that returns zeros, or its input,
    /// fails). The chance that a correct layer fails this on any one input is below 0.02.
    static func expectSomeKeptAndSomeDropped(_ y: Tensor<Double>, _ c: Case) throws {
        let n = Double(y.count)
        let kept = y.scalars.filter { $0 != 0 }.count
        if n * (1 - c.probability) >= 5 {
            try expect(kept > 0, "every unit was dropped (the output is all zeros) with p = \(formatted(c.probability)) on \(c.x.shape) inputs; expected about \(formatted(n * (1 - c.probability))) kept\ninput: \(c.description)")
        }
        if n * c.probability >= 5 {
            try expect(Double(kept) < n, "no unit was dropped with p = \(formatted(c.probability)) on \(c.x.shape) inputs; expected about \(formatted(n * c.probability)) zeros\ninput: \(c.description)")
        }
    }
}

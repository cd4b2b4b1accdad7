import NeuralKit

/// Public checks of exercise 3, batch normalisation.
public enum BatchNormalizationChecks {
    static let exercise = Exercise.batchNormalization

    /// A batch for a batch-normalisation layer.
    struct Case: Shrinkable {
        var x: Tensor<Double>
        var seed: UInt64

        var description: String { "x = \(formatted(x)) (seed \(seed))" }

        var shrinkCandidates: [Case] {
            x.shrinkCandidates(minimumRows: 2).map { Case(x: $0, seed: seed) }
        }

        /// Columns with their own offset and a spread of at least 1 (so σ² ≫ ε).
        static func random(_ g: inout RandomGenerator, rows: ClosedRange<Int>, columns: ClosedRange<Int>) -> Case {
            let n = g.integer(in: rows)
            let c = g.integer(in: columns)
            var x = Tensor<Double>(rows: n, columns: c)
            for j in 0..<c {
                let offset = g.uniform(in: -3..<3)
                let spread = g.uniform(in: 1..<4)
                for i in 0..<n { x[i, j] = offset + spread * g.normal(Double.self) }
            }
            // Make sure no column is constant by accident.
            for j in 0..<c { x[0, j] += 2; x[n - 1, j] -= 2 }
            return Case(x: x, seed: g.next())
        }
    }

    static let fixtures: [FixtureCase] = [
        FixtureCase(
            name: "batchnorm.training-forward",
            inputDescription: "3 features, ε = 1e-5, momentum 0.1, γ = [1.5, 0.5, -1], β = [0.1, -0.2, 0.3]; "
                + "two batches of 4 × 3 values from seed 301",
            compute: { s in
                var g = RandomGenerator(seed: 301)
                let layer = try s.makeBatchNormalization(3, 1e-5, 0.1)
                layer.scale = [1.5, 0.5, -1]
                layer.shift = [0.1, -0.2, 0.3]
                var parts: [(part: String, values: [Double])] = []
                for step in 1...2 {
                    let x = g.tensor(4, 3, in: -2..<3)
                    parts.append(("output of batch \(step)", try layer.forwardTraining(x).scalars))
                    parts.append(("running mean after batch \(step)", layer.runningMean))
                    parts.append(("running variance after batch \(step)", layer.runningVariance))
                }
                return parts
            }),
        FixtureCase(
            name: "batchnorm.evaluation-forward",
            inputDescription: "3 features, ε = 1e-5, momentum 0.3, γ = [2, 1, 0.5], β = [0, 1, -1]; "
                + "three training batches of 5 × 3 values from seed 302, then a 4 × 3 evaluation batch",
            compute: { s in
                var g = RandomGenerator(seed: 302)
                let layer = try s.makeBatchNormalization(3, 1e-5, 0.3)
                layer.scale = [2, 1, 0.5]
                layer.shift = [0, 1, -1]
                for _ in 1...3 { _ = try layer.forwardTraining(g.tensor(5, 3, in: -1..<4)) }
                let x = g.tensor(4, 3, in: -1..<4)
                return [("evaluation output", try layer.forwardEvaluation(x).scalars)]
            }),
    ]

    public static let checks: [Check] = [
        Check(
            id: "batchnorm.normalizes", exercise: exercise,
            title: "training output has zero mean and unit variance per feature (γ = 1, β = 0)", points: 1.5,
            visibility: .public, hint: exercise.hint("Training mode"),
            body: { s in
                try forAll(12, seed: 31, generate: { Case.random(&$0, rows: 2...16, columns: 1...6) }) { c in
                    let layer = try s.makeBatchNormalization(c.x.columns, 1e-5, 0.1)
                    let y = try layer.forwardTraining(c.x)
                    try expect(y.shape == c.x.shape, "output shape \(y.shape) differs from input shape \(c.x.shape)")
                    try expectFinite(y.scalars, what: "output", input: c.description)
                    let n = Double(y.rows)
                    for j in 0..<y.columns {
                        let column = (0..<y.rows).map { y[$0, j] }
                        let mean = column.reduce(0, +) / n
                        let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
                        try expect(
                            abs(mean) <= 1e-9,
                            "feature \(j): output mean is \(formatted(mean)), expected 0\ninput: \(c.description)")
                        try expect(
                            abs(variance - 1) <= 1e-4,
                            "feature \(j): output variance (1/N Σ (y − ȳ)²) is \(formatted(variance)), expected 1 "
                                + "(up to ε)\ninput: \(c.description)")
                    }
                }
            }),
        Check(
            id: "batchnorm.gradient-check", exercise: exercise,
            title: "∂L/∂x, ∂L/∂γ, ∂L/∂β agree with finite differences of your forward pass", points: 2,
            visibility: .public, hint: exercise.hint("Backward pass"),
            body: { s in
                try forAll(6, seed: 32, generate: { Case.random(&$0, rows: 2...6, columns: 1...4) }) { c in
                    var g = RandomGenerator(seed: c.seed)
                    let features = c.x.columns
                    let scale = g.vector(features, in: 0.5..<2)
                    let shift = g.vector(features)
                    let outputGradient = g.tensor(c.x.rows, features)
                    let layer = try s.makeBatchNormalization(features, 1e-5, 0.1)
                    // L = Σ ∂L/∂y ⊙ y(x, γ, β): a scalar whose gradient is what backward computes.
                    func loss(_ x: [Double], _ gamma: [Double], _ beta: [Double]) throws -> Double {
                        layer.scale = gamma
                        layer.shift = beta
                        let y = try layer.forwardTraining(Tensor(rows: c.x.rows, columns: features, scalars: x))
                        return zip(y.scalars, outputGradient.scalars).reduce(0) { $0 + $1.0 * $1.1 }
                    }
                    let numericX = try numericalGradient(of: { try loss($0, scale, shift) }, at: c.x.scalars)
                    let numericScale = try numericalGradient(of: { try loss(c.x.scalars, $0, shift) }, at: scale)
                    let numericShift = try numericalGradient(of: { try loss(c.x.scalars, scale, $0) }, at: shift)
                    layer.scale = scale
                    layer.shift = shift
                    let y = try layer.forwardTraining(c.x)
                    let input = c.description + ", γ = \(formatted(scale)), β = \(formatted(shift)), ∂L/∂y = \(formatted(outputGradient))"
                    // The forward pass must normalise (mean β, standard deviation |γ| per feature),
                    // or a layer that returns its input would pass with ∂L/∂x = ∂L/∂y.
                    try expectNormalized(y, x: c.x, scale: scale, shift: shift, epsilon: 1e-5, input: input)
                    let inputGradient = try layer.backward(outputGradient)
                    // ∂L/∂x sums to zero per feature and can be tiny next to ∂L/∂γ, ∂L/∂β: measure it on their scale.
                    let parameterScale = (numericScale + numericShift).map { 2 * abs($0) }.max() ?? 1e-8
                    try expectClose(
                        inputGradient.scalars, numericX, tolerance: gradientTolerance, what: "∂L/∂x vs finite differences",
                        input: input, scale: parameterScale)
                    try expectClose(layer.scaleGradient, numericScale, tolerance: gradientTolerance, what: "∂L/∂γ vs finite differences", input: input)
                    try expectClose(layer.shiftGradient, numericShift, tolerance: gradientTolerance, what: "∂L/∂β vs finite differences", input: input)
                }
            }),
        .fixture(
            fixtures[0], exercise: exercise,
            title: "training output and running statistics match the fixture", points: 1.5,
            hint: exercise.hint("Running statistics")),
        .fixture(
            fixtures[1], exercise: exercise, title: "evaluation output matches the fixture", points: 1,
            hint: exercise.hint("Evaluation mode")),
    ]

    /// Each feature of `y` has mean `shift[j]` and variance `scale[j]² σ²/(σ² + ε)`, σ² the
    /// feature's (biased) variance in `x`: what normalising does, whatever the formula.
    static func expectNormalized(
        _ y: Tensor<Double>, x: Tensor<Double>, scale: [Double], shift: [Double], epsilon: Double, input: String
    ) throws {
        try expect(y.shape == x.shape, "output shape \(y.shape), expected \(x.shape)\ninput: \(input)")
        func moments(_ t: Tensor<Double>, _ j: Int) -> (mean: Double, variance: Double) {
            let column = (0..<t.rows).map { t[$0, j] }
            let mean = column.reduce(0, +) / Double(t.rows)
            return (mean, column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(t.rows))
        }
        for j in 0..<y.columns {
            let (mean, variance) = moments(y, j)
            let inputVariance = moments(x, j).variance
            let expectedVariance = scale[j] * scale[j] * inputVariance / (inputVariance + epsilon)
            try expect(
                abs(mean - shift[j]) <= 1e-6 * (1 + abs(shift[j])) && abs(variance - expectedVariance) <= 1e-6 * (1 + expectedVariance),
                "feature \(j): training output has mean \(formatted(mean)) and variance \(formatted(variance)), expected β = "
                    + "\(formatted(shift[j])) and γ² σ²/(σ² + ε) = \(formatted(expectedVariance))\ninput: \(input)")
        }
    }
}

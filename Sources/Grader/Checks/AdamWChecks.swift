import NeuralKit
import ExerciseTypes

/// Public checks of exercise 6, AdamW next to Adam with L2, and label smoothing.
public enum AdamWChecks {
    static let exercise = Exercise.adamWAndLabelSmoothing

    /// Logits and labels for cross-entropy with label smoothing.
    struct Case: Shrinkable {
        var logits: Tensor<Double>
        var labels: [Int]
        var smoothing: Double

        var description: String {
            "ε = \(formatted(smoothing)), labels \(labels), logits \(formatted(logits))"
        }

        var shrinkCandidates: [Case] {
            logits.rows > 1
                ? [Case(logits: logits.rows(0..<(logits.rows - 1)), labels: Array(labels.dropLast()), smoothing: smoothing)]
                : []
        }

        static func random(_ g: inout RandomGenerator, scale: Double = 3) -> Case {
            let rows = g.integer(in: 1...6)
            let classes = g.integer(in: 2...6)
            return Case(
                logits: g.tensor(rows, classes, in: -scale..<scale), labels: g.labels(rows, classes: classes),
                smoothing: g.uniform(in: 0.05..<0.5))
        }
    }

    typealias Step = @Sendable ([Double], [Double], inout AdamState, AdamHyperparameters) throws -> [Double]

    /// Three optimiser steps on fixed weights and gradients from `seed`; the weights and moments
    /// after each step.
    static func threeSteps(_ step: Step, seed: UInt64) throws -> [(part: String, values: [Double])] {
        var g = RandomGenerator(seed: seed)
        var weights = g.vector(5)
        var state = AdamState(parameterCount: weights.count)
        let hyperparameters = AdamHyperparameters(learningRate: 0.01, weightDecay: 0.1)
        var parts: [(part: String, values: [Double])] = []
        for t in 1...3 {
            let gradient = g.vector(weights.count)
            weights = try step(weights, gradient, &state, hyperparameters)
            parts.append(("weights after step \(t)", weights))
            parts.append(("first moment after step \(t)", state.firstMoment))
            parts.append(("second moment after step \(t)", state.secondMoment))
        }
        return parts
    }

    static let fixtureLabelSmoothing: Case = {
        var g = RandomGenerator(seed: 603)
        return Case(logits: g.tensor(4, 5, in: -3..<3), labels: [1, 4, 0, 2], smoothing: 0.1)
    }()

    static let fixtures: [FixtureCase] = [
        FixtureCase(
            name: "adamw.adamw-steps",
            inputDescription: "5 weights and 3 gradients from seed 601, lr 0.01, weight decay 0.1, betas (0.9, 0.999), eps 1e-8",
            compute: { s in try threeSteps(s.adamWStep, seed: 601) }),
        FixtureCase(
            name: "adamw.adam-l2-steps",
            inputDescription: "5 weights and 3 gradients from seed 602, lr 0.01, weight decay 0.1, betas (0.9, 0.999), eps 1e-8",
            compute: { s in try threeSteps(s.adamWithL2Step, seed: 602) }),
        FixtureCase(
            name: "adamw.label-smoothing",
            inputDescription: fixtureLabelSmoothing.description,
            compute: { s in
                let c = fixtureLabelSmoothing
                return [
                    ("loss", [try s.labelSmoothingLoss(c.logits, c.labels, c.smoothing)]),
                    ("∂L/∂z", try s.labelSmoothingGradient(c.logits, c.labels, c.smoothing).scalars),
                ]
            }),
    ]

    public static let checks: [Check] = [
        .fixture(
            fixtures[0], exercise: exercise, title: "three AdamW steps match the fixture (decoupled decay)",
            points: 2, hint: exercise.hint("AdamW: decoupled weight decay")),
        .fixture(
            fixtures[1], exercise: exercise, title: "three Adam + L2 steps match the fixture", points: 1,
            hint: exercise.hint("Adam with an L2 term")),
        .fixture(
            fixtures[2], exercise: exercise, title: "label-smoothed cross-entropy and its gradient match the fixture",
            points: 1, hint: exercise.hint("Label smoothing")),
        Check(
            id: "adamw.label-smoothing-gradient-check", exercise: exercise,
            title: "label-smoothing ∂L/∂z agrees with finite differences of your loss", points: 1.5,
            visibility: .public, hint: exercise.hint("Label smoothing"),
            body: { s in
                try forAll(10, seed: 61, generate: { Case.random(&$0) }) { c in
                    let analytic = try s.labelSmoothingGradient(c.logits, c.labels, c.smoothing)
                    let numeric = try numericalGradient(
                        of: { z in
                            try s.labelSmoothingLoss(
                                Tensor(rows: c.logits.rows, columns: c.logits.columns, scalars: z), c.labels, c.smoothing)
                        }, at: c.logits.scalars)
                    try expect(
                        numeric.contains { abs($0) > 1e-9 },
                        "your loss does not change when the logits change (its finite differences are all 0), so there is "
                            + "no gradient to check\ninput: \(c.description)")
                    try expectClose(
                        analytic.scalars, numeric, tolerance: gradientTolerance, what: "∂L/∂z vs finite differences",
                        input: c.description)
                }
            }),
    ]
}

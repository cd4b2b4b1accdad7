import NeuralKit

/// Public checks of exercise 5, the distillation loss.
public enum DistillationChecks {
    static let exercise = Exercise.distillation

    /// Student and teacher logits with labels, temperature and weight.
    struct Case: Shrinkable {
        var student: Tensor<Double>
        var teacher: Tensor<Double>
        var labels: [Int]
        var temperature: Double
        var alpha: Double

        var description: String {
            "T = \(formatted(temperature)), α = \(formatted(alpha)), labels \(labels), "
                + "student logits \(formatted(student)), teacher logits \(formatted(teacher))"
        }

        var shrinkCandidates: [Case] {
            var candidates: [Case] = []
            if student.rows > 1 {
                let rows = student.rows - 1
                candidates.append(Case(
                    student: student.rows(0..<rows), teacher: teacher.rows(0..<rows),
                    labels: Array(labels.prefix(rows)), temperature: temperature, alpha: alpha))
            }
            if student.columns > 2 && labels.allSatisfy({ $0 < student.columns - 1 }) {
                candidates.append(Case(
                    student: student.droppingLastColumn(), teacher: teacher.droppingLastColumn(),
                    labels: labels, temperature: temperature, alpha: alpha))
            }
            return candidates
        }

        static func random(_ g: inout RandomGenerator, scale: Double = 3) -> Case {
            let rows = g.integer(in: 1...6)
            let classes = g.integer(in: 2...6)
            return Case(
                student: g.tensor(rows, classes, in: -scale..<scale),
                teacher: g.tensor(rows, classes, in: -scale..<scale),
                labels: g.labels(rows, classes: classes),
                temperature: g.uniform(in: 1.5..<6), alpha: g.uniform(in: 0.1..<0.9))
        }
    }

    static let fixtureCase: Case = {
        var g = RandomGenerator(seed: 501)
        return Case(
            student: g.tensor(4, 5, in: -3..<3), teacher: g.tensor(4, 5, in: -3..<3), labels: [2, 0, 4, 1],
            temperature: 4, alpha: 0.7)
    }()

    static let fixtures: [FixtureCase] = [
        FixtureCase(
            name: "distillation.loss", inputDescription: fixtureCase.description,
            compute: { s in
                let c = fixtureCase
                return [("loss", [try s.distillationLoss(c.student, c.teacher, c.labels, c.temperature, c.alpha)])]
            }),
        FixtureCase(
            name: "distillation.gradient", inputDescription: fixtureCase.description,
            compute: { s in
                let c = fixtureCase
                return [("∂L/∂z", try s.distillationLossGradient(c.student, c.teacher, c.labels, c.temperature, c.alpha).scalars)]
            }),
    ]

    public static let checks: [Check] = [
        .fixture(
            fixtures[0], exercise: exercise, title: "the loss matches the fixture", points: 2,
            hint: exercise.hint("The loss")),
        Check(
            id: "distillation.gradient-check", exercise: exercise,
            title: "∂L/∂z agrees with finite differences of your loss", points: 2, visibility: .public,
            hint: exercise.hint("The gradient"),
            body: { s in
                try forAll(10, seed: 51, generate: { Case.random(&$0) }) { c in
                    let analytic = try s.distillationLossGradient(c.student, c.teacher, c.labels, c.temperature, c.alpha)
                    let numeric = try numericalGradient(
                        of: { z in
                            try s.distillationLoss(
                                Tensor(rows: c.student.rows, columns: c.student.columns, scalars: z), c.teacher,
                                c.labels, c.temperature, c.alpha)
                        }, at: c.student.scalars)
                    try expect(
                        numeric.contains { abs($0) > 1e-9 },
                        "your loss does not change when the student logits change (its finite differences are all 0), so there is "
                            + "no gradient to check\ninput: \(c.description)")
                    try expectClose(
                        analytic.scalars, numeric, tolerance: gradientTolerance, what: "∂L/∂z vs finite differences",
                        input: c.description)
                }
            }),
        .fixture(
            fixtures[1], exercise: exercise, title: "the gradient matches the fixture", points: 1,
            hint: exercise.hint("The gradient")),
    ]
}

import ExerciseTypes
import NeuralKit

/// The instructor-only checks: the submission against the reference implementation on many seeded
/// random inputs, and the edge cases (p = 0, a batch of one in evaluation, huge logits, weights
/// exactly at 0, patience 0, T = 1). Left out of the student edition.
public enum HiddenChecks {
    public static let all: [Check] = dropout + penalties + batchNormalization + earlyStopping + distillation + adamW
        + spatialDropout

    private static func hidden(
        _ id: String, _ exercise: Exercise, _ title: String, points: Double, hint: String,
        body: @escaping @Sendable (Submission) throws -> Void
    ) -> Check {
        Check(id: id, exercise: exercise, title: title, points: points, visibility: .hidden, hint: exercise.hint(hint), body: body)
    }

    private static let reference = Submission.reference

    // MARK: - Exercise 1

    static let dropout: [Check] = [
        hidden(
            "dropout.hidden.reference-random", .dropout, "forward and backward with a mask agree with the reference on random inputs",
            points: 1, hint: "Forward and backward with a given mask"
        ) { s in
            try forAll(30, seed: 1001, generate: { g -> DropoutChecks.Case in
                DropoutChecks.Case.random(&g, rows: 1...8, columns: 1...8)
            }) { c in
                var g = RandomGenerator(seed: c.seed)
                let mask = g.tensor(c.x.rows, c.x.columns, in: 0..<1).map { $0 < 1 - c.probability ? 1 : 0 }
                try expectClose(
                    try s.dropoutForward(c.x, mask, c.probability), try reference.dropoutForward(c.x, mask, c.probability),
                    what: "forward output", input: c.description + ", mask \(formatted(mask))")
                try expectClose(
                    try s.dropoutBackward(c.x, mask, c.probability), try reference.dropoutBackward(c.x, mask, c.probability),
                    what: "backward output", input: "∂L/∂y = x, " + c.description + ", mask \(formatted(mask))")
            }
        },
        hidden(
            "dropout.hidden.edge-cases", .dropout, "p = 0 is the identity in training; a batch of one in evaluation is unchanged",
            points: 0.5, hint: "Evaluation mode"
        ) { s in
            var g = RandomGenerator(seed: 1002)
            let x = g.nonZeroTensor(5, 7)
            let layer = try s.makeDropout(0, RandomGenerator(seed: 1))
            layer.isTraining = true
            try expectClose(try layer.forward(x), x, tolerance: 1e-15, what: "training output with p = 0", input: "x = \(formatted(x))")
            try expectClose(try layer.backward(x), x, tolerance: 1e-15, what: "backward with p = 0", input: "∂L/∂y = x = \(formatted(x))")
            let single = g.nonZeroTensor(1, 4)
            let evaluated = try s.makeDropout(0.5, RandomGenerator(seed: 2))
            evaluated.isTraining = false
            try expectClose(try evaluated.forward(single), single, tolerance: 1e-15, what: "evaluation output, batch of one, p = 0.5", input: "x = \(formatted(single))")
            // …and the layers are dropout layers: with p = 0.5 on 20 × 30 inputs, training drops units.
            let training = try s.makeDropout(0.5, RandomGenerator(seed: 3))
            training.isTraining = true
            let big = DropoutChecks.Case(x: g.nonZeroTensor(20, 30), probability: 0.5, seed: 3)
            try DropoutChecks.expectSomeKeptAndSomeDropped(try training.forward(big.x), big)
        },
        hidden(
            "dropout.hidden.fresh-mask", .dropout, "every training forward pass draws a new mask",
            points: 0.5, hint: "Drawing the mask"
        ) { s in
            let x = Tensor<Double>(rows: 20, columns: 50, repeating: 1)
            let layer = try s.makeDropout(0.5, RandomGenerator(seed: 1003))
            layer.isTraining = true
            let first = try layer.forward(x)
            let second = try layer.forward(x)
            try expect(first != second, "two forward passes over the same 20 × 50 input with p = 0.5 dropped exactly the same units; draw a new mask every call")
        },
    ]

    // MARK: - Exercise 2

    static let penalties: [Check] = [
        hidden(
            "penalties.hidden.reference-random", .penalties, "penalties and gradients agree with the reference on random weights",
            points: 1.5, hint: "The three penalties"
        ) { s in
            try forAll(30, seed: 2001, generate: { g in
                PenaltyChecks.Case(weights: g.vector(g.integer(in: 1...20), in: -5..<5), l1Strength: g.uniform(in: 0..<2), l2Strength: g.uniform(in: 0..<2))
            }) { c in try comparePenalties(s, c) }
        },
        hidden(
            "penalties.hidden.l1-at-zero", .penalties, "the L1 (sub)gradient at w = 0 is 0",
            points: 1.5, hint: "The kink of |w| at zero"
        ) { s in
            let c = PenaltyChecks.Case(weights: [0, 1.5, 0, -2, 0, 0.25], l1Strength: 0.4, l2Strength: 0.3)
            try comparePenalties(s, c)
        },
        hidden(
            "penalties.hidden.sgd-reference", .penalties, "SGD steps with weight decay agree with the reference (λ = 0 included)",
            points: 1.5, hint: "Weight decay in the SGD step"
        ) { s in
            var g = RandomGenerator(seed: 2003)
            for trial in 0..<20 {
                let count = g.integer(in: 1...10)
                let w = g.vector(count, in: -3..<3)
                let gradient = g.vector(count)
                let eta = g.uniform(in: 0.001..<0.5)
                let lambda = trial % 4 == 0 ? 0 : g.uniform(in: 0..<0.5)
                try expectClose(
                    try s.sgdStepWithWeightDecay(w, gradient, eta, lambda), try reference.sgdStepWithWeightDecay(w, gradient, eta, lambda),
                    what: "new weights", input: "w = \(formatted(w)), ∇L = \(formatted(gradient)), η = \(formatted(eta)), λ = \(formatted(lambda))")
            }
        },
    ]

    private static func comparePenalties(_ s: Submission, _ c: PenaltyChecks.Case) throws {
        let w = c.weights
        try expectClose(try s.l1Penalty(w, c.l1Strength), try reference.l1Penalty(w, c.l1Strength), what: "L1 penalty", input: c.description)
        try expectClose(try s.l1Gradient(w, c.l1Strength), try reference.l1Gradient(w, c.l1Strength), what: "L1 gradient", input: c.description)
        try expectClose(try s.l2Penalty(w, c.l2Strength), try reference.l2Penalty(w, c.l2Strength), what: "L2 penalty", input: c.description)
        try expectClose(try s.l2Gradient(w, c.l2Strength), try reference.l2Gradient(w, c.l2Strength), what: "L2 gradient", input: c.description)
        try expectClose(
            try s.elasticNetPenalty(w, c.l1Strength, c.l2Strength), try reference.elasticNetPenalty(w, c.l1Strength, c.l2Strength),
            what: "elastic-net penalty", input: c.description)
        try expectClose(
            try s.elasticNetGradient(w, c.l1Strength, c.l2Strength), try reference.elasticNetGradient(w, c.l1Strength, c.l2Strength),
            what: "elastic-net gradient", input: c.description)
    }

    // MARK: - Exercise 3

    /// Runs `steps` training steps (forward, backward) on submission and reference side by side.
    private static func compareBatchNormTraining(_ s: Submission, seed: UInt64, steps: Int) throws {
        var g = RandomGenerator(seed: seed)
        let features = g.integer(in: 1...5)
        let epsilon = [1e-5, 1e-3, 0.1][g.integer(below: 3)]
        let momentum = [0.1, 0.01, 0.5, 1][g.integer(below: 4)]
        let student = try s.makeBatchNormalization(features, epsilon, momentum)
        let expected = try reference.makeBatchNormalization(features, epsilon, momentum)
        let scale = g.vector(features, in: 0.5..<2)
        let shift = g.vector(features)
        student.scale = scale; student.shift = shift
        expected.scale = scale; expected.shift = shift
        for step in 1...steps {
            let c = BatchNormalizationChecks.Case.random(&g, rows: 2...10, columns: features...features)
            let upstream = g.tensor(c.x.rows, features)
            let input = "step \(step) with \(features) features, ε = \(formatted(epsilon)), momentum \(formatted(momentum)), "
                + "γ = \(formatted(scale)), β = \(formatted(shift)), \(c.description)"
            try expectClose(try student.forwardTraining(c.x), try expected.forwardTraining(c.x), what: "training output", input: input)
            try expectClose(try student.backward(upstream), try expected.backward(upstream), what: "∂L/∂x", input: input + ", ∂L/∂y = \(formatted(upstream))")
            try expectClose(student.scaleGradient, expected.scaleGradient, what: "∂L/∂γ", input: input)
            try expectClose(student.shiftGradient, expected.shiftGradient, what: "∂L/∂β", input: input)
            try expectClose(student.runningMean, expected.runningMean, what: "running mean", input: input)
            try expectClose(student.runningVariance, expected.runningVariance, what: "running variance", input: input)
        }
        let x = g.tensor(3, features, in: -3..<3)
        try expectClose(try student.forwardEvaluation(x), try expected.forwardEvaluation(x), what: "evaluation output after \(steps) steps", input: "x = \(formatted(x))")
    }

    static let batchNormalization: [Check] = [
        hidden(
            "batchnorm.hidden.reference-random", .batchNormalization,
            "training steps (output, gradients, running statistics) agree with the reference", points: 2, hint: "Backward pass"
        ) { s in
            for seed in 3001...3012 { try compareBatchNormTraining(s, seed: UInt64(seed), steps: 3) }
        },
        hidden(
            "batchnorm.hidden.evaluation-batch-of-one", .batchNormalization,
            "evaluation on a batch of one uses the running statistics", points: 1, hint: "Evaluation mode"
        ) { s in
            var g = RandomGenerator(seed: 3020)
            let student = try s.makeBatchNormalization(4, 1e-5, 0.2)
            let expected = try reference.makeBatchNormalization(4, 1e-5, 0.2)
            for _ in 0..<4 {
                let x = g.tensor(6, 4, in: 1..<5)
                _ = try student.forwardTraining(x)
                _ = try expected.forwardTraining(x)
            }
            let single = g.tensor(1, 4, in: 1..<5)
            try expectClose(try student.forwardEvaluation(single), try expected.forwardEvaluation(single), what: "evaluation output", input: "after 4 training batches, x = \(formatted(single))")
        },
        hidden(
            "batchnorm.hidden.evaluation-keeps-statistics", .batchNormalization,
            "evaluation does not change the running statistics", points: 1, hint: "Evaluation mode"
        ) { s in
            var g = RandomGenerator(seed: 3030)
            let layer = try s.makeBatchNormalization(3, 1e-5, 0.1)
            let expected = try reference.makeBatchNormalization(3, 1e-5, 0.1)
            let batch = g.tensor(8, 3, in: 0..<4)
            _ = try layer.forwardTraining(batch)
            _ = try expected.forwardTraining(batch)
            let mean = layer.runningMean
            let variance = layer.runningVariance
            // The training pass must have updated them (a layer that never does would pass trivially).
            try expectClose(mean, expected.runningMean, what: "running mean after a training batch", input: "x = \(formatted(batch))")
            try expectClose(variance, expected.runningVariance, what: "running variance after a training batch", input: "x = \(formatted(batch))")
            _ = try layer.forwardEvaluation(g.tensor(5, 3, in: 0..<4))
            try expectClose(layer.runningMean, mean, tolerance: 0, what: "running mean after an evaluation pass", input: "one training batch, then one evaluation batch")
            try expectClose(layer.runningVariance, variance, tolerance: 0, what: "running variance after an evaluation pass", input: "one training batch, then one evaluation batch")
        },
    ]

    // MARK: - Exercise 4

    private static func compareEarlyStopping(_ s: Submission, losses: [Double], patience: Int, minDelta: Double) throws {
        try EarlyStoppingChecks.compare(
            try EarlyStoppingChecks.run(s, losses: losses, patience: patience, minDelta: minDelta),
            try EarlyStoppingChecks.run(reference, losses: losses, patience: patience, minDelta: minDelta),
            input: EarlyStoppingChecks.describe(losses, patience: patience, minDelta: minDelta))
    }

    static let earlyStopping: [Check] = [
        hidden(
            "early-stopping.hidden.reference-random", .earlyStopping, "decisions agree with the reference on random loss curves",
            points: 2, hint: "The state machine"
        ) { s in
            var g = RandomGenerator(seed: 4001)
            var compared = 0
            while compared < 40 {
                // A noisy decreasing curve that flattens out, rounded so that equal losses occur.
                var loss = 2.0
                let losses = (0..<g.integer(in: 3...25)).map { _ in
                    loss = loss * g.uniform(in: 0.85..<1.08)
                    return (loss * 100).rounded() / 100
                }
                let patience = g.integer(in: 0...5)
                let minDelta = [0, 0.013, 0.047][g.integer(below: 3)]
                // Both readings of the rule (loss < best − minDelta, best − loss > minDelta) must agree.
                guard EarlyStoppingChecks.isFreeOfTies(losses, minDelta: minDelta) else { continue }
                try compareEarlyStopping(s, losses: losses, patience: patience, minDelta: minDelta)
                compared += 1
            }
        },
        hidden(
            "early-stopping.hidden.patience-zero", .earlyStopping, "patience 0 stops at the first epoch without improvement",
            points: 1.5, hint: "The state machine"
        ) { s in
            try compareEarlyStopping(s, losses: [1, 0.9, 0.8, 0.8, 0.7], patience: 0, minDelta: 0)
            try compareEarlyStopping(s, losses: [1, 0.9, 0.85, 0.95, 0.7], patience: 0, minDelta: 0)
        },
        hidden(
            "early-stopping.hidden.min-delta", .earlyStopping, "improvements smaller than minDelta do not count",
            points: 1.5, hint: "Min delta"
        ) { s in
            // Improvements of 0.03 or 0.04 do not count with minDelta 0.05; 0.06 and more do. No loss
            // sits within 0.005 of the threshold, so both readings of the rule give the same result.
            try compareEarlyStopping(s, losses: [1, 0.96, 0.93, 0.92, 0.91, 0.5], patience: 2, minDelta: 0.05)
            try compareEarlyStopping(s, losses: [1, 0.9, 0.84, 0.81, 0.77, 0.76, 0.7], patience: 1, minDelta: 0.05)
        },
    ]

    // MARK: - Exercise 5

    private static func compareDistillation(_ s: Submission, _ c: DistillationChecks.Case) throws {
        try expectClose(
            try s.distillationLoss(c.student, c.teacher, c.labels, c.temperature, c.alpha),
            try reference.distillationLoss(c.student, c.teacher, c.labels, c.temperature, c.alpha), what: "loss", input: c.description)
        try expectClose(
            try s.distillationLossGradient(c.student, c.teacher, c.labels, c.temperature, c.alpha),
            try reference.distillationLossGradient(c.student, c.teacher, c.labels, c.temperature, c.alpha), what: "∂L/∂z", input: c.description)
    }

    static let distillation: [Check] = [
        hidden(
            "distillation.hidden.reference-random", .distillation, "loss and gradient agree with the reference on random logits",
            points: 2, hint: "The loss"
        ) { s in
            try forAll(30, seed: 5001, generate: { DistillationChecks.Case.random(&$0) }) { try compareDistillation(s, $0) }
        },
        hidden(
            "distillation.hidden.huge-logits", .distillation, "logits of size 1000 give a finite loss and gradient",
            points: 1.5, hint: "Numerical stability"
        ) { s in
            try forAll(5, seed: 5002, generate: { g in
                var c = DistillationChecks.Case.random(&g, scale: 1000)
                c.temperature = g.uniform(in: 1..<3)
                return c
            }) { try compareDistillation(s, $0) }
        },
        hidden(
            "distillation.hidden.temperature-one", .distillation, "T = 1 and the extremes α = 0, α = 1",
            points: 1.5, hint: "The loss"
        ) { s in
            var g = RandomGenerator(seed: 5003)
            for alpha in [0.0, 0.5, 1.0] {
                var c = DistillationChecks.Case.random(&g)
                c.temperature = 1
                c.alpha = alpha
                try compareDistillation(s, c)
            }
        },
    ]

    // MARK: - Exercise 6

    static let adamW: [Check] = [
        hidden(
            "adamw.hidden.reference-random", .adamWAndLabelSmoothing, "AdamW and Adam + L2 agree with the reference over 5 steps",
            points: 1.5, hint: "AdamW: decoupled weight decay"
        ) { s in
            var g = RandomGenerator(seed: 6001)
            for _ in 0..<10 {
                let count = g.integer(in: 1...8)
                let h = AdamHyperparameters(
                    learningRate: g.uniform(in: 0.0001..<0.1), weightDecay: g.uniform(in: 0..<0.5),
                    beta1: g.uniform(in: 0.5..<0.95), beta2: g.uniform(in: 0.9..<0.9999), epsilon: 1e-8)
                for decoupled in [true, false] {
                    var w = g.vector(count, in: -3..<3)
                    var expectedWeights = w
                    var state = AdamState(parameterCount: count)
                    var expectedState = state
                    for t in 1...5 {
                        let gradient = g.vector(count)
                        let input = "\(h), weights \(formatted(w)), gradient \(formatted(gradient)), step \(t)"
                        if decoupled {
                            w = try s.adamWStep(w, gradient, &state, h)
                            expectedWeights = try reference.adamWStep(expectedWeights, gradient, &expectedState, h)
                        } else {
                            w = try s.adamWithL2Step(w, gradient, &state, h)
                            expectedWeights = try reference.adamWithL2Step(expectedWeights, gradient, &expectedState, h)
                        }
                        let name = decoupled ? "AdamW" : "Adam + L2"
                        try expectClose(w, expectedWeights, what: "\(name) weights", input: input)
                        try expect(state.step == expectedState.step, "\(name): state.step is \(state.step) after \(t) steps, expected \(expectedState.step)")
                        try expectClose(state.firstMoment, expectedState.firstMoment, what: "\(name) first moment", input: input)
                        try expectClose(state.secondMoment, expectedState.secondMoment, what: "\(name) second moment", input: input)
                    }
                }
            }
        },
        hidden(
            "adamw.hidden.label-smoothing-reference", .adamWAndLabelSmoothing,
            "label-smoothed cross-entropy agrees with the reference, also for logits of size 1000", points: 1.5, hint: "Label smoothing"
        ) { s in
            try forAll(30, seed: 6002, generate: { g in AdamWChecks.Case.random(&g, scale: g.bernoulli(0.3) ? 1000 : 4) }) { c in
                try expectClose(
                    try s.labelSmoothingLoss(c.logits, c.labels, c.smoothing), try reference.labelSmoothingLoss(c.logits, c.labels, c.smoothing),
                    what: "loss", input: c.description)
                try expectClose(
                    try s.labelSmoothingGradient(c.logits, c.labels, c.smoothing), try reference.labelSmoothingGradient(c.logits, c.labels, c.smoothing),
                    what: "∂L/∂z", input: c.description)
            }
        },
        hidden(
            "adamw.hidden.smoothing-extremes", .adamWAndLabelSmoothing,
            "ε = 0 is plain cross-entropy; ε = 1 targets the uniform distribution", points: 1.5, hint: "Label smoothing"
        ) { s in
            var g = RandomGenerator(seed: 6003)
            for smoothing in [0.0, 1.0] {
                var c = AdamWChecks.Case.random(&g)
                c.smoothing = smoothing
                try expectClose(
                    try s.labelSmoothingLoss(c.logits, c.labels, c.smoothing), try reference.labelSmoothingLoss(c.logits, c.labels, c.smoothing),
                    what: "loss", input: c.description)
                try expectClose(
                    try s.labelSmoothingGradient(c.logits, c.labels, c.smoothing), try reference.labelSmoothingGradient(c.logits, c.labels, c.smoothing),
                    what: "∂L/∂z", input: c.description)
            }
        },
    ]
}

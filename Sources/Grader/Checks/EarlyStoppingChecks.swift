import ExerciseTypes

/// Public checks of exercise 4, early stopping.
public enum EarlyStoppingChecks {
    static let exercise = Exercise.earlyStopping

    /// The outcome of feeding a loss curve to an early stopper: the decision after every epoch (up
    /// to and including the first `stop`) and the weights it would restore then. The weights of
    /// epoch `k` are `[k, −k]`, so the restored weights name the epoch.
    struct Run: Equatable {
        var decisions: [EarlyStoppingDecision] = []
        var restored: [[Double]] = []

        var stoppedAfterEpoch: Int? { decisions.firstIndex(of: .stop).map { $0 + 1 } }

        var encoded: [Double] { decisions.map { $0 == .stop ? 1 : 0 } }
    }

    static func weights(ofEpoch epoch: Int) -> [Double] { [Double(epoch), -Double(epoch)] }

    static func run(
        _ s: Submission, losses: [Double], patience: Int, minDelta: Double
    ) throws -> Run {
        var stopper = try s.makeEarlyStopper(patience, minDelta)
        var run = Run()
        for (index, loss) in losses.enumerated() {
            let decision = try stopper.update(validationLoss: loss, weights: weights(ofEpoch: index + 1))
            run.decisions.append(decision)
            run.restored.append(try stopper.bestWeights())
            if decision == .stop { break }
        }
        return run
    }

    static func describe(_ losses: [Double], patience: Int, minDelta: Double) -> String {
        "patience \(patience), minDelta \(formatted(minDelta)), validation losses \(formatted(losses, limit: 20)); "
            + "the weights of epoch k are [k, −k]"
    }

    /// Compares decisions and restored weights of `actual` with `expected`, epoch by epoch.
    static func compare(_ actual: Run, _ expected: Run, input: String) throws {
        for epoch in 0..<max(actual.decisions.count, expected.decisions.count) {
            let got = epoch < actual.decisions.count ? "\(actual.decisions[epoch])" : "(no further epoch)"
            let want = epoch < expected.decisions.count ? "\(expected.decisions[epoch])" : "(training should have stopped)"
            try expect(got == want, "after epoch \(epoch + 1): decision \(got), expected \(want)\ninput: \(input)")
            try expect(
                actual.restored[epoch] == expected.restored[epoch],
                "after epoch \(epoch + 1): bestWeights() = \(actual.restored[epoch]), expected "
                    + "\(expected.restored[epoch])\ninput: \(input)")
        }
    }

    static let fixtureLosses: [Double] = [1.0, 0.8, 0.85, 0.7, 0.72, 0.71, 0.69, 0.75, 0.74, 0.73, 0.8]

    static let fixtures: [FixtureCase] = [
        FixtureCase(
            name: "early-stopping.decisions",
            inputDescription: describe(fixtureLosses, patience: 2, minDelta: 0.005),
            compute: { s in
                let run = try run(s, losses: fixtureLosses, patience: 2, minDelta: 0.005)
                return [("decisions (1 = stop)", run.encoded)]
            }),
    ]

    public static let checks: [Check] = [
        .fixture(
            fixtures[0], exercise: exercise, title: "decisions on a fixed loss curve match the fixture",
            points: 3, hint: exercise.hint("The state machine")),
        Check(
            id: "early-stopping.restores-best", exercise: exercise,
            title: "after stopping, bestWeights() are those of the best epoch, not the last", points: 2,
            visibility: .public, hint: exercise.hint("Restoring the best weights"),
            body: { s in
                let losses: [Double] = [2.0, 1.5, 1.2, 1.3, 1.25, 1.4, 1.6]
                let input = describe(losses, patience: 3, minDelta: 0)
                let result = try run(s, losses: losses, patience: 3, minDelta: 0)
                try expect(
                    result.stoppedAfterEpoch == 6,
                    "training should stop after epoch 6 (3 epochs without improvement after the best, epoch 3), "
                        + "it stopped after \(result.stoppedAfterEpoch.map(String.init) ?? "none")\ninput: \(input)")
                try expect(
                    result.restored.last == weights(ofEpoch: 3),
                    "bestWeights() at the stop = \(result.restored.last ?? []), expected the weights of epoch 3, "
                        + "\(weights(ofEpoch: 3))\ninput: \(input)")
            }),
    ]

    /// Whether no epoch of `losses` has an improvement within 1e-9 of `minDelta`: where one does,
    /// `loss < best − minDelta` and `best − loss > minDelta` (both faithful to the sheet) can round
    /// differently, so a check must not use such a curve.
    static func isFreeOfTies(_ losses: [Double], minDelta: Double) -> Bool {
        guard minDelta > 0 else { return true }
        var best = Double.infinity
        for loss in losses {
            if best.isFinite && abs((best - loss) - minDelta) < 1e-9 { return false }
            if loss < best - minDelta { best = loss }
        }
        return true
    }
}

import NeuralKit
import Plots

/// The figures of the early-stopping lesson, drawn from the experiments' results.
enum EarlyStoppingFigures {
    /// One seed's run: losses with the best and the stopping epoch marked, and what the network
    /// memorises meanwhile.
    static func curves(
        _ run: TrainingTrajectory.Run, decision: StoppingRuleReplay.Decision, patience: Int
    ) -> Figure {
        let epochs = (1...run.epochs).map(Double.init)
        var figure = Figure(rows: 1, columns: 2, size: (480, 260))
        var loss = Axes(xLabel: "epoch", yLabel: "cross-entropy loss")
        loss.yScale = .logarithmic
        loss.shade(Double(decision.bestEpoch)...Double(decision.stoppedEpoch))
        loss.shade(Double(decision.stoppedEpoch)...Double(run.epochs), color: Color(hex: 0xD55E00, alpha: 0.10))
        loss.plot(epochs, run.trainLoss, label: "training", color: Palette.blue)
        loss.plot(epochs, run.validationLoss, label: "validation", color: Palette.vermillion)
        loss.verticalLine(at: Double(decision.bestEpoch), label: "best", color: .ink)
        loss.verticalLine(
            at: Double(decision.stoppedEpoch), label: "stop", color: .grey, dash: .dotted)
        loss.legend = .below
        figure[0, 0] = loss

        var accuracy = Axes(xLabel: "epoch", yLabel: "share of images")
        accuracy.shade(Double(decision.stoppedEpoch)...Double(run.epochs), color: Color(hex: 0xD55E00, alpha: 0.10))
        accuracy.plot(epochs, run.validationAccuracy, label: "validation accuracy", color: Palette.vermillion)
        accuracy.plot(epochs, run.memorizedNoise, label: "flipped labels memorised", color: Color.grey, dash: .dashed)
        accuracy.verticalLine(at: Double(decision.bestEpoch), color: .ink)
        accuracy.verticalLine(at: Double(decision.stoppedEpoch), color: .grey, dash: .dotted)
        accuracy.yLimits = 0...1
        accuracy.legend = .below
        figure[0, 1] = accuracy
        return figure
    }

    /// Validation loss reached and epochs spent against patience.
    static func patienceSweep(_ outcomes: [StoppingRuleReplay.Outcome], epochs: Int) -> Figure {
        let patience = outcomes.map { Double($0.patience) }
        var figure = Figure(rows: 1, columns: 2, size: (480, 230))
        var loss = Axes(xLabel: "patience", yLabel: "validation loss")
        for (label, color, dash, values) in [
            ("best epoch restored", Palette.blue, Dash.solid, outcomes.map(\.restoredLoss)),
            ("last epoch kept", Palette.vermillion, Dash.dashed, outcomes.map(\.lastLoss)),
        ] {
            let mean = values.map(\.mean)
            let spread = values.map(\.standardDeviation)
            loss.band(
                patience, lower: zip(mean, spread).map { $0 - $1 }, upper: zip(mean, spread).map { $0 + $1 },
                color: color, opacity: 0.15)
            loss.plot(patience, mean, label: label, color: color, dash: dash, marker: .circle)
        }
        loss.legend = .upperLeft
        figure[0, 0] = loss

        var cost = Axes(xLabel: "patience", yLabel: "epochs trained")
        let spent = outcomes.map(\.epochsSpent)
        cost.band(
            patience, lower: spent.map { $0.mean - $0.standardDeviation },
            upper: spent.map { $0.mean + $0.standardDeviation }, color: Palette.blue, opacity: 0.15)
        cost.plot(patience, spent.map(\.mean), label: "stopping epoch", color: Palette.blue, marker: .circle)
        cost.horizontalLine(at: Double(epochs), label: "epoch limit", color: .grey)
        cost.yLimits = 0...(Double(epochs) * 1.1)
        cost.legend = .lowerRight
        figure[0, 1] = cost
        return figure
    }

    /// A small validation set's loss curve beside the full one, with the epochs each would pick.
    static func noisyValidation(
        _ run: TrainingTrajectory.Run, small: StoppingRuleReplay.Decision, smallPatience: Int, smallCount: Int
    ) -> Figure {
        let epochs = (1...run.epochs).map(Double.init)
        var axes = Axes(xLabel: "epoch", yLabel: "validation loss")
        axes.plot(epochs, run.smallValidationLoss, label: "\(smallCount) validation images", color: Palette.orange)
        axes.plot(epochs, run.validationLoss, label: "all validation images", color: Palette.vermillion)
        axes.verticalLine(at: Double(small.bestEpoch), color: Palette.orange)
        axes.verticalLine(at: Double(run.bestEpoch), color: .ink, dash: .dotted)
        let settled = Array(run.smallValidationLoss.dropFirst(5)) + Array(run.validationLoss.dropFirst(5))
        axes.yLimits = (settled.min()! * 0.9)...(settled.max()! * 1.15)
        axes.legend = .upperLeft
        return Figure(axes, size: (480, 220))
    }

    /// Weight norm against epochs, with the L2-trained networks, and validation loss against norm.
    static func weightBudget(_ trajectory: TrainingTrajectory.Result, l2: ImplicitL2.Result) -> Figure {
        var figure = Figure(rows: 1, columns: 2, size: (480, 300))
        var norm = Axes(xLabel: "epoch", yLabel: "‖W‖₂")
        let meanNorm = trajectory.meanCurve(\.weightNorm)
        let epochs = (1...meanNorm.count).map(Double.init)
        norm.plot(epochs, meanNorm, label: "no penalty", color: Color.ink)
        for (index, strength) in l2.strengths.enumerated() {
            norm.plot(
                epochs, strength.meanNormCurve, label: "λ = \(strength.strength)", color: Palette.color(at: index + 1),
                dash: .dashed)
        }
        norm.verticalLine(at: trajectory.bestEpoch.mean, label: "mean best epoch", color: .grey, dash: .dotted)
        norm.legend = .below
        figure[0, 0] = norm

        var budget = Axes(xLabel: "‖W‖₂", yLabel: "validation loss")
        budget.plot(
            meanNorm, trajectory.meanCurve(\.validationLoss), label: "no penalty, epoch by epoch", color: Color.ink)
        budget.scatter(
            [trajectory.restoredNorm.mean], [trajectory.restoredLoss.mean], label: "early-stopped",
            color: Color.ink, marker: .square, markerSize: 7)
        for (index, strength) in l2.strengths.enumerated() {
            budget.scatter(
                [strength.weightNorm.mean], [strength.validationLoss.mean], label: "L2, λ = \(strength.strength)",
                color: Palette.color(at: index + 1), marker: .circle, markerSize: 6)
        }
        let losses = [trajectory.restoredLoss.mean, trajectory.lastLoss.mean] + l2.strengths.map(\.validationLoss.mean)
        budget.yLimits = (losses.min()! * 0.95)...(losses.max()! * 1.1)
        budget.legend = .below
        figure[0, 1] = budget
        return figure
    }

    /// Validation loss with and without a reduce-on-plateau schedule, one seed, with the
    /// learning rate.
    static func plateau(plain: EarlyStoppedTraining.Run, plateau: EarlyStoppedTraining.Run) -> Figure {
        var figure = Figure(rows: 1, columns: 2, size: (480, 220))
        var loss = Axes(xLabel: "epoch", yLabel: "validation loss")
        for (label, color, run) in [
            ("constant η", Palette.vermillion, plain), ("reduce on plateau", Palette.blue, plateau),
        ] {
            let epochs = run.history.epochs.map { Double($0.epoch) }
            loss.plot(epochs, run.history.validationLoss, label: label, color: color)
            loss.verticalLine(at: Double(run.restoredEpoch), color: color, dash: .dotted)
        }
        let settled = (plain.history.validationLoss + plateau.history.validationLoss).filter { $0.isFinite }
        let late = Array(plain.history.validationLoss.dropFirst(5)) + Array(plateau.history.validationLoss.dropFirst(5))
        loss.yLimits = (settled.min()! * 0.95)...((late.max() ?? settled.max()!) * 1.1)
        loss.legend = .upperRight
        figure[0, 0] = loss
        var rate = Axes(xLabel: "epoch", yLabel: "learning rate η")
        rate.yScale = .logarithmic
        for (label, color, run) in [
            ("constant η", Palette.vermillion, plain), ("reduce on plateau", Palette.blue, plateau),
        ] {
            rate.plot(
                run.history.epochs.map { Double($0.epoch) }, run.history.epochs.map(\.learningRate), label: label,
                color: color)
        }
        rate.legend = .lowerLeft
        figure[0, 1] = rate
        return figure
    }

    /// One frame of the patience explorer: the first run's validation loss with the epoch a
    /// patience restores and the epoch it stops at. Every frame has the same axes, so moving the
    /// slider moves only the two lines and the shading.
    static func patienceFrame(
        _ run: TrainingTrajectory.Run, decision: StoppingRuleReplay.Decision, patience: Int
    ) -> Figure {
        let epochs = (1...run.epochs).map(Double.init)
        var axes = Axes(xLabel: "epoch", yLabel: "cross-entropy loss")
        axes.shade(Double(decision.bestEpoch)...Double(decision.stoppedEpoch))
        if decision.stoppedEpoch < run.epochs {
            axes.shade(
                Double(decision.stoppedEpoch)...Double(run.epochs), color: Color(hex: 0xD55E00, alpha: 0.10))
        }
        axes.plot(epochs, run.validationLoss, label: "validation loss", color: Palette.vermillion)
        axes.plot(epochs, run.trainLoss, label: "training loss", color: Palette.blue, dash: .dashed)
        // No labels on the lines: at small patience they would overlap; the title names both epochs.
        axes.verticalLine(at: Double(decision.bestEpoch), color: .ink, dash: .solid)
        axes.verticalLine(at: Double(decision.stoppedEpoch), color: .grey, dash: .dotted)
        let curves = run.validationLoss + run.trainLoss
        axes.yScale = .logarithmic
        axes.yLimits = (curves.min()! * 0.9)...(curves.max()! * 1.1)
        axes.xLimits = 0...Double(run.epochs)
        axes.legend = .below
        axes.title = "patience \(patience): restores epoch \(decision.bestEpoch), "
            + (decision.stopped ? "stops at epoch \(decision.stoppedEpoch)" : "never stops")
        return Figure(axes, size: (480, 260))
    }
}

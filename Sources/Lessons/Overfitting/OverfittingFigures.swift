import NeuralKit
import Plots

/// The figures of the overfitting lesson, drawn from the experiments' results (never from constants).
enum OverfittingFigures {
    /// Left: training and validation loss of the first seed, the minimum marked and the
    /// overfitting phase shaded. Right: the fitted curves at the minimum and at the end.
    static func divergence(_ result: DivergencePoint.Result) -> Figure {
        let run = result.runs[0]
        let history = run.fit.history
        let epochs = (1...history.epochs.count).map(Double.init)
        let noise = result.configuration.problem.noiseVariance
        var figure = Figure(rows: 1, columns: 2, size: (480, 240))

        var losses = Axes(xLabel: "epoch", yLabel: "mean squared error")
        losses.yScale = .logarithmic
        let best = Double(run.fit.bestEpoch)
        losses.shade(best...epochs.last!, label: "overfitting phase", color: Color(hex: 0xD55E00, alpha: 0.10))
        losses.horizontalLine(at: noise, label: "noise σ²", color: .grey, dash: .dotted)
        losses.plot(epochs, history.trainLoss, label: "training", color: Palette.blue)
        losses.plot(epochs, history.validationLoss, label: "validation", color: Palette.vermillion)
        losses.verticalLine(at: best, label: "minimum, epoch \(run.fit.bestEpoch)", color: .ink)
        let lowest = min(history.trainLoss.min()!, noise)
        losses.yLimits = (lowest * 0.6)...(max(history.validationLoss.max()!, history.trainLoss.first!) * 1.3)
        losses.legend = .upperRight
        figure[0, 0] = losses

        var curves = Axes(xLabel: "<i>x</i>", yLabel: "<i>y</i>")
        let xs = run.fit.curveInputs
        curves.plot(xs, xs.map { Double.sin($0) }, label: "sin <i>x</i>", color: .grey, dash: .dashed)
        curves.plot(xs, run.fit.bestCurve, label: "at the minimum", color: Palette.blue)
        curves.plot(xs, run.fit.finalCurve, label: "after epoch \(history.epochs.count)", color: Palette.vermillion)
        curves.scatter(
            SineProblem.xValues(of: run.train), run.train.targets!.scalars.map(Double.init),
            label: "training points", color: .ink, markerSize: 4)
        curves.legend = .upperLeft
        curves.yLimits = -2...2.3
        figure[0, 1] = curves
        return figure
    }

    /// Training loss and test error against parameters per training point: the capacity U.
    static func capacity(_ result: CapacitySweep.Result) -> Figure {
        var axes = Axes(xLabel: "parameters per training point (hidden width <i>h</i> at each marker)",
                        yLabel: "mean squared error")
        axes.xScale = .logarithmic
        axes.yScale = .logarithmic
        let x = result.decompositions.map(\.parametersPerSample)
        for (values, label, color) in [
            (result.decompositions.map(\.trainLoss), "training loss", Palette.blue),
            (result.decompositions.map(\.testError), "test error", Palette.vermillion),
        ] {
            let mean = values.map(\.mean)
            let spread = values.map(\.standardDeviation)
            axes.band(
                x, lower: zip(mean, spread).map { max($0 - $1, 0.005) }, upper: zip(mean, spread).map { $0 + $1 },
                color: color, opacity: 0.15)
            axes.plot(x, mean, label: label, color: color, marker: .circle)
        }
        axes.horizontalLine(at: result.configuration.problem.noiseVariance, label: "noise σ²", color: .grey, dash: .dotted)
        for decomposition in result.decompositions {
            axes.text(
                "\(decomposition.width)", x: decomposition.parametersPerSample,
                y: decomposition.testError.mean * 1.25, anchor: .bottom, color: Palette.vermillion)
        }
        axes.verticalLine(at: result.best.parametersPerSample, label: "lowest test error", color: .ink)
        let lowest = result.decompositions.map { $0.trainLoss.mean }.min()!
        let highest = result.decompositions.map { $0.testError.mean + $0.testError.standardDeviation }.max()!
        axes.yLimits = (lowest * 0.3)...(highest * 2)
        axes.legend = .lowerLeft
        return Figure(axes, size: (480, 260))
    }

    /// Left: bias², variance and noise against width, their sum and the measured error.
    /// Right: the mean prediction ± one standard deviation over training sets for three widths.
    static func biasVariance(_ result: CapacitySweep.Result) -> Figure {
        var figure = Figure(rows: 1, columns: 2, size: (480, 250))
        var terms = Axes(xLabel: "hidden width <i>h</i>", yLabel: "squared error")
        terms.xScale = .logarithmic
        let widths = result.decompositions.map { Double($0.width) }
        terms.plot(widths, result.decompositions.map(\.biasSquared), label: "bias²", color: Palette.blue, marker: .square)
        terms.plot(widths, result.decompositions.map(\.variance), label: "variance", color: Palette.orange, marker: .triangle)
        terms.plot(widths, result.decompositions.map(\.noise), label: "noise σ²", color: .grey, dash: .dotted)
        terms.plot(widths, result.decompositions.map(\.sum), label: "sum", color: .ink, dash: .dashed)
        terms.scatter(
            widths, result.decompositions.map(\.measuredError), label: "measured test error",
            color: Palette.vermillion, marker: .circle, markerSize: 7, filled: false)
        terms.xTicks = result.decompositions.map { Tick(Double($0.width), label: "\($0.width)") }
        terms.legend = .upperRight
        figure[0, 0] = terms

        var fits = Axes(xLabel: "<i>x</i>", yLabel: "<i>y</i>")
        let xs = result.testInputs
        fits.plot(xs, xs.map { Double.sin($0) }, label: "sin <i>x</i>", color: .grey, dash: .dashed)
        let chosen = [0, result.decompositions.firstIndex { $0.width == result.best.width }!, result.decompositions.count - 1]
        for (slot, index) in chosen.enumerated() {
            let color = [Palette.blue, Palette.bluishGreen, Palette.vermillion][slot]
            let mean = result.meanPredictions[index]
            let spread = result.predictionSpread[index]
            fits.band(xs, lower: zip(mean, spread).map { $0 - $1 }, upper: zip(mean, spread).map { $0 + $1 }, color: color, opacity: 0.15)
            fits.plot(xs, mean, label: "<i>h</i> = \(result.decompositions[index].width)", color: color)
        }
        fits.yLimits = -1.8...2.2
        fits.legend = .upperLeft
        figure[0, 1] = fits
        return figure
    }

    /// Training and validation accuracy per epoch with true and with random labels.
    static func memorization(_ result: RandomLabelMemorization.Result) -> Figure {
        var figure = Figure(rows: 1, columns: 2, size: (480, 230))
        var train = Axes(xLabel: "epoch", yLabel: "training accuracy")
        var validation = Axes(xLabel: "epoch", yLabel: "validation accuracy (true labels)")
        for (labels, color) in [(RandomLabelMemorization.Labels.real, Palette.blue), (.random, Palette.vermillion)] {
            let trainCurve = result.meanTrainCurve(labels)
            let epochs = (1...trainCurve.count).map(Double.init)
            train.plot(epochs, trainCurve, label: labels.rawValue, color: color)
            validation.plot(epochs, result.meanValidationCurve(labels), label: labels.rawValue, color: color)
        }
        train.verticalLine(at: result.epochsToFit(.real).mean, color: Palette.blue, dash: .dotted)
        train.verticalLine(at: result.epochsToFit(.random).mean, color: Palette.vermillion, dash: .dotted)
        train.yLimits = 0...1.05
        train.legend = .lowerRight
        validation.horizontalLine(at: 0.1, label: "chance (1/10)", color: .grey, dash: .dotted)
        validation.yLimits = 0...1.05
        validation.legend = .hidden
        figure[0, 0] = train
        figure[0, 1] = validation
        return figure
    }

    /// One frame of the epoch slider: the first run's losses up to `epoch` (on the full run's
    /// axes) and its fitted curve after that epoch.
    static func divergenceFrame(_ result: DivergencePoint.Result, epoch: Int, curve: [Double]) -> Figure {
        let run = result.runs[0]
        let history = run.fit.history
        let total = history.epochs.count
        let noise = result.configuration.problem.noiseVariance
        var figure = Figure(rows: 1, columns: 2, size: (480, 240))
        var losses = Axes(xLabel: "epoch", yLabel: "mean squared error")
        losses.yScale = .logarithmic
        losses.horizontalLine(at: noise, label: "noise σ²", color: .grey, dash: .dotted)
        let shown = Array(1...epoch).map(Double.init)
        losses.plot(shown, Array(history.trainLoss.prefix(epoch)), label: "training", color: Palette.blue)
        losses.plot(shown, Array(history.validationLoss.prefix(epoch)), label: "validation", color: Palette.vermillion)
        losses.verticalLine(at: Double(epoch), label: "epoch \(epoch)", color: .ink)
        let lowest = min(history.trainLoss.min()!, noise)
        losses.xLimits = 0...Double(total)
        losses.yLimits = (lowest * 0.6)...(max(history.validationLoss.max()!, history.trainLoss.first!) * 1.3)
        losses.legend = .upperRight
        figure[0, 0] = losses

        var fit = Axes(xLabel: "<i>x</i>", yLabel: "<i>y</i>")
        let xs = run.fit.curveInputs
        fit.plot(xs, xs.map { Double.sin($0) }, label: "sin <i>x</i>", color: .grey, dash: .dashed)
        fit.plot(xs, curve, label: "after epoch \(epoch)", color: Palette.vermillion)
        fit.scatter(
            SineProblem.xValues(of: run.train), run.train.targets!.scalars.map(Double.init),
            label: "training points", color: .ink, markerSize: 4)
        fit.legend = .upperLeft
        fit.yLimits = -2...2.3
        figure[0, 1] = fit
        return figure
    }
}

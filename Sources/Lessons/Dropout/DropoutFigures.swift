import NeuralKit
import Plots

/// The figures of the dropout lesson, drawn from the experiments' results (never from constants).
enum DropoutFigures {
    /// Mean and variance of an inverted-dropout activation against p, with the formulas.
    static func expectation(_ result: InvertedDropoutMath.Result) -> Figure {
        let a = result.configuration.activation
        let p = result.rows.map(\.probability)
        var figure = Figure(rows: 1, columns: 2, size: (480, 230))
        var mean = Axes(xLabel: "dropout probability <i>p</i>", yLabel: "mean output")
        mean.horizontalLine(at: a, label: "<i>a</i> = \(a)", color: .grey)
        mean.plot(p, result.rows.map(\.invertedMean), label: "inverted, training", marker: .circle)
        mean.plot(
            p, result.rows.map(\.standardTrainingMean), label: "standard, training", dash: .dashed, marker: .square)
        mean.plot(
            p, result.rows.map(\.standardInferenceOutput), label: "standard, inference ×(1−<i>p</i>)",
            dash: .dotted, marker: .triangle)
        mean.yLimits = 0...(a * 1.25)
        mean.legend = .lowerLeft
        figure[0, 0] = mean

        var variance = Axes(xLabel: "dropout probability <i>p</i>", yLabel: "variance of the output")
        variance.yScale = .logarithmic
        let fine = (1...90).map { Double($0) / 100 }
        variance.plot(fine, fine.map { a * a * $0 / (1 - $0) }, label: "<i>a</i>²<i>p</i>/(1−<i>p</i>)", color: .grey)
        variance.scatter(p, result.rows.map(\.invertedVariance), label: "measured", color: Palette.blue)
        variance.legend = .upperLeft
        figure[0, 1] = variance
        return figure
    }

    /// Learning curves of the rate ablation: validation accuracy and training loss per epoch.
    static func ablationCurves(_ result: DropoutRateAblation.Result) -> Figure {
        var figure = Figure(rows: 1, columns: 2, size: (480, 240))
        var accuracy = Axes(xLabel: "epoch", yLabel: "validation accuracy")
        var loss = Axes(xLabel: "epoch", yLabel: "training loss (dropout on)")
        loss.yScale = .logarithmic
        for (index, rate) in result.rates.enumerated() {
            let color = Palette.color(at: index)
            let validation = rate.meanValidationCurve
            let epochs = (1...validation.count).map(Double.init)
            let spread = (0..<validation.count).map { epoch in
                SeedSummary(rate.runs.map { $0.history.validationAccuracy[epoch] }).standardDeviation
            }
            accuracy.band(
                epochs, lower: zip(validation, spread).map { $0 - $1 }, upper: zip(validation, spread).map { $0 + $1 },
                color: color, opacity: 0.15)
            accuracy.plot(epochs, validation, label: "<i>p</i> = \(rate.probability)", color: color)
            loss.plot(epochs, rate.meanTrainLossCurve, label: "<i>p</i> = \(rate.probability)", color: color)
        }
        accuracy.legend = .lowerRight
        loss.legend = .hidden
        figure[0, 0] = accuracy
        figure[0, 1] = loss
        return figure
    }

    /// Final training and validation accuracy per rate, mean ± std over seeds.
    static func ablationBars(_ result: DropoutRateAblation.Result) -> Figure {
        var axes = Axes(xLabel: "dropout probability <i>p</i>", yLabel: "accuracy")
        let categories = result.rates.map { "\($0.probability)" }
        axes.bars(
            categories: categories,
            groups: [
                BarGroup(
                    values: result.rates.map(\.trainAccuracy.mean), errors: result.rates.map(\.trainAccuracy.standardDeviation),
                    label: "training (noisy labels)", color: Palette.blue),
                BarGroup(
                    values: result.rates.map(\.validationAccuracy.mean),
                    errors: result.rates.map(\.validationAccuracy.standardDeviation), label: "validation",
                    color: Palette.vermillion),
                BarGroup(
                    values: result.rates.map(\.memorizedNoise.mean), errors: result.rates.map(\.memorizedNoise.standardDeviation),
                    label: "flipped labels memorised", color: Color.grey),
            ])
        axes.yLimits = 0...1.4
        axes.legend = .best
        return Figure(axes, size: (480, 260))
    }

    /// The cost of the two inference mistakes.
    static func evalTrap(_ result: EvalTrap.Result) -> Figure {
        var figure = Figure(rows: 1, columns: 2, size: (480, 230))
        var inverted = Axes(title: "inverted dropout", yLabel: "validation accuracy")
        inverted.bars(
            categories: ["eval()", "forgot eval()"],
            groups: [
                BarGroup(
                    values: [result.evaluationAccuracy.mean, result.trainingModeAccuracy.mean],
                    errors: [result.evaluationAccuracy.standardDeviation, result.trainingModeAccuracy.standardDeviation],
                    color: Palette.blue)
            ])
        inverted.yLimits = 0...1
        inverted.legend = .hidden
        var standard = Axes(title: "standard dropout", yLabel: "value on validation set")
        standard.bars(
            categories: ["accuracy", "confidence", "loss"],
            groups: [
                BarGroup(
                    values: [result.standardScaledAccuracy.mean, result.standardScaledConfidence.mean, result.standardScaledLoss.mean],
                    errors: [
                        result.standardScaledAccuracy.standardDeviation, result.standardScaledConfidence.standardDeviation,
                        result.standardScaledLoss.standardDeviation,
                    ], label: "×(1−<i>p</i>) at inference", color: Palette.blue),
                BarGroup(
                    values: [
                        result.standardUnscaledAccuracy.mean, result.standardUnscaledConfidence.mean,
                        result.standardUnscaledLoss.mean,
                    ],
                    errors: [
                        result.standardUnscaledAccuracy.standardDeviation,
                        result.standardUnscaledConfidence.standardDeviation, result.standardUnscaledLoss.standardDeviation,
                    ], label: "scaling forgotten", color: Palette.vermillion),
            ])
        standard.yLimits = 0...1.3
        standard.legend = .upperRight
        figure[0, 0] = inverted
        figure[0, 1] = standard
        return figure
    }

    /// Agreement with weight scaling and accuracy as the number of averaged sub-networks grows.
    static func ensemble(_ result: EnsembleView.Result) -> Figure {
        let k = result.sampleCounts.map(Double.init)
        var figure = Figure(rows: 1, columns: 2, size: (480, 230))
        var agreement = Axes(xLabel: "sub-networks averaged <i>K</i>", yLabel: "agreement with weight scaling")
        agreement.xScale = .logarithmic
        let agreementMean = result.sampleCounts.indices.map { result.agreement(at: $0).mean }
        let agreementSpread = result.sampleCounts.indices.map { result.agreement(at: $0).standardDeviation }
        agreement.band(
            k, lower: zip(agreementMean, agreementSpread).map { $0 - $1 },
            upper: zip(agreementMean, agreementSpread).map { $0 + $1 }, color: Palette.blue)
        agreement.plot(k, agreementMean, color: Palette.blue, marker: .circle)
        agreement.legend = .hidden

        var accuracy = Axes(xLabel: "sub-networks averaged <i>K</i>", yLabel: "validation accuracy")
        accuracy.xScale = .logarithmic
        accuracy.horizontalLine(
            at: result.weightScalingAccuracy.mean, label: "weight scaling (eval)", color: Palette.vermillion)
        accuracy.plot(
            k, result.sampleCounts.indices.map { result.sampledAccuracy(at: $0).mean }, label: "average of <i>K</i>",
            color: Palette.blue, marker: .circle)
        accuracy.legend = .lowerRight
        figure[0, 0] = agreement
        figure[0, 1] = accuracy
        return figure
    }

    /// Predictive mean with its 0.5 boundary, and the Monte-Carlo variance, on two moons.
    static func monteCarlo(_ result: MonteCarloDropout.Result) -> Figure {
        let field = result.field
        let xRange = field.xs.first!...field.xs.last!
        let yRange = field.ys.first!...field.ys.last!
        let n = field.xs.count
        var figure = Figure(rows: 1, columns: 2, size: (480, 240))
        let points = field.trainingPoints
        func addPoints(_ axes: inout Axes) {
            for label in 0..<2 {
                let indices = (0..<points.count).filter { points.labels[$0] == label }
                axes.scatter(
                    indices.map { Double(points.features[$0, 0]) }, indices.map { Double(points.features[$0, 1]) },
                    label: "class \(label)", color: label == 0 ? Palette.vermillion : Palette.blue,
                    marker: label == 0 ? .circle : .triangle, markerSize: 3.5)
            }
        }
        var mean = Axes(title: "mean <i>p̄</i>(class 1)", xLabel: "<i>x</i>₁", yLabel: "<i>x</i>₂")
        mean.contour(
            ContourPlot(
                field: Plots.Field(columns: n, rows: n, x: xRange, y: yRange, values: field.mean.flatMap { $0 }),
                fillLevels: (0...10).map { Double($0) / 10 }, colorMap: .classProbability,
                lineLevels: [ContourLine(level: 0.5, label: "<i>p̄</i> = 0.5")]))
        addPoints(&mean)
        mean.legend = .hidden
        mean.colorBarLabel = "<i>p̄</i>"

        var variance = Axes(title: "variance σ² over passes", xLabel: "<i>x</i>₁", yLabel: "<i>x</i>₂")
        variance.heatmap(
            Heatmap(values: field.variance, x: xRange, y: yRange, colorMap: .viridis, rowZeroAtTop: false))
        variance.contour(
            ContourPlot(
                field: Plots.Field(columns: n, rows: n, x: xRange, y: yRange, values: field.mean.flatMap { $0 }),
                lineLevels: [ContourLine(level: 0.5, color: .white, dash: .dashed)]))
        variance.colorBarLabel = "σ²"
        variance.legend = .hidden
        figure[0, 0] = mean
        figure[0, 1] = variance
        return figure
    }
}

import Foundation
import Plots

/// The figures of the L1/L2 lesson, drawn from the experiments' results.
enum WeightPenaltiesFigures {
    /// The two-weight problem: level sets of the data loss, the L2 and L1 regularisation paths,
    /// and the circle and diamond budgets through the solutions at one λ.
    static func budget(_ result: RegularizationPath.Result, budgetLambda: Double) -> Figure {
        let c = result.configuration
        var axes = Axes(xLabel: "w₁", yLabel: "w₂")
        let field = Field(columns: 121, rows: 121, x: -0.5...2.6, y: -0.9...1.6) { x, y in
            RegularizationPath.dataLoss([x, y], c)
        }
        axes.contour(ContourPlot(
            field: field,
            lineLevels: [0.05, 0.2, 0.5, 1.0, 1.6].map { ContourLine(level: $0, color: .grey, lineWidth: 0.8) }))
        let index = c.lambdas.indices.min { abs(c.lambdas[$0] - budgetLambda) < abs(c.lambdas[$1] - budgetLambda) }!
        let l2 = result.l2Path[index]
        let l1 = result.l1Path[index]
        let radius = (l2[0] * l2[0] + l2[1] * l2[1]).squareRoot()
        let angles = (0...100).map { 2 * Double.pi * Double($0) / 100 }
        axes.plot(angles.map { radius * cos($0) }, angles.map { radius * sin($0) },
                  label: "‖w‖₂ budget", color: Palette.blue, dash: .dotted, lineWidth: 1.2)
        let r1 = abs(l1[0]) + abs(l1[1])
        axes.plot([r1, 0, -r1, 0, r1], [0, r1, 0, -r1, 0],
                  label: "‖w‖₁ budget", color: Palette.vermillion, dash: .dotted, lineWidth: 1.2)
        axes.plot(result.l2Path.map { $0[0] }, result.l2Path.map { $0[1] }, label: "L2 path", color: Palette.blue)
        axes.plot(result.l1Path.map { $0[0] }, result.l1Path.map { $0[1] }, label: "L1 path", color: Palette.vermillion, dash: .dashed)
        axes.scatter([c.optimum[0]], [c.optimum[1]], label: "w* (λ = 0)", color: .ink, markerSize: 6)
        axes.scatter([l2[0], l1[0]], [l2[1], l1[1]], color: .ink, marker: .circle, markerSize: 5, filled: false)
        axes.xLimits = -0.5...2.6
        axes.yLimits = -0.9...1.6
        axes.legend = .outsideRight
        return Figure(axes, size: (480, 290))
    }

    /// Training and validation error against λ (log x), mean ± std over seeds; λ = 0 as lines.
    static func sweep(_ result: LambdaSweep.Result) -> Figure {
        var axes = Axes(xLabel: "λ (L2 strength)", yLabel: "mean squared error")
        axes.xScale = .logarithmic
        let positive = result.points.filter { $0.lambda > 0 }
        let x = positive.map(\.lambda)
        for (name, color, key) in [
            ("training", Palette.blue, \LambdaSweep.Point.trainError),
            ("validation", Palette.vermillion, \LambdaSweep.Point.validationError),
        ] {
            let summaries = positive.map { $0[keyPath: key] }
            axes.band(x, lower: summaries.map { $0.mean - $0.standardDeviation },
                      upper: summaries.map { $0.mean + $0.standardDeviation }, color: color, opacity: 0.18)
            axes.plot(x, summaries.map(\.mean), label: name, color: color, marker: .circle)
            axes.horizontalLine(at: result.unregularized[keyPath: key].mean, label: "\(name), λ = 0", color: color)
        }
        axes.verticalLine(at: result.best.lambda, label: "λ chosen on validation = \(formatNumber(result.best.lambda))", color: .grey, dash: .dotted)
        axes.legend = .upperLeft
        return Figure(axes, size: (480, 290))
    }

    /// The fitted curves (first seed) for no, small, the best and the strongest λ.
    static func fits(_ result: LambdaSweep.Result) -> Figure {
        let chosen = [result.unregularized, result.smallest, result.best, result.strongest]
        let names = ["none", "small", "chosen", "largest"]
        var figure = Figure(rows: 1, columns: 4, size: (480, 175))
        figure.sharedY = true
        for (column, (point, name)) in zip(chosen, names).enumerated() {
            var axes = Axes(title: "\(name): λ = \(formatNumber(point.lambda))", xLabel: "x")
            axes.plot(result.curveX, result.curveX.map { sin($0) }, color: .grey, dash: .dashed, lineWidth: 1)
            axes.scatter(result.trainX, result.trainY, color: Palette.blue, markerSize: 4)
            axes.plot(result.curveX, point.curve, color: Palette.vermillion)
            axes.yLimits = -2...2
            axes.legend = .hidden
            figure[0, column] = axes
        }
        return figure
    }

    /// Histograms of the trained weights (first seed), log-y, with the zero bin highlighted.
    static func histograms(_ result: SparsityComparison.Result) -> Figure {
        var figure = Figure(rows: 1, columns: 3, size: (480, 200))
        figure.sharedY = true
        let colors = [Color.grey, Palette.blue, Palette.vermillion]
        for (column, arm) in result.arms.enumerated() {
            var axes = Axes(title: arm.arm.rawValue, xLabel: "weight", yLabel: column == 0 ? "count" : nil)
            axes.yScale = .logarithmic
            axes.histogram(
                [HistogramData(values: arm.weights.filter { abs($0) <= 0.3 }, color: colors[column])],
                bins: .width(0.004), layout: .overlaid(opacity: 0.8), highlightsZeroBin: true)
            axes.legend = .hidden
            figure[0, column] = axes
        }
        return figure
    }

    /// Importance ‖W₁[:, j]‖₂ of every input feature under each penalty (mean over seeds).
    static func featureImportance(_ result: FeatureSelection.Result) -> Figure {
        var axes = Axes(xLabel: "input feature j", yLabel: "‖W₁[:, j]‖₂")
        let informative = result.configuration.informativeCount
        axes.shade(-0.5...(Double(informative) - 0.5), label: "informative")
        let x = (0..<result.configuration.featureCount).map(Double.init)
        let shown: [(FeatureSelection.Arm, Color, Marker)] = [
            (.none, .grey, .circle), (.l2, Palette.blue, .square), (.elasticNet, Palette.bluishGreen, .triangle),
            (.l1Proximal, Palette.vermillion, .diamond),
        ]
        for (arm, color, marker) in shown {
            axes.plot(x, result.summary(arm).importance, label: arm.rawValue, color: color, marker: marker, lineWidth: 1.1)
        }
        let largest = result.arms.flatMap(\.importance).max() ?? 1
        axes.yLimits = 0...(largest * 1.45)
        axes.legend = .upperRight
        return Figure(axes, size: (480, 260))
    }

    /// Validation accuracy and weight norm against λ for Adam + L2 and AdamW.
    static func decoupled(_ result: DecoupledWeightDecay.Result) -> Figure {
        var figure = Figure(rows: 1, columns: 2, size: (480, 220))
        let lambdas = result.configuration.lambdas
        let baseline = result.baseline
        for (column, (label, key)) in [
            ("validation accuracy", \DecoupledWeightDecay.Arm.validationAccuracy),
            ("weight norm ‖w‖₂", \DecoupledWeightDecay.Arm.weightNorm),
        ].enumerated() {
            var axes = Axes(xLabel: "λ", yLabel: label)
            axes.xScale = .logarithmic
            for (method, color, dash) in [
                (DecoupledWeightDecay.Method.adamL2, Palette.vermillion, Dash.solid),
                (.adamW, Palette.blue, .dashed),
            ] {
                let values = lambdas.map { result.arm(method, $0)[keyPath: key] }
                axes.band(lambdas, lower: values.map { $0.mean - $0.standardDeviation },
                          upper: values.map { $0.mean + $0.standardDeviation }, color: color, opacity: 0.18)
                axes.plot(lambdas, values.map(\.mean), label: method.rawValue, color: color, dash: dash, marker: .circle)
            }
            axes.horizontalLine(at: baseline[keyPath: key].mean, label: "no decay", color: .grey)
            axes.legend = column == 0 ? .lowerLeft : .hidden
            figure[0, column] = axes
        }
        return figure
    }

    /// The largest row norm per epoch without and with the max-norm constraint (first run).
    static func maxNorm(_ result: DecoupledWeightDecay.MaxNormResult) -> Figure {
        var axes = Axes(xLabel: "epoch", yLabel: "largest row norm ‖wᵢ‖₂")
        let baseline = result.baseline.maximumRowNormCurve
        let constrained = result.arm.maximumRowNormCurve
        let c = result.settings.maxNorm
        axes.plot((1...baseline.count).map(Double.init), baseline, label: "Adam, no constraint", color: .grey)
        axes.plot((1...constrained.count).map(Double.init), constrained, label: "Adam + max-norm", color: Palette.vermillion)
        axes.horizontalLine(at: c, label: "c = \(formatNumber(c))", color: Palette.vermillion)
        axes.yLimits = (min(c, baseline.min() ?? c) * 0.8)...(max(baseline.max() ?? c, c) * 1.08)
        axes.legend = .centerRight
        return Figure(axes, size: (480, 220))
    }

    /// One frame of the λ slider: the first run's fitted curve at one λ, with its training points.
    static func fitFrame(_ result: LambdaSweep.Result, point: LambdaSweep.Point) -> Figure {
        var axes = Axes(xLabel: "x", yLabel: "y")
        axes.plot(result.curveX, result.curveX.map { sin($0) }, label: "sin x", color: .grey, dash: .dashed, lineWidth: 1)
        axes.scatter(result.trainX, result.trainY, label: "training points", color: Palette.blue, markerSize: 4)
        axes.plot(result.curveX, point.curve, label: "fit, λ = \(formatNumber(point.lambda))", color: Palette.vermillion)
        axes.xLimits = -3.3...3.3
        axes.yLimits = -2...2.3
        axes.legend = .upperLeft
        return Figure(axes, size: (480, 240))
    }
}

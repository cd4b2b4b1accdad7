import NeuralKit
import Plots

/// The figures of the toolbox lesson, drawn from the experiments' results (never from constants).
enum ToolboxFigures {
    /// p(class 1) on two moons without and with mixup (first seed), with the 0.5 boundary.
    static func mixupBoundaries(_ result: MixupMoons.Result) -> Figure {
        var figure = Figure(rows: 1, columns: 2, size: (480, 230))
        let points = result.trainingPoints
        for (column, variant) in [result.plain, result.mixup].enumerated() {
            let field = variant.field
            let n = field.xs.count
            var axes = Axes(
                title: variant.usesMixup ? "mixup, α = \(formatNumber(result.configuration.alpha))" : "no mixup",
                xLabel: "<i>x</i>₁", yLabel: "<i>x</i>₂")
            axes.contour(
                ContourPlot(
                    field: Plots.Field(
                        columns: n, rows: n, x: field.xs.first!...field.xs.last!, y: field.ys.first!...field.ys.last!,
                        values: field.probability.flatMap { $0 }),
                    fillLevels: (0...10).map { Double($0) / 10 }, colorMap: .classProbability,
                    lineLevels: [ContourLine(level: 0.5)]))
            for label in 0..<2 {
                let indices = (0..<points.count).filter { points.labels[$0] == label }
                axes.scatter(
                    indices.map { Double(points.features[$0, 0]) }, indices.map { Double(points.features[$0, 1]) },
                    label: "class \(label)", color: label == 0 ? Palette.vermillion : Palette.blue,
                    marker: label == 0 ? .circle : .triangle, markerSize: 3.5)
            }
            axes.legend = .hidden
            axes.colorBarLabel = "<i>p</i>(class 1)"
            axes.showsColorBar = column == 1
            figure[0, column] = axes
        }
        return figure
    }

    /// Validation accuracy gained by each technique over its reference (mean ± std), at the last
    /// epoch and at each network's best epoch.
    static func playbookGains(_ result: ToolboxPlaybook.Result) -> Figure {
        let techniques = result.comparedTechniques
        var axes = Axes(xLabel: "technique (“+ max-norm”: max-norm added to dropout)")
        let groups: [(String, [SeedSummary], Color)] = [
            ("last epoch", techniques.map { result.gain($0)! }, Palette.blue),
            ("best epoch", techniques.map { result.bestEpochGain($0)! }, Palette.vermillion),
        ]
        axes.bars(
            categories: techniques.map(\.shortTitle),
            groups: groups.map { label, gains, color in
                BarGroup(
                    values: gains.map { $0.mean * 100 }, errors: gains.map { $0.standardDeviation * 100 }, label: label,
                    color: color)
            })
        axes.yLabel = "gain in validation accuracy (points)"
        axes.horizontalLine(at: 0, color: .grey, dash: .solid)
        axes.legend = .upperRight
        return Figure(axes, size: (480, 240))
    }

    /// Left: the linear decay rule and the measured keep rates; right: validation accuracy per
    /// epoch of the plain residual MLP and the one with stochastic depth.
    static func stochasticDepth(_ result: ToolboxPlaybook.Result) -> Figure {
        var figure = Figure(rows: 1, columns: 2, size: (480, 230))
        var rule = Axes(xLabel: "residual block <i>l</i>", yLabel: "survival probability")
        let blocks = (1...result.survivalProbabilities.count).map(Double.init)
        rule.plot(
            [0] + blocks, [1] + result.survivalProbabilities, label: "<i>p<sub>l</sub></i> (rule)", color: .grey,
            marker: .circle)
        if let depth = result.summary(.stochasticDepth) {
            let kept = blocks.indices.map { block in SeedSummary(depth.runs.map { $0.keptFractions[block] }).mean }
            rule.scatter(blocks, kept, label: "kept in training", color: Palette.vermillion, marker: .square)
        }
        rule.yLimits = 0...1.1
        rule.legend = .lowerLeft
        figure[0, 0] = rule

        var curves = Axes(xLabel: "epoch", yLabel: "validation accuracy")
        for (index, technique) in [ToolboxPlaybook.Technique.residual, .stochasticDepth].enumerated() {
            guard let summary = result.summary(technique) else { continue }
            let length = summary.runs.map(\.validationCurve.count).min() ?? 0
            guard length > 0 else { continue }
            let mean = (0..<length).map { epoch in
                summary.runs.map { $0.validationCurve[epoch] }.reduce(0, +) / Double(summary.runs.count)
            }
            curves.plot(
                (1...length).map(Double.init), mean, label: technique.title, color: Palette.color(at: index))
        }
        curves.legend = .lowerRight
        figure[0, 1] = curves
        return figure
    }

    /// Gradient norm per step (before clipping) of the unclipped and clipped runs of the first
    /// seed, log scale, with the clipping threshold.
    static func clippingTrace(_ result: ClippingOnUnstableRun.Result) -> Figure {
        var axes = Axes(xLabel: "step", yLabel: "gradient norm ‖<i>g</i>‖ (before clipping)")
        axes.yScale = .logarithmic
        for (index, run) in [result.plain[0], result.clipped[0]].enumerated() {
            let norms = run.gradientNorms.enumerated().filter { $0.element.isFinite && $0.element > 0 }
            let title = run.clipped ? "clipped at c = \(result.configuration.maxNorm)" : "not clipped"
            let ending = run.divergedEpoch.map { ", diverged in epoch \($0)" } ?? ""
            axes.plot(
                norms.map { Double($0.offset + 1) }, norms.map(\.element), label: title + ending,
                color: index == 0 ? Palette.vermillion : Palette.blue, lineWidth: 1)
        }
        axes.horizontalLine(at: result.configuration.maxNorm, label: "<i>c</i>", color: .grey)
        axes.legend = .upperRight
        return Figure(axes, size: (480, 240))
    }
}

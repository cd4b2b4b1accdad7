import Foundation
import NeuralKit
import Plots

/// The figures of the distillation lesson, drawn from the experiments' results.
enum DistillationFigures {
    /// The teacher's distribution for one digit at T = 1, 2, 4, 8, and the mean entropy against T.
    static func temperature(_ result: TemperatureView.Result) -> Figure {
        var figure = Figure(rows: 1, columns: 2, size: (480, 230))
        var bars = Axes(title: "teacher on one digit (label \(result.exampleLabel))", xLabel: "class", yLabel: "probability")
        bars.bars(
            categories: (0..<10).map(String.init),
            groups: result.configuration.barTemperatures.enumerated().map { index, T in
                BarGroup(
                    values: result.distributions[index], label: "<i>T</i> = \(formatNumber(T))", color: Palette.color(at: index))
            })
        bars.yLimits = 0...1.05
        bars.legend = .upperRight
        figure[0, 0] = bars
        var entropy = Axes(title: "mean entropy on validation", xLabel: "temperature <i>T</i>", yLabel: "entropy (nats)")
        entropy.xScale = .logarithmic
        entropy.horizontalLine(at: log(10.0), label: "log 10 (uniform)", color: .grey)
        let temperatures = result.configuration.curveTemperatures
        entropy.plot(temperatures, result.teacherEntropy, label: "single teacher", marker: .circle)
        entropy.plot(
            temperatures, result.ensembleEntropy, label: "ensemble", dash: .dashed, marker: .square)
        entropy.yLimits = 0...2.6
        entropy.legend = .lowerRight
        figure[0, 1] = entropy
        return figure
    }

    /// Validation accuracy per student and budget, mean ± std, with the teachers as lines.
    static func comparison(_ result: TransferComparison.Result, teachers: DigitsTeachers.Result) -> Figure {
        var axes = Axes(
            xLabel: "student (S: same-label teacher, A: all-label teacher, E: ensemble; + T: transfer set)",
            yLabel: "validation accuracy")
        let conditions = TransferComparison.Condition.allCases
        axes.bars(
            categories: conditions.map(\.shortTitle),
            groups: result.configuration.budgets.enumerated().map { index, steps in
                let summaries = conditions.map { result.accuracy($0, steps: steps) }
                return BarGroup(
                    values: summaries.map(\.mean), errors: summaries.map(\.standardDeviation),
                    label: "\(steps) steps", color: index == 0 ? Palette.blue : Palette.vermillion)
            })
        axes.horizontalLine(at: teachers.teacherAccuracy.mean, label: "all-label teacher", color: .grey)
        axes.horizontalLine(
            at: teachers.sameLabelAccuracy.mean, label: "same-label teacher", color: .grey, dash: .dotted)
        let low = result.cells.map { $0.validationAccuracy.minimum }.min()!
        axes.yLimits = max(0, low - 0.1)...1.02
        axes.legend = .upperLeft
        return Figure(axes, size: (480, 250))
    }

    /// ‖∂soft/∂s‖ against T, with and without the T² factor (mean over seeds).
    static func gradientScale(_ result: GradientScale.Result) -> Figure {
        var axes = Axes(xLabel: "temperature <i>T</i>", yLabel: "gradient norm ‖∂<i>L</i>/∂<i>s</i>‖")
        axes.xScale = .logarithmic
        axes.yScale = .logarithmic
        func mean(_ norms: [[Double]]) -> [Double] {
            (0..<result.temperatures.count).map { t in norms.map { $0[t] }.reduce(0, +) / Double(norms.count) }
        }
        axes.plot(result.temperatures, mean(result.withFactor), label: "<i>T</i>²·KL (as used)", marker: .circle)
        axes.plot(result.temperatures, mean(result.withoutFactor), label: "KL alone", dash: .dashed, marker: .square)
        axes.legend = .lowerLeft
        return Figure(axes, size: (480, 220))
    }

    /// Validation accuracy against T, one curve per α, with the hard-label student as reference.
    static func sweep(_ result: TemperatureAlphaSweep.Result, baseline: SeedSummary) -> Figure {
        let c = result.configuration
        var axes = Axes(xLabel: "temperature <i>T</i>", yLabel: "validation accuracy")
        axes.xScale = .logarithmic
        axes.shade(
            (baseline.mean - baseline.standardDeviation)...(baseline.mean + baseline.standardDeviation))
        axes.horizontalLine(at: baseline.mean, label: "labels only", color: .grey)
        for (a, alpha) in c.alphas.enumerated() {
            let row = result.accuracy[a]
            let color = Palette.color(at: a)
            axes.band(
                c.temperatures, lower: row.map { $0.mean - $0.standardDeviation },
                upper: row.map { $0.mean + $0.standardDeviation }, color: color, opacity: 0.15)
            axes.plot(c.temperatures, row.map(\.mean), label: "α = \(formatNumber(alpha))", color: color, marker: .circle)
        }
        axes.legend = .lowerRight
        return Figure(axes, size: (480, 240))
    }

    /// p(class 1) with its 0.5 contour: teacher, student from labels, distilled student.
    static func moons(_ result: MoonsBoundaries.Result) -> Figure {
        let n = result.xs.count
        let xRange = result.xs.first!...result.xs.last!
        let yRange = result.ys.first!...result.ys.last!
        var figure = Figure(rows: 1, columns: 3, size: (480, 180))
        let titles = ["teacher", "student, \(result.configuration.labeledCount) labels", "distilled student"]
        let points = result.points
        for (index, title) in titles.enumerated() {
            var axes = Axes(title: title, xLabel: "<i>x</i>₁", yLabel: index == 0 ? "<i>x</i>₂" : nil)
            axes.contour(
                ContourPlot(
                    field: Plots.Field(columns: n, rows: n, x: xRange, y: yRange, values: result.fields[index]),
                    fillLevels: (0...10).map { Double($0) / 10 }, colorMap: .classProbability,
                    lineLevels: [ContourLine(level: 0.5)]))
            // the labelled points for the student panel, every point otherwise
            let shown = index == 1 ? Array(0..<result.configuration.labeledCount) : Array(0..<points.count)
            for label in 0..<2 {
                let indices = shown.filter { points.labels[$0] == label }
                axes.scatter(
                    indices.map { Double(points.features[$0, 0]) }, indices.map { Double(points.features[$0, 1]) },
                    color: label == 0 ? Palette.vermillion : Palette.blue, marker: label == 0 ? .circle : .triangle,
                    markerSize: index == 1 ? 5 : 2.5)
            }
            axes.legend = .hidden
            axes.showsColorBar = index == 2
            figure[0, index] = axes
        }
        return figure
    }

    /// Reliability diagrams: accuracy against confidence per bin (seeds pooled).
    static func reliability(_ result: Calibration.Result) -> Figure {
        var axes = Axes(xLabel: "confidence max<sub><i>c</i></sub> <i>p<sub>c</sub></i>", yLabel: "accuracy in the bin")
        axes.plot([0, 1], [0, 1], label: "perfect calibration", color: .grey, dash: .dashed)
        for (index, r) in result.all.enumerated() {
            let used = r.counts.indices.filter { r.counts[$0] >= result.configuration.figureMinimumCount }
            axes.plot(
                used.map { r.confidence[$0] }, used.map { r.accuracy[$0] }, label: r.name,
                color: Palette.color(at: index), marker: .circle)
        }
        axes.xLimits = 0...1
        axes.yLimits = 0...1
        axes.legend = .upperLeft
        return Figure(axes, size: (480, 260))
    }
}

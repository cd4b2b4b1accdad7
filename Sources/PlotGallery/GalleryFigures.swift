import Foundation
import NeuralKit
import Plots

/// One figure of every chart kind, from real two-moons runs (see `MoonsExperiment`).
struct GalleryFigures {
    let experiment: MoonsExperiment
    var log: (String) -> Void = { print($0) }

    func all() throws -> [(name: String, figure: Figure)] {
        log("training two-moons networks (2-32-32-2, Adam) ...")
        let plain = try experiment.run(regularizer: .none)
        let decayed = try experiment.run(regularizer: .weightDecay(1))
        let sparse = try experiment.run(regularizer: .l1(0.1))
        return [
            ("training-curves", trainingCurves(plain.history)),
            ("decision-boundary", decisionBoundaries([("no regularisation", plain.model), ("weight decay λ = 1", decayed.model)])),
            ("weight-histograms", weightHistograms(plain: plain.model, sparse: sparse.model)),
            ("seed-bands", try seedBands()),
            ("lambda-sweep", try lambdaSweep()),
            ("ablation-bars", try ablationBars()),
            ("heatmap", try heatmap()),
            ("unicode-labels", unicodeLabels()),
        ]
    }

    /// Training and validation loss on a log axis, with the best epoch, the overfitting phase
    /// and an arrow.
    func trainingCurves(_ history: MoonsExperiment.History) -> Figure {
        let epochs = history.trainingLoss.indices.map { Double($0 + 1) }
        let best = history.validationLoss.indices.min { history.validationLoss[$0] < history.validationLoss[$1] }!
        var loss = Axes(title: "Two moons, 2-32-32-2 MLP, no regularisation", xLabel: "epoch", yLabel: "cross-entropy loss")
        loss.yScale = .logarithmic
        loss.shade(Double(best + 1)...Double(epochs.count), label: "overfitting")
        loss.plot(epochs, history.trainingLoss, label: "training")
        loss.plot(epochs, history.validationLoss, label: "validation", dash: .dashed)
        loss.verticalLine(at: Double(best + 1), label: "best epoch \(best + 1)")
        let last = epochs.count - 1
        let target = Int(Double(last) * 0.85)
        loss.arrow(
            from: (Double(last) * 0.55, history.trainingLoss[target] * 0.45), to: (Double(target), history.trainingLoss[target] * 0.9),
            text: "training loss keeps falling")
        var accuracy = Axes(xLabel: "epoch", yLabel: "accuracy")
        accuracy.plot(epochs, history.trainingAccuracy, label: "training")
        accuracy.plot(epochs, history.validationAccuracy, label: "validation", dash: .dashed)
        accuracy.verticalLine(at: Double(best + 1))
        accuracy.legend = .lowerRight
        var figure = Figure(rows: 2, columns: 1, size: (480, 420))
        figure[0, 0] = loss
        figure[1, 0] = accuracy
        figure.sharedX = true
        return figure
    }

    /// P(class 1) as filled contours with the 0.5 boundary, training points (filled circles) and
    /// validation points (hollow triangles), one panel per model, shared axes.
    func decisionBoundaries(_ models: [(String, Sequential<Float>)]) -> Figure {
        let x = -1.6...2.6
        let y = -1.2...1.7
        let resolution = 150
        var figure = Figure(rows: 1, columns: models.count, size: (480, 290))
        figure.sharedY = true
        for (index, (title, model)) in models.enumerated() {
            var axes = Axes(title: title, xLabel: "x₁", yLabel: index == 0 ? "x₂" : nil)
            let field = Field(columns: resolution, rows: resolution, x: x, y: y,
                values: MoonsExperiment.probabilityField(model, x: x, y: y, resolution: resolution))
            axes.contour(ContourPlot(
                field: field, fillLevels: stride(from: 0.0, through: 1.0, by: 0.1).map { $0 }, colorMap: .classProbability,
                lineLevels: [ContourLine(level: 0.5, color: .ink, lineWidth: 1.4, label: "<i>p</i> = 0.5")]))
            let training = experiment.training
            let validation = experiment.validation.subset(Array(0..<120))
            for label in 0...1 {
                let (tx, ty) = training.points(ofClass: label)
                axes.scatter(tx, ty, label: "training, class \(label)", color: label == 0 ? Palette.vermillion : Palette.blue, markerSize: 5)
            }
            for label in 0...1 {
                let (vx, vy) = validation.points(ofClass: label)
                axes.scatter(vx, vy, label: "validation, class \(label)", color: label == 0 ? Palette.vermillion : Palette.blue,
                    marker: .triangle, markerSize: 4.5, filled: false)
            }
            axes.legend = index == models.count - 1 ? .below : .hidden
            axes.showsColorBar = index == models.count - 1
            axes.colorBarLabel = index == models.count - 1 ? "P(class 1)" : nil
            figure.panels[index] = axes
        }
        return figure
    }

    /// First-layer and second-layer weights without regularisation and with proximal L1:
    /// overlaid on a linear axis with the zero bin highlighted, and side by side on a log axis.
    func weightHistograms(plain: Sequential<Float>, sparse: Sequential<Float>) -> Figure {
        func weights(_ model: Sequential<Float>) -> [Double] {
            model.namedParameters.filter { $0.name.hasSuffix("weight") }.flatMap { $0.parameter.value.scalars.map(Double.init) }
        }
        let datasets = [
            HistogramData(values: weights(plain), label: "no penalty"),
            HistogramData(values: weights(sparse), label: "L1, proximal"),
        ]
        var overlaid = Axes(title: "Weights after training", xLabel: "weight value", yLabel: "count")
        overlaid.histogram(datasets, bins: .width(0.1), layout: .overlaid(opacity: 0.5), highlightsZeroBin: true)
        overlaid.xLimits = -2.5...2.5
        var logarithmic = Axes(title: "Same, log count", xLabel: "weight value", yLabel: "count")
        logarithmic.yScale = .logarithmic
        logarithmic.histogram(datasets, bins: .count(24), layout: .sideBySide)
        var figure = Figure(rows: 1, columns: 2, size: (480, 230))
        figure[0, 0] = overlaid
        figure[0, 1] = logarithmic
        return figure
    }

    /// Validation loss, mean ± one standard deviation over five seeds, with and without weight decay.
    func seedBands() throws -> Figure {
        var axes = Axes(title: "Validation loss over 5 seeds (mean ± std)", xLabel: "epoch", yLabel: "validation loss")
        for (index, regularizer) in [MoonsExperiment.Regularizer.none, .weightDecay(1)].enumerated() {
            let runs = try (1...5).map { try experiment.run(regularizer: regularizer, epochs: 300, seed: UInt64($0)).history.validationLoss }
            let epochs = runs[0].indices.map { Double($0 + 1) }
            let mean = epochs.indices.map { i in runs.map { $0[i] }.reduce(0, +) / Double(runs.count) }
            let std = epochs.indices.map { i in
                (runs.map { ($0[i] - mean[i]) * ($0[i] - mean[i]) }.reduce(0, +) / Double(runs.count - 1)).squareRoot()
            }
            let color = Palette.color(at: index)
            axes.band(epochs, lower: zip(mean, std).map { $0 - $1 }, upper: zip(mean, std).map { $0 + $1 }, color: color)
            axes.plot(epochs, mean, label: regularizer == .none ? "no regularisation" : "weight decay λ = 1", color: color)
        }
        return Figure(axes)
    }

    /// Final losses against the weight-decay strength λ on a logarithmic x axis.
    func lambdaSweep() throws -> Figure {
        let lambdas = [1e-4, 1e-3, 1e-2, 3e-2, 0.1, 0.3, 1, 3]
        var training = [Double]()
        var validation = [Double]()
        for lambda in lambdas {
            let history = try experiment.run(regularizer: .weightDecay(lambda), epochs: 300).history
            training.append(history.trainingLoss.last!)
            validation.append(history.validationLoss.last!)
        }
        var axes = Axes(title: "Sweep of the weight decay λ (AdamW, 300 epochs)", xLabel: "λ", yLabel: "final loss L")
        axes.xScale = .logarithmic
        axes.plot(lambdas, training, label: "training", marker: .circle)
        axes.plot(lambdas, validation, label: "validation", dash: .dashed, marker: .square)
        let best = validation.indices.min { validation[$0] < validation[$1] }!
        axes.text("best λ", x: lambdas[best], y: validation[best], anchor: .top, color: .ink)
        return Figure(axes)
    }

    /// Final accuracies of four regularisers, mean ± std over five seeds.
    func ablationBars() throws -> Figure {
        let regularizers: [MoonsExperiment.Regularizer] = [.none, .weightDecay(1), .dropout(0.3), .l1(0.1)]
        var trainingMeans = [Double](), trainingErrors = [Double]()
        var validationMeans = [Double](), validationErrors = [Double]()
        for regularizer in regularizers {
            let histories = try (1...5).map { try experiment.run(regularizer: regularizer, epochs: 300, seed: UInt64($0)).history }
            func meanAndStd(_ values: [Double]) -> (Double, Double) {
                let mean = values.reduce(0, +) / Double(values.count)
                let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
                return (mean, variance.squareRoot())
            }
            let (tm, ts) = meanAndStd(histories.map { $0.trainingAccuracy.last! * 100 })
            let (vm, vs) = meanAndStd(histories.map { $0.validationAccuracy.last! * 100 })
            trainingMeans.append(tm); trainingErrors.append(ts)
            validationMeans.append(vm); validationErrors.append(vs)
        }
        var axes = Axes(title: "Ablation: final accuracy (mean ± std, 5 seeds)", yLabel: "accuracy (%)")
        axes.bars(categories: regularizers.map(\.name), groups: [
            BarGroup(values: trainingMeans, errors: trainingErrors, label: "training"),
            BarGroup(values: validationMeans, errors: validationErrors, label: "validation"),
        ])
        axes.yLimits = 0...122
        axes.yTicks = stride(from: 0.0, through: 100, by: 20).map { Tick($0) }
        return Figure(axes)
    }

    /// Validation accuracy over a grid of hidden width × weight decay, with values in the cells.
    func heatmap() throws -> Figure {
        let widths = [4, 8, 16, 32, 64]
        let lambdas = [0.0, 0.01, 0.1, 0.3, 1.0]
        var values = [[Double]]()
        for width in widths {
            var row = [Double]()
            for lambda in lambdas {
                let history = try experiment.run(regularizer: .weightDecay(lambda), epochs: 200, hidden: width).history
                row.append(history.validationAccuracy.last! * 100)
            }
            values.append(row)
        }
        var axes = Axes(title: "Validation accuracy (%)", xLabel: "weight decay λ", yLabel: "hidden width")
        axes.heatmap(Heatmap(values: values, x: 0...5, y: 0...5, colorMap: .viridis, rowZeroAtTop: false, valueDecimals: 1))
        let lambdaLabels = ["0", "0.01", "0.1", "0.3", "1"]
        axes.xTicks = lambdaLabels.enumerated().map { Tick(Double($0.offset) + 0.5, label: $0.element) }
        axes.yTicks = widths.enumerated().map { Tick(Double($0.offset) + 0.5, label: "\($0.element)") }
        axes.colorBarLabel = "accuracy (%)"
        return Figure(axes, size: (380, 300))
    }

    /// Formulas as labels: Unicode (λ, θ, Σ, L₂, x²) and Pango markup (italic, sub/superscripts).
    func unicodeLabels() -> Figure {
        let p = stride(from: 0.0, through: 0.9, by: 0.01).map { $0 }
        var axes = Axes(title: "Inverted dropout keeps E[<i>h</i>] fixed", xLabel: "drop probability <i>p</i>", yLabel: "scale")
        axes.plot(p, p.map { 1 / (1 - $0) }, label: "1/(1−<i>p</i>): survivors' scale")
        axes.plot(p, p.map { 1 - $0 }, label: "1 − <i>p</i>: keep probability", dash: .dashDot)
        axes.plot(p, p.map { $0 * $0 * 10 }, label: "λ‖θ‖₂² with λ = 10, θ = <i>p</i>", dash: .dotted)
        axes.horizontalLine(at: 1, label: "no dropout: scale 1")
        axes.text("Σ<sub><i>i</i></sub> <i>w</i><sub><i>i</i></sub><i>x</i><sub><i>i</i></sub> / (1−<i>p</i>)", x: 0.55, y: 6, anchor: .left)
        axes.arrow(from: (0.5, 3.5), to: (0.8, 1 / (1 - 0.8)), text: "<i>p</i> = 0.8: ×5")
        axes.yLimits = 0...10
        axes.xLimits = 0...0.9
        return Figure(axes)
    }
}

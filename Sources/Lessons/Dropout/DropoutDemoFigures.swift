import NeuralKit
import NotebookDocument
import Plots

/// The frames of the dropout lesson's interactive figures (`:::{explorer}`), drawn from the run.
extension DropoutFigures {
    /// One frame per dropout rate: every run's validation curve (thin), their mean (thick), the
    /// mean accuracy on the training batches as the optimiser saw them (dashed; dropout on,
    /// noisy labels) and, for comparison, the mean validation curve without dropout (grey).
    /// Every frame has the same axes, so the slider changes only the data.
    static func rateExplorer(_ result: DropoutRateAblation.Result) -> ExplorerFrames {
        let baseline = result.baseline.meanValidationCurve
        let frames = result.rates.enumerated().map { index, rate -> ExplorerFrames.Frame in
            var axes = Axes(title: "<i>p</i> = \(formatNumber(rate.probability))", xLabel: "epoch", yLabel: "accuracy")
            let color = Palette.color(at: index)
            for (number, run) in rate.runs.enumerated() {
                let curve = run.history.validationAccuracy
                axes.plot(
                    (1...curve.count).map(Double.init), curve, label: number == 0 ? "validation, each run" : nil,
                    color: Color.mix(color, .white, 0.55), lineWidth: 0.8)
            }
            let mean = rate.meanValidationCurve
            let epochs = (1...mean.count).map(Double.init)
            if rate.probability != 0 {
                axes.plot(epochs, baseline, label: "validation, <i>p</i> = 0 (mean)", color: .grey, dash: .dotted)
            }
            axes.plot(epochs, mean, label: "validation (mean)", color: color, lineWidth: 2.2)
            let training = meanCurve(rate.runs.map(\.history.trainAccuracy))
            if !training.isEmpty {
                axes.plot(
                    (1...training.count).map(Double.init), training, label: "training batches (mean)", color: color,
                    dash: .dashed)
            }
            axes.yLimits = 0...1.05
            axes.legend = .lowerRight
            return ExplorerFrames.Frame(value: "p = \(formatNumber(rate.probability))", figure: Figure(axes, size: (480, 270)))
        }
        let focus = result.rates.firstIndex { $0.probability == result.configuration.focusRate } ?? 0
        return ExplorerFrames(parameter: "dropout rate p", frames: frames, defaultFrame: focus)
    }

    private static func meanCurve(_ curves: [[Double]]) -> [Double] {
        let length = curves.map(\.count).min() ?? 0
        return (0..<length).map { epoch in curves.map { $0[epoch] }.reduce(0, +) / Double(curves.count) }
    }

    /// One frame per training-mode pass of the mask demo and one for evaluation mode: the first
    /// units of each hidden layer, kept (filled) or dropped by that pass's mask (hollow, grey, no
    /// connections), and the class the network predicted.
    static func maskExplorer(_ result: MaskDemo.Result) -> ExplorerFrames {
        var frames = result.training.enumerated().map { index, pass in
            ExplorerFrames.Frame(
                value: "pass \(index + 1) of \(result.training.count)", group: "training mode",
                figure: maskDiagram(result, pass: pass, title: "training mode, pass \(index + 1)"))
        }
        frames.append(
            ExplorerFrames.Frame(
                value: "every unit", group: "inference mode",
                figure: maskDiagram(result, pass: result.inference, title: "inference mode (eval())")))
        return ExplorerFrames(parameter: "forward pass", frames: frames)
    }

    static func maskDiagram(_ result: MaskDemo.Result, pass: MaskDemo.Pass, title: String) -> Figure {
        let inputShown = 6
        let classes = pass.probabilities.count
        let predicted = pass.predicted
        let confidence = Int((pass.probabilities[predicted] * 100).rounded())
        var axes = Axes(title: "\(title): predicts \(predicted) (\(confidence) %)")
        // Each column's units, top to bottom, with whether they take part in this pass.
        var columns: [[Bool]] = [Array(repeating: true, count: inputShown)]
        columns += pass.kept
        columns.append(Array(repeating: true, count: classes))
        func y(_ unit: Int, of count: Int) -> Double { 1 - (Double(unit) + 0.5) / Double(count) }
        for column in 0..<(columns.count - 1) {
            for (from, fromKept) in columns[column].enumerated() where fromKept {
                for (to, toKept) in columns[column + 1].enumerated() where toKept {
                    axes.plot(
                        [Double(column), Double(column + 1)],
                        [y(from, of: columns[column].count), y(to, of: columns[column + 1].count)],
                        color: Color(hex: 0xB8C4D0), lineWidth: 0.35)
                }
            }
        }
        var kept: (x: [Double], y: [Double]) = ([], [])
        var dropped: (x: [Double], y: [Double]) = ([], [])
        for (column, units) in columns.enumerated() where column < columns.count - 1 {
            for (unit, isKept) in units.enumerated() {
                if isKept {
                    kept.x.append(Double(column)); kept.y.append(y(unit, of: units.count))
                } else {
                    dropped.x.append(Double(column)); dropped.y.append(y(unit, of: units.count))
                }
            }
        }
        let output = Double(columns.count - 1)
        if !kept.x.isEmpty { axes.scatter(kept.x, kept.y, label: "unit kept", color: Palette.blue, markerSize: 7) }
        if !dropped.x.isEmpty {
            axes.scatter(dropped.x, dropped.y, label: "unit dropped", color: .grey, markerSize: 7, filled: false)
        }
        let others = (0..<classes).filter { $0 != predicted }
        axes.scatter(
            others.map { _ in output }, others.map { y($0, of: classes) }, label: "class", color: .ink, markerSize: 6,
            filled: false)
        axes.scatter([output], [y(predicted, of: classes)], label: "predicted class", color: Palette.vermillion, markerSize: 8)
        for digit in 0..<classes {
            axes.text("\(digit)", x: output + 0.12, y: y(digit, of: classes), anchor: .left)
        }
        let hidden = result.sizes.dropFirst().dropLast()
        var ticks = [Tick(0, label: "input (\(inputShown) of \(result.sizes.first ?? 0))")]
        for (index, width) in hidden.enumerated() {
            ticks.append(Tick(Double(index + 1), label: "hidden \(index + 1) (\(result.unitsShown) of \(width))"))
        }
        ticks.append(Tick(output, label: "output"))
        axes.xTicks = ticks
        axes.yTicks = []
        axes.grid = false
        axes.xLimits = -0.3...(output + 0.35)
        axes.yLimits = -0.02...1.02
        axes.legend = .below
        return Figure(axes, size: (480, 300))
    }
}

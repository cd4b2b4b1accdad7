import NeuralKit
import Plots

/// The figures of the BatchNorm lesson, drawn from the experiments' results (never from constants).
enum BatchNormFigures {
    static func momentumLabel(_ momentum: Double?) -> String {
        momentum.map { "momentum \($0)" } ?? "cumulative (nil)"
    }

    /// The running mean of one feature over a stream of batches, for several momenta.
    static func momentum(_ result: BatchNormMechanics.Result) -> Figure {
        var axes = Axes(xLabel: "training batches seen", yLabel: "running mean of feature 1")
        let target = result.configuration.featureMeans[0]
        axes.horizontalLine(at: target, label: "true mean \(target)", color: .grey)
        for (index, trace) in result.traces.enumerated() {
            let steps = (1...trace.runningMean.count).map(Double.init)
            axes.plot(steps, trace.runningMean, label: momentumLabel(trace.momentum), color: Palette.color(at: index))
        }
        axes.yLimits = 0...(target * 1.6)
        axes.legend = .lowerRight
        return Figure(axes, size: (480, 230))
    }

    /// An ordering's name short enough for a bar label: R = ReLU, D = dropout.
    static func shortName(_ ordering: NormalizedNetwork.Ordering) -> String {
        if ordering.steps == [.relu] { return "neither" }
        let symbols = ordering.steps.map { step -> String in
            switch step {
            case .batchNorm: "BN"
            case .layerNorm: "LN"
            case .relu: "R"
            case .dropout: "D"
            }
        }
        return symbols.joined(separator: "→")
    }

    /// Validation accuracy and train–validation gap per ordering, mean ± std over seeds.
    static func orderings(_ result: OrderingComparison.Result) -> Figure {
        var axes = Axes(yLabel: "accuracy / gap")
        let orderings = result.orderings
        axes.bars(
            categories: orderings.map { shortName($0.ordering) },
            groups: [
                BarGroup(
                    values: orderings.map(\.validationAccuracy.mean),
                    errors: orderings.map(\.validationAccuracy.standardDeviation),
                    label: "validation accuracy", color: Palette.blue),
                BarGroup(
                    values: orderings.map(\.gap.mean), errors: orderings.map(\.gap.standardDeviation),
                    label: "train − validation gap", color: Palette.vermillion),
            ])
        let lowest = min(0, orderings.map { $0.gap.mean - $0.gap.standardDeviation }.min()!)
        axes.yLimits = (lowest - 0.05)...1.25
        axes.legend = .upperRight
        return Figure(axes, size: (500, 250))
    }

    /// Left: the variance shift per layer against p. Right: the accuracy re-estimating the running
    /// statistics recovers, per ordering and p.
    static func varianceShift(_ result: VarianceShift.Result) -> Figure {
        var figure = Figure(rows: 1, columns: 2, size: (500, 240))
        var shift = Axes(xLabel: "dropout probability <i>p</i>", yLabel: "expected / received variance")
        let fine = stride(from: 0.05, through: 0.75, by: 0.01).map { $0 }
        shift.plot(fine, fine.map { 1 / (1 - $0) }, label: "1/(1−<i>p</i>)", color: .grey, dash: .dotted)
        shift.horizontalLine(at: 1, color: .grey)
        var colorIndex = 0
        for ordering in result.configuration.orderings {
            let points = result.sweep.filter { $0.setting.ordering == ordering }
            let p = points.map(\.setting.dropout)
            for layer in 0..<points[0].layerCount {
                let values = points.map { $0.shift(layer: layer).mean }
                shift.plot(
                    p, values, label: "\(ordering.name), BN \(layer + 1)", color: Palette.color(at: colorIndex),
                    dash: layer == 0 ? .solid : .dashed, marker: layer == 0 ? .circle : .square)
            }
            colorIndex += 1
        }
        shift.yScale = .logarithmic
        shift.legend = .upperLeft
        figure[0, 0] = shift

        var gain = Axes(xLabel: "dropout probability <i>p</i>", yLabel: "accuracy gain of re-estimation")
        let probabilities = result.configuration.probabilities
        gain.bars(
            categories: probabilities.map { "\($0)" },
            groups: result.configuration.orderings.enumerated().map { index, ordering in
                let points = probabilities.map { result.summary(ordering, dropout: $0)!.recalibrationGain }
                return BarGroup(
                    values: points.map(\.mean), errors: points.map(\.standardDeviation),
                    label: ordering.name, color: Palette.color(at: index))
            })
        gain.legend = .upperLeft
        figure[0, 1] = gain
        return figure
    }

    /// Validation accuracy against the SGD learning rate, with and without BatchNorm.
    static func learningRates(_ result: LearningRateSweep.Result) -> Figure {
        var axes = Axes(xLabel: "learning rate η (SGD)", yLabel: "validation accuracy")
        axes.xScale = .logarithmic
        for (index, ordering) in result.configuration.orderings.enumerated() {
            let points = result.points(for: ordering)
            let x = points.map(\.learningRate)
            let mean = points.map(\.validationAccuracy.mean)
            let spread = points.map(\.validationAccuracy.standardDeviation)
            let color = Palette.color(at: index)
            axes.band(x, lower: zip(mean, spread).map { $0 - $1 }, upper: zip(mean, spread).map { $0 + $1 }, color: color, opacity: 0.15)
            axes.plot(
                x, mean, label: ordering.usesBatchNorm ? "with BatchNorm" : "without", color: color,
                marker: index == 0 ? .circle : .square)
        }
        axes.yLimits = 0...1.05
        axes.legend = .lowerLeft
        return Figure(axes, size: (480, 230))
    }

    /// Validation accuracy against the batch size for BatchNorm and LayerNorm.
    static func layerNorm(_ result: LayerNormBatchSizes.Result) -> Figure {
        var axes = Axes(xLabel: "batch size", yLabel: "validation accuracy")
        axes.xScale = .logarithmic
        for (index, ordering) in result.configuration.orderings.enumerated() {
            let points = result.points.filter { $0.ordering == ordering && $0.validationAccuracy != nil }
            let x = points.map { Double($0.batchSize) }
            let mean = points.map { $0.validationAccuracy!.mean }
            let spread = points.map { $0.validationAccuracy!.standardDeviation }
            let color = Palette.color(at: index)
            axes.band(x, lower: zip(mean, spread).map { $0 - $1 }, upper: zip(mean, spread).map { $0 + $1 }, color: color, opacity: 0.15)
            axes.plot(x, mean, label: ordering.usesBatchNorm ? "BatchNorm" : "LayerNorm", color: color, marker: .circle)
        }
        axes.yLimits = 0...1.05
        axes.legend = .lowerLeft
        return Figure(axes, size: (480, 230))
    }

    /// Accuracy of trained BatchNorm networks evaluated in training mode, per batch size.
    static func evalTrap(_ result: BatchNormEvalTrap.Result) -> Figure {
        var axes = Axes(xLabel: "evaluation batch size (training mode)", yLabel: "validation accuracy")
        axes.xScale = .logarithmic
        let x = result.batchSizes.map(Double.init)
        let mean = result.batchSizes.indices.map { result.trainingModeAccuracy(at: $0).mean }
        let spread = result.batchSizes.indices.map { result.trainingModeAccuracy(at: $0).standardDeviation }
        axes.horizontalLine(at: result.evaluationAccuracy.mean, label: "eval() mode", color: Palette.blue)
        axes.band(x, lower: zip(mean, spread).map { $0 - $1 }, upper: zip(mean, spread).map { $0 + $1 }, color: Palette.vermillion, opacity: 0.15)
        axes.plot(x, mean, label: "forgot eval()", color: Palette.vermillion, marker: .circle)
        axes.yLimits = 0...1.05
        axes.legend = .lowerRight
        return Figure(axes, size: (480, 230))
    }
}

import Foundation
import NeuralKit
import Plots

/// The figures of the CNN lesson, drawn from the experiments' results.
enum CNNFigures {
    /// One greyscale image panel (row 0 at the top), no ticks.
    static func imagePanel(_ pixels: [Double], side: Int, title: String? = nil, range: ClosedRange<Double>? = nil, colorMap: ColorMap = .greys) -> Axes {
        var axes = Axes(title: title)
        let rows = (0..<side).map { r in Array(pixels[r * side..<(r + 1) * side]) }
        axes.heatmap(Heatmap(values: rows, colorMap: colorMap, valueRange: range))
        axes.xTicks = []
        axes.yTicks = []
        axes.grid = false
        axes.showsColorBar = false
        axes.legend = .hidden
        return axes
    }

    /// The first conv layer's 3×3 kernels (first seed), on one symmetric colour scale.
    static func filters(_ a: CNNArchitectures.Result) -> Figure {
        let count = a.firstLayerFilters.count
        var figure = Figure(rows: 2, columns: (count + 1) / 2, size: (480, 150))
        let largest = a.firstLayerFilters.flatMap { $0 }.map(abs).max() ?? 1
        for (index, kernel) in a.firstLayerFilters.enumerated() {
            figure[index / ((count + 1) / 2), index % ((count + 1) / 2)] = imagePanel(
                kernel, side: 3, title: "\(index + 1)", range: -largest...largest, colorMap: .viridis)
        }
        figure.panelLetters = false
        return figure
    }

    /// A digit, its first eight first-layer feature maps after ReLU (top), and the same maps after
    /// one Dropout2d draw at the largest rate (bottom): whole maps are zero, the kept ones scaled.
    static func droppedMaps(_ d: ChannelDropout.Result) -> Figure {
        let count = min(8, d.featureMaps.count)
        var figure = Figure(rows: 2, columns: count + 1, size: (480, 135))
        let largest = Double(d.droppedMaps.flatMap { $0 }.max() ?? 1)
        let scale = 1 / (1 - d.highest.rate)
        figure[0, 0] = imagePanel(d.sampleImage.map(Double.init), side: 8, title: "input")
        figure[1, 0] = imagePanel([Double](repeating: 0, count: 64), side: 8, title: "", range: 0...1)
        for channel in 0..<count {
            figure[0, channel + 1] = imagePanel(
                d.featureMaps[channel].map(Double.init), side: 8, title: "\(channel + 1)", range: 0...largest)
            let dropped = d.droppedChannels.contains(channel)
            figure[1, channel + 1] = imagePanel(
                d.droppedMaps[channel].map(Double.init), side: 8,
                title: dropped ? "0" : "×\(String(format: "%.3g", scale))", range: 0...largest)
        }
        figure.panelLetters = false
        return figure
    }

    /// Held-out accuracy after every epoch, mean over runs, for the three normalisation placements.
    static func batchNormCurves(_ result: BatchNorm2dPlacement.Result) -> Figure {
        var axes = Axes(xLabel: "epoch", yLabel: "held-out accuracy")
        let arms = [("no BatchNorm", result.none), ("conv → BN → ReLU", result.beforeActivation), ("conv → ReLU → BN", result.afterActivation)]
        for (index, (name, runs)) in arms.enumerated() {
            let length = runs.map(\.validationCurve.count).min() ?? 0
            let mean = (0..<length).map { epoch in runs.map { $0.validationCurve[epoch] }.reduce(0, +) / Double(runs.count) }
            axes.plot((0..<length).map { Double($0 + 1) }, mean, label: name, color: Palette.color(at: index))
        }
        axes.legend = .lowerRight
        return Figure(axes, size: (480, 240))
    }

    /// Five digits (columns) under each augmentation (rows), drawn with one fixed generator; the
    /// last row is the unsafe horizontal flip. Returns the figure and the CutMix label weights.
    static func augmentationGrid(_ result: AugmentationSweep.Result) throws -> (figure: Figure, cutMixWeights: String) {
        let settings = result.settings
        let data = try CNNSetup.data(trainCount: settings.training.trainCount, validationCount: 50, seed: result.seeds[0])
        let picks = [0, 1, 2, 3, 4]
        let batch = data.train.subset(picks)
        var generator = RandomGenerator(seed: result.seeds[0]).derived("augmentation-figure")
        let rows: [(String, Dataset)] = [
            ("original", batch),
            ("shift", try RandomShift(maximum: settings.shiftPixels).augment(batch, using: &generator)),
            ("+ rotate", AugmentationSequence([
                try RandomShift(maximum: settings.shiftPixels), try RandomRotation(maximumDegrees: settings.rotationDegrees),
            ]).augment(batch, using: &generator)),
            ("noise", try GaussianInputNoise(standardDeviation: Float(settings.figureNoise)).augment(batch, using: &generator)),
            ("cutout", try Cutout(size: settings.figureCutout).augment(batch, using: &generator)),
            ("CutMix", try CutMix(alpha: settings.figureCutMixAlpha).augment(batch, using: &generator)),
            ("flip ✗", try HorizontalFlip(probability: 1).augment(batch, using: &generator)),
        ]
        var figure = Figure(rows: rows.count, columns: picks.count, size: (330, 470))
        for (r, (name, set)) in rows.enumerated() {
            for c in 0..<picks.count {
                let pixels = (0..<64).map { Double(set.features[c, $0]) }
                var panel = imagePanel(pixels, side: 8, title: r == 0 ? "\(batch.labels[c])" : nil, range: 0...1)
                if c == 0 { panel.yLabel = name }
                figure[r, c] = panel
            }
        }
        figure.panelLetters = false
        // The CutMix row's label weights, "0.61 · 3 + 0.39 · 0" per image.
        let cutMix = rows.first { $0.0 == "CutMix" }!.1
        let weights = (0..<picks.count).map { c -> String in
            let targets = cutMix.targets!
            let classes = (0..<10).filter { targets[c, $0] > 0.001 }.sorted { targets[c, $0] > targets[c, $1] }
            return classes.map { "\(String(format: "%.2f", Double(targets[c, $0]))) · \($0)" }.joined(separator: " + ")
        }
        return (figure, weights.joined(separator: "; "))
    }

    /// Held-out accuracy against the number of training images, per augmentation (mean over runs,
    /// bands one standard deviation): on the held-out digits as they are (left) and shifted (right).
    static func accuracyBySize(_ result: AugmentationSweep.Result) -> Figure {
        var figure = Figure(rows: 1, columns: 2, size: (520, 250))
        for (column, shifted) in [false, true].enumerated() {
            var axes = Axes(
                title: shifted ? "shifted held-out digits" : "held-out digits", xLabel: "training images (log scale)",
                yLabel: column == 0 ? "accuracy" : nil)
            axes.xScale = .logarithmic
            let sizes = result.sizes.map(Double.init)
            for (index, augmentation) in AugmentationSweep.Augmentation.allCases.enumerated() {
                let summaries = result.sizes.map { result.accuracy(augmentation, size: $0, shifted: shifted) }
                axes.plot(
                    sizes, summaries.map(\.mean), label: augmentation.title, color: Palette.color(at: index),
                    marker: [.circle, .square, .triangle][index])
                axes.band(
                    sizes, lower: summaries.map { $0.mean - $0.standardDeviation },
                    upper: summaries.map { $0.mean + $0.standardDeviation }, color: Palette.color(at: index))
            }
            axes.xTicks = result.sizes.map { Tick(Double($0), label: "\($0)") }
            axes.legend = column == 0 ? .lowerRight : .hidden
            figure[0, column] = axes
        }
        return figure
    }
}

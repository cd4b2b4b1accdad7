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
    static func filters(_ a: CNNExperiments.Architectures) -> Figure {
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
    /// one Dropout2d(0.5) draw (bottom): whole maps are zero, the kept ones doubled.
    static func droppedMaps(_ a: CNNExperiments.Architectures) -> Figure {
        let count = min(8, a.sampleFeatureMaps.count)
        var figure = Figure(rows: 2, columns: count + 1, size: (480, 135))
        let largest = Double(a.droppedFeatureMaps.flatMap { $0 }.max() ?? 1)
        figure[0, 0] = imagePanel(a.sampleImage.map(Double.init), side: 8, title: "input")
        figure[1, 0] = imagePanel([Double](repeating: 0, count: 64), side: 8, title: "", range: 0...1)
        for channel in 0..<count {
            figure[0, channel + 1] = imagePanel(
                a.sampleFeatureMaps[channel].map(Double.init), side: 8, title: "\(channel + 1)", range: 0...largest)
            let dropped = a.droppedChannels.contains(channel)
            figure[1, channel + 1] = imagePanel(
                a.droppedFeatureMaps[channel].map(Double.init), side: 8, title: dropped ? "0" : "×2", range: 0...largest)
        }
        figure.panelLetters = false
        return figure
    }

    /// Five digits (columns) under each augmentation (rows), drawn with one fixed generator; the
    /// last row is the unsafe horizontal flip. Returns the figure and the CutMix label weights.
    static func augmentationGrid(_ results: CNNLesson.Results) throws -> (figure: Figure, cutMixWeights: String) {
        let settings = results.settings
        let data = try CNNSetup.split(trainCount: 300, validationCount: 10, seed: settings.seed)
        let picks = [0, 1, 2, 3, 4]
        let batch = data.train.subset(picks)
        var generator = RandomGenerator(seed: settings.seed).derived("augmentation-figure")
        let rows: [(String, Dataset)] = [
            ("original", batch),
            ("shift", try RandomShift(maximum: settings.shiftPixels).augment(batch, using: &generator)),
            ("+ rotate", AugmentationSequence([
                try RandomShift(maximum: settings.shiftPixels), try RandomRotation(maximumDegrees: settings.rotationDegrees),
            ]).augment(batch, using: &generator)),
            ("noise", try GaussianInputNoise(standardDeviation: 0.1).augment(batch, using: &generator)),
            ("cutout", try Cutout(size: 3).augment(batch, using: &generator)),
            ("CutMix", try CutMix(alpha: settings.cutMixAlpha).augment(batch, using: &generator)),
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

    /// Held-out accuracy against the number of training images, per augmentation (mean over seeds,
    /// bands one standard deviation).
    static func accuracyBySize(_ sweep: CNNExperiments.AugmentationSweep) -> Figure {
        var axes = Axes(xLabel: "training images (log scale)", yLabel: "held-out accuracy")
        axes.xScale = .logarithmic
        let sizes = sweep.sizes.map(Double.init)
        for (index, augmentation) in CNNExperiments.Augmentation.allCases.enumerated() {
            let summaries = sweep.sizes.map { sweep.variants[$0]![augmentation]!.validationAccuracy }
            axes.plot(
                sizes, summaries.map(\.mean), label: augmentation.title, color: Palette.color(at: index),
                marker: [.circle, .square, .triangle][index])
            axes.band(
                sizes, lower: summaries.map { $0.mean - $0.standardDeviation }, upper: summaries.map { $0.mean + $0.standardDeviation },
                color: Palette.color(at: index))
        }
        axes.xTicks = sweep.sizes.map { Tick(Double($0), label: "\($0)") }
        axes.legend = .lowerRight
        return Figure(axes, size: (480, 260))
    }
}

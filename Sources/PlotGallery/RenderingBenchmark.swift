import Foundation
import NeuralKit
import Plots

/// Times rendering to PNG (in memory, best of several runs):
/// a 200×200 decision-boundary field with 1,000 points and a contour (goal: well under 0.2 s),
/// and a 10,000-point line plot (goal: under 50 ms).
struct RenderingBenchmark {
    func run() throws {
        var generator = RandomGenerator(seed: 42)
        let field = Field(columns: 200, rows: 200, x: -2...2, y: -2...2) { x, y in
            1 / (1 + exp(-(3 * sin(2 * x) + 2 * y * y - 1.5)))
        }
        var boundary = Axes(title: "200×200 field, 1,000 points", xLabel: "x₁", yLabel: "x₂")
        boundary.contour(ContourPlot(
            field: field, fillLevels: stride(from: 0.0, through: 1.0, by: 0.1).map { $0 }, colorMap: .classProbability,
            lineLevels: [ContourLine(level: 0.5, label: "<i>p</i> = 0.5")]))
        let xs = (0..<1000).map { _ in generator.uniform(in: -2.0..<2.0) }
        let ys = (0..<1000).map { _ in generator.uniform(in: -2.0..<2.0) }
        boundary.scatter(Array(xs[..<500]), Array(ys[..<500]), label: "train", color: Palette.vermillion)
        boundary.scatter(Array(xs[500...]), Array(ys[500...]), label: "validation", color: Palette.blue, marker: .triangle, filled: false)
        boundary.legend = .outsideRight

        let steps = (0..<10_000).map(Double.init)
        var noise = generator.derived("line")
        var line = Axes(title: "10,000 points", xLabel: "step", yLabel: "loss")
        line.plot(steps, steps.map { 2 * exp(-$0 / 2000) + 0.05 * noise.normal(Double.self) + 0.1 }, label: "minibatch loss")

        for (name, figure) in [("decision boundary 200×200 + 1,000 points + contour", Figure(boundary)), ("line, 10,000 points", Figure(line))] {
            var times = [Double]()
            var bytes = 0
            for _ in 0..<7 {
                let start = DispatchTime.now().uptimeNanoseconds
                bytes = try figure.data(format: .png, scale: 2).count
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            times.sort()
            print("\(name): PNG (scale 2, \(bytes / 1024) KB) best \(String(format: "%.1f", times[0])) ms, median \(String(format: "%.1f", times[3])) ms")
        }
    }
}

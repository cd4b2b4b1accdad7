import Foundation
import NeuralKit
import Plots

/// Times rendering to PNG in memory (best of several runs, wall clock and this process's CPU
/// time, since the machine may be shared): a 200×200 decision-boundary field with 1,000 points
/// and a contour (goal: well under 0.2 s), and a 10,000-point line plot (goal: under 50 ms).
/// Rendering alone (`raster`) is timed beside rendering plus PNG encoding.
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

        let cases = [("decision boundary 200×200 + 1,000 points + contour", Figure(boundary)), ("line plot, 10,000 points", Figure(line))]
        for (index, (name, figure)) in cases.enumerated() {
            let preview = FileManager.default.temporaryDirectory.appendingPathComponent("plot-benchmark-\(index + 1).png")
            try figure.write(to: preview)
            print("\(name): drawn to \(preview.path)")
            for scale in [1.0, 2.0] {
                let png = try measure { _ = try figure.data(format: .png, scale: scale) }
                let render = try measure { _ = try figure.raster(scale: scale) }
                print("\(name), scale \(Int(scale)): PNG \(png), of which rendering \(render)")
            }
        }
    }

    /// Best wall-clock and CPU milliseconds over seven runs.
    private func measure(_ body: () throws -> Void) throws -> String {
        var wall = [Double]()
        var cpu = [Double]()
        for _ in 0..<7 {
            let startWall = DispatchTime.now().uptimeNanoseconds
            let startCPU = clock()
            try body()
            cpu.append(Double(clock() - startCPU) / Double(CLOCKS_PER_SEC) * 1000)
            wall.append(Double(DispatchTime.now().uptimeNanoseconds - startWall) / 1e6)
        }
        return String(format: "%.1f ms wall / %.1f ms CPU", wall.min()!, cpu.min()!)
    }
}

import ArgumentParser
import Foundation
import NeuralKit
import Plots

/// `swift run plot-gallery`: draws one figure of every chart kind into output/gallery/ as PNG,
/// PDF and SVG. `--benchmark` times the rendering of a large decision boundary and a long line.
struct PlotGallery: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot-gallery", abstract: "Draw the Plots gallery (PNG, PDF, SVG) or time rendering.")

    @Option(help: "Folder for the gallery files.")
    var output = "output/gallery"

    @Flag(help: "Time rendering instead of drawing the gallery.")
    var benchmark = false

    func run() throws {
        BLAS.setThreadCount(1)
        if benchmark {
            try RenderingBenchmark().run()
            return
        }
        let folder = URL(fileURLWithPath: output, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let figures = try GalleryFigures(experiment: MoonsExperiment()).all()
        for (name, figure) in figures {
            for format in ImageFormat.allCases {
                let url = folder.appendingPathComponent("\(name).\(format.rawValue)")
                try figure.write(to: url, format: format, scale: 2)
            }
            print("wrote \(folder.path)/\(name).{png,pdf,svg}")
        }
    }
}

PlotGallery.main()

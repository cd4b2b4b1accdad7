import Foundation
import Testing
@testable import Plots

#if canImport(FoundationXML)
import FoundationXML
#endif

/// A figure that uses text with Unicode and markup, a heatmap (an embedded image) and lines.
func sampleFigure() -> Figure {
    var figure = Figure(rows: 1, columns: 2)
    figure[0, 0].title = "Loss with λ = 0.01"
    figure[0, 0].xLabel = "epoch"
    figure[0, 0].yLabel = "L<sub>2</sub> penalty"
    figure[0, 0].yScale = .logarithmic
    let epochs = (1...30).map(Double.init)
    figure[0, 0].plot(epochs, epochs.map { 2 / $0 }, label: "training")
    figure[0, 0].plot(epochs, epochs.map { 2.5 / $0 + 0.01 * $0 }, label: "validation θ", dash: .dashed)
    figure[0, 0].verticalLine(at: 12, label: "best epoch 12")
    figure[0, 1].heatmap(Heatmap(values: [[1, 2], [3, 4]], label: "grid"))
    figure[0, 1].colorBarLabel = "accuracy"
    return figure
}

func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("plots-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Runs a command-line tool and returns its standard output.
func runTool(_ name: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [name] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

@Suite struct OutputTests {
    @Test("the PDF has the figure's page size and its labels as real text")
    func pdfHasText() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("figure.pdf")
        try sampleFigure().write(to: url)
        let text = try runTool("pdftotext", [url.path, "-"])
        #expect(text.contains("Loss with λ = 0.01"))
        #expect(text.contains("best epoch 12"))
        #expect(text.contains("validation θ"))
        #expect(text.contains("accuracy"))
        let info = try runTool("pdfinfo", [url.path])
        #expect(info.contains("Page size:       480 x 230 pts"))
        #expect(info.contains("Pages:           1"))
    }

    @Test("SVG path data keeps two decimals: numbers rounded, trailing zeros and negative zeros dropped, the rest untouched")
    func svgPrecision() throws {
        let svg = #"<path style="stroke:none;" d="M 2.703125 -5.640625 L 10 -0.001 C 1.005 2.5e-07 3.999 Z"/><rect x="1.234567"/>"#
        #expect(
            SVGPrecision.compact(svg)
                == #"<path style="stroke:none;" d="M 2.7 -5.64 L 10 0 C 1 2.5e-07 4 Z"/><rect x="1.234567"/>"#)
        // A whole figure: smaller, and the same drawing to the eye (its PNG is not involved; the
        // SVG still parses, see below), and still the same bytes every time.
        let figure = sampleFigure()
        let compact = try figure.data(format: .svg)
        #expect(compact == (try figure.data(format: .svg)))
        let text = String(decoding: compact, as: UTF8.self)
        #expect(!text.contains(".703125"))
        #expect(text.range(of: #"d="[^"]*\.\d{3}"#, options: .regularExpression) == nil, "a path kept three decimals")
    }

    @Test("the SVG parses as XML with an svg root of the figure's size")
    func svgParses() throws {
        let data = try sampleFigure().data(format: .svg)
        final class RootFinder: NSObject, XMLParserDelegate {
            var root: String?
            var attributes: [String: String] = [:]
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String]) {
                if root == nil {
                    root = name
                    self.attributes = attributes
                }
            }
        }
        let parser = XMLParser(data: data)
        let finder = RootFinder()
        parser.delegate = finder
        #expect(parser.parse(), "SVG is not well-formed XML: \(String(describing: parser.parserError))")
        #expect(finder.root == "svg")
        #expect(finder.attributes["width"] == "480pt")
        #expect(finder.attributes["height"] == "230pt")
    }

    @Test("two renders of the same figure give identical bytes", arguments: ImageFormat.allCases)
    func byteIdentical(format: ImageFormat) throws {
        let first = try sampleFigure().data(format: format)
        let second = try sampleFigure().data(format: format)
        #expect(first.count > 1000)
        #expect(first == second)
    }

    @Test("PNG size follows the scale factor")
    func pngScale() throws {
        let data = try Figure(Axes(), size: (200, 100)).data(format: .png, scale: 3)
        // Width and height are big-endian at bytes 16...23 of the IHDR chunk.
        let bytes = [UInt8](data)
        let width = bytes[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = bytes[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 600 && height == 300)
    }

    @Test("write picks the format from the extension and leaves no temporary file behind")
    func writeByExtension() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for format in ImageFormat.allCases {
            try sampleFigure().write(to: folder.appendingPathComponent("f.\(format.rawValue.uppercased())"))
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(names == ["f.PDF", "f.PNG", "f.SVG"])
        let png = try Data(contentsOf: folder.appendingPathComponent("f.PNG"))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        let pdf = try Data(contentsOf: folder.appendingPathComponent("f.PDF"))
        #expect(pdf.starts(with: Array("%PDF".utf8)))
    }
}

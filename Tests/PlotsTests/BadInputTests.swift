import Foundation
import Testing
@testable import Plots

@Suite struct BadInputTests {
    func thrownError(of figure: Figure) -> PlotError? {
        do {
            _ = try figure.data(format: .png, scale: 1)
            return nil
        } catch let error as PlotError {
            return error
        } catch {
            return nil
        }
    }

    @Test("an empty series is an error naming the series")
    func emptySeries() throws {
        var axes = Axes()
        axes.plot([], [], label: "validation")
        let error = try #require(thrownError(of: Figure(axes)))
        guard case .emptySeries = error else { Issue.record("got \(error)"); return }
        #expect(error.description.contains("'validation'"))
    }

    @Test("x and y of different lengths is an error giving both lengths")
    func lengthMismatch() throws {
        var axes = Axes()
        axes.plot([1, 2, 3], [1, 2], label: "training")
        let error = try #require(thrownError(of: Figure(axes)))
        #expect(error.description.contains("'training'") && error.description.contains("2 values") && error.description.contains("has 3"))
    }

    @Test("non-positive values on a log axis are an error naming the index and value")
    func logAxis() throws {
        var axes = Axes()
        axes.yScale = .logarithmic
        axes.plot([1, 2, 3], [0.5, 0, 0.1], label: "loss")
        let error = try #require(thrownError(of: Figure(axes)))
        guard case .nonPositiveOnLogAxis(_, "y", 1, 0) = error else { Issue.record("got \(error)"); return }
        #expect(error.description.contains("'loss'"))
    }

    @Test("NaN points in a line become a gap and a warning, not an error")
    func nanGap() throws {
        var axes = Axes()
        axes.plot([1, 2, 3, 4], [1, .nan, 3, 4], label: "diverging")
        let figure = Figure(axes)
        let warnings = try figure.warnings()
        #expect(warnings.count == 1)
        #expect(warnings[0].contains("'diverging'") && warnings[0].contains("index 1"))
        _ = try figure.data(format: .png, scale: 1)
    }

    @Test("a series with no finite value is an error, not a blank figure")
    func allNaN() throws {
        var axes = Axes()
        axes.plot([1, 2], [.nan, .infinity], label: "broken")
        let error = try #require(thrownError(of: Figure(axes)))
        guard case .noFiniteValues = error else { Issue.record("got \(error)"); return }
    }

    @Test("NaN in a histogram is an error naming the dataset and index")
    func histogramNaN() throws {
        var axes = Axes()
        axes.histogram([HistogramData(values: [0.1, 0.2, .nan], label: "weights")])
        let error = try #require(thrownError(of: Figure(axes)))
        guard case .nonFiniteValue(_, 2, _) = error else { Issue.record("got \(error)"); return }
        #expect(error.description.contains("'weights'"))
    }

    @Test("bar values and categories of different lengths are an error")
    func barMismatch() throws {
        var axes = Axes()
        axes.bars(categories: ["a", "b"], groups: [BarGroup(values: [1], label: "L2")])
        let error = try #require(thrownError(of: Figure(axes)))
        #expect(error.description.contains("'L2'"))
    }

    @Test("invalid manual limits are an error")
    func badLimits() throws {
        var axes = Axes()
        axes.plot([1, 2], [1, 2])
        axes.yLimits = 1...1
        #expect(thrownError(of: Figure(axes)) != nil)
        axes.yLimits = 0...1
        axes.yScale = .logarithmic
        let error = try #require(thrownError(of: Figure(axes)))
        #expect(error.description.contains("logarithmic"))
    }

    @Test("an unwritable path is an error naming the file")
    func unwritablePath() throws {
        let url = URL(fileURLWithPath: "/nonexistent-folder-for-plots/figure.png")
        do {
            try Figure(Axes()).write(to: url)
            Issue.record("expected an error")
        } catch let error as PlotError {
            guard case .unwritablePath = error else { Issue.record("got \(error)"); return }
            #expect(error.description.contains("/nonexistent-folder-for-plots/figure.png"))
        }
    }

    @Test("an unknown extension is an error naming it")
    func unknownExtension() throws {
        #expect(throws: PlotError.self) { try Figure(Axes()).write(to: URL(fileURLWithPath: "/tmp/figure.jpeg")) }
    }

    @Test("a missing font is an error naming the font and the substitute")
    func missingFont() throws {
        var figure = Figure(Axes(title: "t"))
        figure.theme.fontFamily = "No Such Font Family Regularize"
        let error = try #require(thrownError(of: figure))
        guard case .missingFont(let family, _) = error else { Issue.record("got \(error)"); return }
        #expect(family == "No Such Font Family Regularize")
    }
}

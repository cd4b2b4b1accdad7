import Foundation

/// Counts of several datasets on shared bin edges.
struct BinnedHistogram: Sendable {
    /// Increasing edges; bin k is [edges[k], edges[k+1]) and the last bin includes its right edge.
    var edges: [Double]
    /// `counts[dataset][bin]`.
    var counts: [[Double]]
    /// Index of the bin that contains 0, if any.
    var zeroBin: Int?
}

enum HistogramBinning {
    /// Edges for `bins` over all values (which are finite).
    static func edges(_ bins: HistogramBins, values: [[Double]], series: String) throws -> [Double] {
        let all = values.joined()
        let low = all.min() ?? 0
        let high = all.max() ?? 1
        switch bins {
        case .count(let count):
            guard count >= 1, count <= 10_000 else {
                throw PlotError.invalidOption(series: series, option: "bins", value: "\(count)", expected: "a bin count in 1...10000")
            }
            let (a, b) = low == high ? (low - 0.5, high + 0.5) : (low, high)
            return (0...count).map { a + (b - a) * Double($0) / Double(count) }
        case .width(let width):
            guard width.isFinite, width > 0 else {
                throw PlotError.invalidOption(series: series, option: "bin width", value: "\(width)", expected: "a positive finite width")
            }
            // Bin k covers [(k − ½)·w, (k + ½)·w): zero is the centre of bin 0.
            let first = Int(floor(low / width + 0.5))
            let last = Int(floor(high / width + 0.5))
            guard last - first < 10_000 else {
                throw PlotError.invalidOption(series: series, option: "bin width", value: "\(width)", expected: "a width giving at most 10000 bins over \(low)...\(high)")
            }
            return (first...(last + 1)).map { (Double($0) - 0.5) * width }
        case .edges(let edges):
            guard edges.count >= 2, zip(edges, edges.dropFirst()).allSatisfy({ $0 < $1 }), edges.allSatisfy(\.isFinite) else {
                throw PlotError.invalidOption(series: series, option: "bin edges", value: "\(edges.prefix(6))", expected: "at least two finite, strictly increasing edges")
            }
            return edges
        }
    }

    /// Counts `values` into the bins given by `edges` (binary search, so any edges work).
    static func count(_ values: [Double], edges: [Double]) -> [Double] {
        var counts = [Double](repeating: 0, count: edges.count - 1)
        let last = edges.count - 1
        for value in values {
            guard value >= edges[0], value <= edges[last] else { continue }
            if value == edges[last] {
                counts[last - 1] += 1
                continue
            }
            var low = 0
            var high = last
            while high - low > 1 {
                let middle = (low + high) / 2
                if edges[middle] <= value { low = middle } else { high = middle }
            }
            counts[low] += 1
        }
        return counts
    }

    static func bin(_ histogram: HistogramSeries, series: String) throws -> BinnedHistogram {
        let values = histogram.datasets.map(\.values)
        let edges = try edges(histogram.bins, values: values, series: series)
        let counts = values.map { count($0, edges: edges) }
        let zeroBin = (0..<(edges.count - 1)).first { edges[$0] <= 0 && 0 < edges[$0 + 1] }
            ?? (edges.last == 0 ? edges.count - 2 : nil)
        return BinnedHistogram(edges: edges, counts: counts, zeroBin: zeroBin)
    }
}

import Foundation

/// What went wrong with a figure's data or output; each description names the series or file,
/// the bad value and what to do.
///
/// Policy for bad input (checked before anything is drawn, so a figure is never silently blank):
/// - an empty series, x and y (or lower/upper, values/errors) of different lengths, a
///   non-positive value on a logarithmic axis, invalid limits, bins or levels: thrown;
/// - NaN or ±∞ in histograms, bars and error bars, band x values: thrown (`nonFiniteValue`);
/// - NaN or ±∞ points of a line, scatter or band: left out (a gap in the line) with a warning on
///   standard error (`Figure.warnings()` lists them); NaN cells of a heatmap or field are left
///   blank with a warning; a series with no finite value at all: thrown (`noFiniteValues`);
/// - a folder that does not exist or cannot be written, an unknown extension: thrown;
/// - a font family that fontconfig replaces by another: thrown (`missingFont`).
public enum PlotError: Error, CustomStringConvertible, Sendable {
    case emptySeries(series: String)
    case lengthMismatch(series: String, what: String, expected: Int, actual: Int)
    case nonFiniteValue(series: String, index: Int, value: Double)
    case noFiniteValues(series: String)
    case nonPositiveOnLogAxis(series: String, axis: String, index: Int, value: Double)
    case invalidLimits(axis: String, lower: Double, upper: Double, reason: String)
    case invalidOption(series: String, option: String, value: String, expected: String)
    case invalidLayout(String)
    case unknownFormat(file: String, fileExtension: String)
    case unwritablePath(file: String, reason: String)
    case missingFont(family: String, substitute: String)
    case cairo(operation: String, status: String)

    public var description: String {
        switch self {
        case .emptySeries(let series):
            return "\(series) has no data points; pass at least one point or leave the series out"
        case .lengthMismatch(let series, let what, let expected, let actual):
            return "\(series): \(what) has \(actual) values but x has \(expected); give both the same length"
        case .nonFiniteValue(let series, let index, let value):
            return "\(series): value \(value) at index \(index) is not finite; remove it or replace it before plotting"
        case .noFiniteValues(let series):
            return "\(series): every value is NaN or infinite, so nothing could be drawn; check the data (did training diverge?)"
        case .nonPositiveOnLogAxis(let series, let axis, let index, let value):
            return "\(series): value \(value) at index \(index) cannot be shown on the logarithmic \(axis) axis (it needs values > 0); use a linear scale or drop non-positive values"
        case .invalidLimits(let axis, let lower, let upper, let reason):
            return "\(axis) limits \(lower)...\(upper) are invalid: \(reason)"
        case .invalidOption(let series, let option, let value, let expected):
            return "\(series): \(option) = \(value) is invalid; expected \(expected)"
        case .invalidLayout(let message):
            return "figure layout: \(message)"
        case .unknownFormat(let file, let fileExtension):
            return "cannot tell the image format of \(file) from its extension '\(fileExtension)'; use .png, .pdf or .svg or pass format:"
        case .unwritablePath(let file, let reason):
            return "cannot write \(file): \(reason)"
        case .missingFont(let family, let substitute):
            return "font '\(family)' is not installed (fontconfig substituted '\(substitute)'); install it (Debian: apt-get install fonts-dejavu-core fonts-dejavu-extra) or set theme.fontFamily"
        case .cairo(let operation, let status):
            return "Cairo failed to \(operation): \(status)"
        }
    }
}

extension PlotError: LocalizedError {
    public var errorDescription: String? { description }
}

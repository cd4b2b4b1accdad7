import Foundation

/// How a `{value}` role prints a recorded result: an optional statistic, then a style.
///
/// Written after the result's name: `` {value}`val-accuracy:mean-std percent.1` ``.
///
/// | spec | 0.9123 | sample [0.91, 0.93] |
/// |---|---|---|
/// | `percent` / `percent.2` | `91.2 %` / `91.23 %` | `92.0 ± 1.4 %` |
/// | `fixed.3` | `0.912` | `0.920 ± 0.014` |
/// | `int` | `1` (1797 → `1,797`) | — |
/// | `sci.2` | `9.12 × 10⁻¹` | — |
/// | `mean percent`, `std fixed.3`, `min`, `max`, `median`, `count`, `first`, `last` | | one statistic |
/// | (empty) | `0.9123` | `0.92 ± 0.014` |
///
/// A sample without a statistic prints as mean ± standard deviation (n − 1 in the denominator).
/// Negative numbers use the minus sign (−); the percent sign follows a no-break space.
public struct ValueFormat: Equatable, Sendable {
    /// Which number of a sample to print.
    public enum Statistic: String, Sendable, CaseIterable {
        case meanStd = "mean-std", mean, std, min, max, median, count, first, last
    }

    /// How to print a number.
    public enum Style: Equatable, Sendable {
        /// Up to four significant digits, integers without a decimal point.
        case automatic
        /// A fixed number of decimals.
        case fixed(decimals: Int)
        /// × 100, with a fixed number of decimals and " %".
        case percent(decimals: Int)
        /// Rounded to an integer, with thousands separators (1,797).
        case integer
        /// Scientific notation `m × 10ᵉ` with a fixed number of decimals in the mantissa.
        case scientific(decimals: Int)
    }

    public var statistic: Statistic?
    public var style: Style

    public init(statistic: Statistic? = nil, style: Style = .automatic) {
        self.statistic = statistic
        self.style = style
    }

    /// The spellings `parse` accepts, for error messages and the documentation.
    public static let spellings =
        "a style (`fixed.N`, `percent.N`, `int`, `sci.N`), optionally after a statistic (`mean-std`, `mean`, `std`, `min`, `max`, `median`, `count`, `first`, `last`), e.g. `mean-std percent.1`"

    /// Reads a format spec such as `percent.1`, `mean-std fixed.3` or `int`.
    public static func parse(_ spec: String) throws -> ValueFormat {
        var format = ValueFormat()
        let words = spec.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        for (index, word) in words.enumerated() {
            if index == 0, let statistic = Statistic(rawValue: word == "mean±std" ? "mean-std" : word) {
                format.statistic = statistic
                continue
            }
            guard index == words.count - 1, let style = parseStyle(word) else {
                throw ValueFormatError(spec: spec, problem: "`\(word)` is not a statistic or style")
            }
            format.style = style
        }
        return format
    }

    private static func parseStyle(_ word: String) -> Style? {
        let parts = word.split(separator: ".", maxSplits: 1).map(String.init)
        let decimals = parts.count == 2 ? Int(parts[1]) : nil
        if parts.count == 2 && (decimals == nil || decimals! < 0 || decimals! > 12) { return nil }
        switch parts[0] {
        case "fixed": return .fixed(decimals: decimals ?? 2)
        case "percent", "%": return .percent(decimals: decimals ?? 1)
        case "int", "integer": return parts.count == 1 ? .integer : nil
        case "sci", "scientific": return .scientific(decimals: decimals ?? 2)
        case "auto": return parts.count == 1 ? .automatic : nil
        default: return nil
        }
    }

    // MARK: - Formatting

    /// The text for `value`; throws when the format does not fit the kind of value.
    public func format(_ value: ResultValue) throws -> String {
        switch value {
        case .text(let text):
            guard statistic == nil, style == .automatic else {
                throw ValueFormatError(spec: "\(self)", problem: "the value is a text (\"\(text)\"), which takes no format")
            }
            return Self.typographic(text)
        case .number(let number):
            if let statistic, statistic != .first, statistic != .last {
                throw ValueFormatError(
                    spec: "\(statistic.rawValue)",
                    problem: "the value is a single number; statistics apply to samples and series")
            }
            return format(number)
        case .sample(let values):
            guard !values.isEmpty else {
                throw ValueFormatError(spec: "", problem: "the sample is empty; record at least one value")
            }
            switch statistic ?? .meanStd {
            case .meanStd:
                let mean = SampleStatistics.mean(values), spread = SampleStatistics.standardDeviation(values)
                return formatMeanAndSpread(mean, spread)
            case .mean: return format(SampleStatistics.mean(values))
            case .std: return format(SampleStatistics.standardDeviation(values))
            case .min: return format(values.min()!)
            case .max: return format(values.max()!)
            case .median: return format(SampleStatistics.median(values))
            case .count: return Self.groupedInteger(values.count)
            case .first: return format(values.first!)
            case .last: return format(values.last!)
            }
        }
    }

    /// `mean ± spread` in this style, the unit written once: `91.2 ± 0.4 %`.
    private func formatMeanAndSpread(_ mean: Double, _ spread: Double) -> String {
        switch style {
        case .percent(let decimals):
            return Self.fixed(mean * 100, decimals) + " ± " + Self.fixed(spread * 100, decimals) + "\u{00A0}%"
        case .automatic:
            return format(mean) + " ± " + Self.automatic(spread)
        default:
            return format(mean) + " ± " + format(spread)
        }
    }

    /// One number in this style.
    public func format(_ number: Double) -> String {
        guard number.isFinite else {
            return number.isNaN ? "NaN" : (number < 0 ? "−∞" : "∞")
        }
        switch style {
        case .automatic: return Self.automatic(number)
        case .fixed(let decimals): return Self.fixed(number, decimals)
        case .percent(let decimals): return Self.fixed(number * 100, decimals) + "\u{00A0}%"
        case .integer: return Self.groupedInteger(Int(number.rounded()))
        case .scientific(let decimals): return Self.scientific(number, decimals)
        }
    }

    static func fixed(_ number: Double, _ decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", number)
        // "-0.0" reads as a negative number; a rounded zero has no sign.
        if text.hasPrefix("-"), Double(text) == 0 { text.removeFirst() }
        return minusSign(groupingIntegerPart(text))
    }

    /// A recorded text that is a plain number (`-2.99997`, `10000`) is set like a formatted one:
    /// minus sign, thousands separators. Any other text is returned as it is.
    static func typographic(_ text: String) -> String {
        guard Double(text) != nil, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == ".") })
        else { return text }
        return minusSign(groupingIntegerPart(text))
    }

    /// `12345.678` → `12,345.678`; `-1500` → `-1,500`; shorter integer parts are left alone.
    static func groupingIntegerPart(_ text: String) -> String {
        let sign = text.hasPrefix("-") ? "-" : ""
        let unsigned = text.dropFirst(sign.count)
        let integerPart = unsigned.prefix { $0.isNumber }
        guard integerPart.count > 3, let integer = Int(integerPart) else { return text }
        return sign + groupedInteger(integer) + unsigned.dropFirst(integerPart.count)
    }

    /// Thousands separators for every integer of four or more digits standing alone in `text`
    /// (`100000 activations` → `100,000 activations`); digits that are part of a decimal,
    /// a version, a hyphenated shape (`1-128-128-1`), a longer word or a seed are left alone.
    public static func groupingIntegers(in text: String) -> String {
        let characters = Array(text)
        var result = ""
        var index = 0
        while index < characters.count {
            guard characters[index].isASCII, characters[index].isNumber else {
                result.append(characters[index])
                index += 1
                continue
            }
            var end = index
            while end < characters.count, characters[end].isASCII, characters[end].isNumber { end += 1 }
            let run = String(characters[index..<end])
            let before = index > 0 ? characters[index - 1] : " "
            let after = end < characters.count ? characters[end] : " "
            let joined: (Character) -> Bool = { $0.isLetter || $0 == "." || $0 == "-" || $0 == "_" || $0 == "," }
            let afterJoins = joined(after) && !(after == "," && (end + 1 >= characters.count || characters[end + 1] == " "))
                && !(after == "." && (end + 1 >= characters.count || characters[end + 1] == " "))
            let isIdentifier = result.hasSuffix("seed ")  // a seed is a name, not a quantity
            if run.count > 3, !joined(before), !afterJoins, !isIdentifier, let integer = Int(run) {
                result += groupedInteger(integer)
            } else {
                result += run
            }
            index = end
        }
        return result
    }

    static func automatic(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 {
            return groupedInteger(Int(number))
        }
        if abs(number) >= 1e-3 && abs(number) < 1e6 {
            var text = String(format: "%.4g", number)
            if text.contains("e") { text = String(format: "%.4f", number) }
            return minusSign(text)
        }
        return scientific(number, 3)
    }

    static func groupedInteger(_ integer: Int) -> String {
        let digits = String(integer.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(digit)
        }
        return (integer < 0 ? "−" : "") + grouped
    }

    static func scientific(_ number: Double, _ decimals: Int) -> String {
        let text = String(format: "%.\(decimals)e", number)
        let parts = text.split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return minusSign(text) }
        if exponent == 0 { return minusSign(String(parts[0])) }
        return minusSign(String(parts[0])) + " × 10" + superscript(exponent)
    }

    private static func superscript(_ integer: Int) -> String {
        let digits: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return String(String(integer).map { digits[$0] ?? $0 })
    }

    private static func minusSign(_ text: String) -> String {
        text.hasPrefix("-") ? "−" + text.dropFirst() : text
    }
}

extension ValueFormat: CustomStringConvertible {
    public var description: String {
        let styleText: String
        switch style {
        case .automatic: styleText = "auto"
        case .fixed(let decimals): styleText = "fixed.\(decimals)"
        case .percent(let decimals): styleText = "percent.\(decimals)"
        case .integer: styleText = "int"
        case .scientific(let decimals): styleText = "sci.\(decimals)"
        }
        return (statistic.map { $0.rawValue + " " } ?? "") + styleText
    }
}

/// A `{value}` format that cannot be read or does not fit the value.
public struct ValueFormatError: Error, CustomStringConvertible {
    public var spec: String
    public var problem: String
    public var description: String {
        "format `\(spec)`: \(problem); write \(ValueFormat.spellings)"
    }
}

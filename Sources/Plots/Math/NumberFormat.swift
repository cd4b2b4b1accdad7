import Foundation

/// Formats tick values the way a person writes them: `0.3` not `0.30000000000000004`, `−2`
/// with a real minus sign, `10⁻³` for powers of ten.
enum NumberFormat {
    static let minus = "\u{2212}"

    /// The number of decimals needed to write multiples of `step` exactly (at most 10).
    static func decimals(forStep step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        for decimals in 0...10 {
            let scaled = step * pow(10, Double(decimals))
            if abs(scaled - scaled.rounded()) < 1e-6 * max(1, scaled) { return decimals }
        }
        return 10
    }

    /// `value` with `decimals` decimals, a Unicode minus, and no negative zero.
    static func fixed(_ value: Double, decimals: Int) -> String {
        var text = String(format: "%.\(decimals)f", value)
        if text.hasPrefix("-") {
            let digits = text.dropFirst()
            if digits.allSatisfy({ $0 == "0" || $0 == "." }) {
                text = String(digits)
            } else {
                text = minus + digits
            }
        }
        return text
    }

    /// Labels for evenly spaced ticks that are multiples of `step`: fixed decimals, or
    /// `m×10ᵏ` when the numbers are very large or very small.
    static func labels(for values: [Double], step: Double) -> [String] {
        let largest = values.map { abs($0) }.max() ?? 0
        let decimals = decimals(forStep: step)
        if largest >= 1e6 || (decimals > 4 && largest < 1e-3) {
            let exponent = Int(floor(log10(largest)))
            let unit = pow(10, Double(exponent))
            let mantissaDecimals = self.decimals(forStep: step / unit)
            return values.map { value in
                if value == 0 { return "0" }
                return fixed(value / unit, decimals: mantissaDecimals) + "×10" + superscript(exponent)
            }
        }
        return values.map { fixed($0, decimals: decimals) }
    }

    /// Labels for values on a logarithmic axis (powers of ten, or m × 10ᵏ): plain decimals when
    /// every value lies in 0.001 ... 10 000, otherwise `10ᵏ` and `m×10ᵏ` for all of them, so
    /// one axis never mixes the two notations.
    static func logLabels(for values: [Double]) -> [String] {
        let exponents = values.map { Int(floor(log10($0) + 1e-9)) }
        let plain = exponents.allSatisfy { $0 >= -3 && $0 <= 4 }
        return zip(values, exponents).map { value, exponent in
            if plain { return fixed(value, decimals: max(0, -exponent)) }
            let mantissa = (value / pow(10, Double(exponent))).rounded()
            return (mantissa == 1 ? "" : fixed(mantissa, decimals: 0) + "×") + "10" + superscript(exponent)
        }
    }

    /// The integer written with Unicode superscript digits: −3 → ⁻³.
    static func superscript(_ value: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let body = String(String(abs(value)).map { digits[Int(String($0))!] })
        return value < 0 ? "⁻" + body : body
    }
}

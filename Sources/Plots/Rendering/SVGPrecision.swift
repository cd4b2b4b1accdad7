import Foundation

/// Cairo writes SVG path coordinates with six decimals ("M 2.703125 -5.640625"); a figure is a few
/// hundred points wide, so a hundredth of a point is far below what a screen or a printer shows.
/// Rounding the numbers of every path's `d` attribute to two decimals makes the explorers' and
/// figures' SVG files about a third smaller and changes no visible pixel.
enum SVGPrecision {
    /// Decimals kept in path data.
    static let decimals = 2

    /// `svg` with the numbers inside every `d="…"` attribute rounded to `decimals` places
    /// ("2.703125" → "2.7", "-0.001" → "0").
    static func compact(_ svg: String) -> String {
        let marker = Array(" d=\"".utf8)
        let bytes = Array(svg.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            // Copy up to and including the next ` d="`.
            if bytes[i] == marker[0], i + marker.count <= bytes.count, Array(bytes[i..<i + marker.count]) == marker {
                output.append(contentsOf: marker)
                i += marker.count
                // Inside the attribute: rewrite numbers, copy everything else.
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                    if isNumberStart(bytes, i) {
                        var end = i + 1
                        while end < bytes.count, isNumberByte(bytes[end]) { end += 1 }
                        if end < bytes.count, bytes[end] == UInt8(ascii: "e") || bytes[end] == UInt8(ascii: "E") {
                            // An exponent (Cairo writes none): keep the whole number as it is.
                            end += 1
                            while end < bytes.count, isNumberByte(bytes[end]) || bytes[end] == UInt8(ascii: "-")
                                || bytes[end] == UInt8(ascii: "+")
                            { end += 1 }
                            output.append(contentsOf: bytes[i..<end])
                        } else {
                            output.append(contentsOf: rounded(bytes[i..<end]))
                        }
                        i = end
                    } else {
                        output.append(bytes[i])
                        i += 1
                    }
                }
            } else {
                output.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: ".")
    }

    private static func isNumberStart(_ bytes: [UInt8], _ i: Int) -> Bool {
        if isNumberByte(bytes[i]) { return true }
        return bytes[i] == UInt8(ascii: "-") && i + 1 < bytes.count && isNumberByte(bytes[i + 1])
    }

    /// The number rounded to the nearest multiple of 10^−`decimals`, without trailing zeros and
    /// without a negative zero. Text that is not a plain number is kept as it is.
    private static func rounded(_ text: ArraySlice<UInt8>) -> [UInt8] {
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { return Array(text) }
        var formatted = String(format: "%.\(decimals)f", value)
        if formatted.contains(".") {
            while formatted.hasSuffix("0") { formatted.removeLast() }
            if formatted.hasSuffix(".") { formatted.removeLast() }
        }
        if formatted == "-0" { formatted = "0" }
        return Array(formatted.utf8)
    }
}

import Foundation
import NeuralKit
import Notebook
import NotebookDocument

/// The kinds of settings the lessons declare: integers, numbers and lists of them, each with an
/// allowed range checked by NeuralKit's `validate` (so `--set` reports a bad value exactly as a
/// layer or optimiser would: "rate-ablation: epochs = 0 is outside the allowed range [1, 100000]").
extension SettingDeclaration {
    /// An `Int` in `range`.
    static func integer(
        _ name: String, _ keyPath: WritableKeyPath<Root, Int>, in range: ClosedRange<Int>, _ summary: String,
        owner: String
    ) -> SettingDeclaration {
        nonisolated(unsafe) let path = keyPath
        return SettingDeclaration(
            name: name, type: "Int", range: "[\(range.lowerBound), \(range.upperBound)]", summary: summary,
            read: { "\($0[keyPath: path])" },
            write: { root, text in
                root[keyPath: path] = try parseInteger(text, name: name, in: range, owner: owner)
            })
    }

    /// A `Double` in `[lower, upper)` (or `(lower, …` / `…, upper]` as the flags say).
    static func number(
        _ name: String, _ keyPath: WritableKeyPath<Root, Double>, from lower: Double, lowerIncluded: Bool = true,
        to upper: Double, upperIncluded: Bool = false, _ summary: String, owner: String
    ) -> SettingDeclaration {
        nonisolated(unsafe) let path = keyPath
        let bounds = NumberBounds(lower: lower, lowerIncluded: lowerIncluded, upper: upper, upperIncluded: upperIncluded)
        return SettingDeclaration(
            name: name, type: "Double", range: bounds.description, summary: summary,
            read: { formatNumber($0[keyPath: path]) },
            write: { root, text in root[keyPath: path] = try bounds.parse(text, name: name, owner: owner) })
    }

    /// A comma-separated list of `Double`s, each in the bounds, with `count` elements.
    static func numbers(
        _ name: String, _ keyPath: WritableKeyPath<Root, [Double]>, from lower: Double, lowerIncluded: Bool = true,
        to upper: Double, upperIncluded: Bool = false, count: ClosedRange<Int>, _ summary: String, owner: String
    ) -> SettingDeclaration {
        nonisolated(unsafe) let path = keyPath
        let bounds = NumberBounds(lower: lower, lowerIncluded: lowerIncluded, upper: upper, upperIncluded: upperIncluded)
        return SettingDeclaration(
            name: name, type: "[Double]",
            range: "each in \(bounds.description), \(count.lowerBound)–\(count.upperBound) values", summary: summary,
            read: { $0[keyPath: path].map(formatNumber).joined(separator: ",") },
            write: { root, text in
                let values = try splitList(text, name: name, count: count).map {
                    try bounds.parse($0, name: name, owner: owner)
                }
                root[keyPath: path] = values
            })
    }

    /// A comma-separated list of `Int`s, each in `range`, with `count` elements.
    static func integers(
        _ name: String, _ keyPath: WritableKeyPath<Root, [Int]>, in range: ClosedRange<Int>, count: ClosedRange<Int>,
        _ summary: String, owner: String
    ) -> SettingDeclaration {
        nonisolated(unsafe) let path = keyPath
        return SettingDeclaration(
            name: name, type: "[Int]",
            range: "each in [\(range.lowerBound), \(range.upperBound)], \(count.lowerBound)–\(count.upperBound) values",
            summary: summary,
            read: { $0[keyPath: path].map(String.init).joined(separator: ",") },
            write: { root, text in
                root[keyPath: path] = try splitList(text, name: name, count: count).map {
                    try parseInteger($0, name: name, in: range, owner: owner)
                }
            })
    }
}

/// The shortest text that reads back as the same number (`0.5`, `0.001`, `3`).
func formatNumber(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return "\(Int(value))" }
    return "\(value)"
}

private func parseInteger(_ text: String, name: String, in range: ClosedRange<Int>, owner: String) throws -> Int {
    guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
        throw SettingError("`\(text)` is not a whole number; \(name) takes an Int in [\(range.lowerBound), \(range.upperBound)]")
    }
    try validate(value, named: name, in: owner, atLeast: range.lowerBound, below: range.upperBound, upperIncluded: true)
    return value
}

private func splitList(_ text: String, name: String, count: ClosedRange<Int>) throws -> [String] {
    let parts = text.split(separator: ",", omittingEmptySubsequences: false).map {
        $0.trimmingCharacters(in: .whitespaces)
    }
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty, count.contains(parts.count) else {
        throw SettingError(
            "\(name) takes \(count.lowerBound)–\(count.upperBound) comma-separated values, got \(text.isEmpty ? "none" : "\(parts.count)"), e.g. 0,0.1,0.3")
    }
    return parts
}

/// An interval for a `Double` setting.
private struct NumberBounds: Sendable, CustomStringConvertible {
    let lower: Double
    let lowerIncluded: Bool
    let upper: Double
    let upperIncluded: Bool

    var description: String {
        (lowerIncluded ? "[" : "(") + formatNumber(lower) + ", " + formatNumber(upper) + (upperIncluded ? "]" : ")")
    }

    func parse(_ text: String, name: String, owner: String) throws -> Double {
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else {
            throw SettingError("`\(text)` is not a number; \(name) takes a Double in \(description)")
        }
        try validate(
            value, named: name, in: owner, atLeast: lower, lowerIncluded: lowerIncluded, below: upper,
            upperIncluded: upperIncluded)
        return value
    }
}

import Foundation

/// Turns instructor sources into student sources.
///
/// - `// BEGIN SOLUTION` … `// END SOLUTION`: the lines between are replaced by a stub, by default
///   a TODO comment and `throw ExerciseError.notAttempted` at the marker's indentation. A marker
///   `// BEGIN SOLUTION: <text>` replaces the block by `<text>` instead (nothing when empty), for
///   solution-only stored properties and helpers.
/// - `// BEGIN INSTRUCTOR` … `// END INSTRUCTOR`: the lines, markers included, are removed (hidden
///   checks, instructor-only targets in Package.swift).
public enum SolutionStripper {
    public static let defaultStub = [
        "// TODO: write this function (see the exercise sheet named at the top of this file).",
        "throw ExerciseError.notAttempted",
    ]

    public struct MarkerError: Error, CustomStringConvertible, Equatable {
        public var file: String
        public var line: Int
        public var problem: String
        public var description: String { "\(file):\(line): \(problem)" }
    }

    /// Whether `source` contains any marker.
    public static func hasMarkers(_ source: String) -> Bool {
        source.contains("// BEGIN SOLUTION") || source.contains("// BEGIN INSTRUCTOR")
    }

    /// The student version of `source`. Throws when markers are unbalanced or nested.
    public static func strip(_ source: String, file: String = "<source>") throws -> String {
        var output: [Substring] = []
        var open: (kind: String, line: Int)?
        for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            let indentation = line.prefix(while: { $0 == " " || $0 == "\t" })
            if trimmed.hasPrefix("// BEGIN SOLUTION") || trimmed.hasPrefix("// BEGIN INSTRUCTOR") {
                if let open {
                    throw MarkerError(file: file, line: index + 1, problem: "marker inside the \(open.kind) block opened on line \(open.line)")
                }
                let isSolution = trimmed.hasPrefix("// BEGIN SOLUTION")
                open = (isSolution ? "SOLUTION" : "INSTRUCTOR", index + 1)
                guard isSolution else { continue }
                let rest = trimmed.dropFirst("// BEGIN SOLUTION".count)
                if rest.hasPrefix(":") {
                    let replacement = rest.dropFirst().trimmingCharacters(in: .whitespaces)
                    if !replacement.isEmpty { output.append(indentation + replacement[...]) }
                } else {
                    output += defaultStub.map { indentation + $0 }
                }
            } else if trimmed.hasPrefix("// END SOLUTION") || trimmed.hasPrefix("// END INSTRUCTOR") {
                let kind = trimmed.hasPrefix("// END SOLUTION") ? "SOLUTION" : "INSTRUCTOR"
                guard let current = open, current.kind == kind else {
                    throw MarkerError(file: file, line: index + 1, problem: "// END \(kind) without a matching // BEGIN \(kind)")
                }
                open = nil
            } else if open == nil {
                output.append(line)
            }
        }
        if let open {
            throw MarkerError(file: file, line: open.line, problem: "// BEGIN \(open.kind) is never closed")
        }
        return output.joined(separator: "\n")
    }
}

import Foundation

/// What the exercises may use of NeuralKit, and how a build is checked against it.
///
/// The policy (stated in every exercise sheet): a student's code may use NeuralKit's `Tensor` (with
/// its arithmetic, `softmax` and `logSoftmax`), `Shape`, `RandomGenerator` and `validate`; nothing
/// else. NeuralKit's layers, losses, optimisers, regularisers, schedulers, trainer and data sets
/// (`Dropout`, `BatchNorm1d`, `DistillationLoss`, `CrossEntropyLoss`, `AdamW`, `L1Penalty`,
/// `EarlyStopping`, …) solve the exercises, so calling them earns nothing.
///
/// It is enforced on the compiled objects: every NeuralKit symbol a student file references (its
/// undefined symbols, demangled) must name an allowed declaration. NeuralKit has no `@inlinable`
/// code, so a use cannot hide in inlined code. An exercise whose file breaks the policy gets 0
/// points, with the names it used.
public enum LibraryPolicy {
    /// The NeuralKit declarations a student's code may reference.
    public static let allowed: Set<String> = ["Tensor", "Shape", "RandomGenerator", "TensorScalar", "validate", "ValidationError"]

    /// The NeuralKit names each object file references outside `allowed`, by source file name
    /// (`Dropout.swift` → ["Dropout"]). Files with no violation are absent.
    public static func violations(inObjectsOf folder: URL) throws -> [String: [String]] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder.path) else {
            throw GraderError.buildFailed("the library check", output: "no object folder \(folder.path)")
        }
        var result: [String: [String]] = [:]
        for name in names where name.hasSuffix(".swift.o") {
            let symbols = try undefinedSymbols(of: folder.appendingPathComponent(name))
                .filter { $0.contains("9NeuralKit") }
            guard !symbols.isEmpty else { continue }
            let forbidden = neuralKitNames(in: try demangle(symbols)).subtracting(allowed)
            if !forbidden.isEmpty { result[String(name.dropLast(".o".count))] = forbidden.sorted() }
        }
        return result
    }

    /// The names right after `NeuralKit.` in demangled symbols.
    static func neuralKitNames(in demangled: String) -> Set<String> {
        var names: Set<String> = []
        var rest = Substring(demangled)
        while let range = rest.range(of: "NeuralKit.") {
            let name = rest[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if let first = name.first, first.isLetter || first == "_" { names.insert(String(name)) }
            rest = rest[range.upperBound...]
        }
        return names
    }

    static func undefinedSymbols(of object: URL) throws -> [String] {
        let output = try run(["nm", "-u", "--", object.path])
        return output.split(separator: "\n").compactMap { line in
            line.split(separator: " ").last.map(String.init)
        }
    }

    static func demangle(_ symbols: [String]) throws -> String {
        try run(["swift", "demangle", "--compact"] + symbols)
    }

    static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GraderError.buildFailed("the library check", output: "\(arguments.joined(separator: " ")) exited with status \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

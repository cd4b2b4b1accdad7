import Foundation

/// Validation against Jenkins xUnit's `junit-10.xsd` (vendored in `tools/schemas/`, MIT) with the
/// Python `xmlschema` package in `.venv-schema/` (made by `scripts/schema-venv.sh`, which
/// `scripts/setup.sh` runs; run here too, it returns at once when the venv is there).
enum JUnitSchema {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardizedFileURL

    /// One verdict per document, in order: "valid", or "invalid: " and the schema's reasons.
    static func validate(_ documents: [String]) throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("junit-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try documents.enumerated().map { index, text in
            let url = folder.appendingPathComponent("\(index).xml")
            try text.write(to: url, atomically: true, encoding: .utf8)
            return url.path
        }
        let (venvStatus, venvOutput) = run(["bash", packageRoot.appendingPathComponent("scripts/schema-venv.sh").path])
        guard venvStatus == 0 else { throw SchemaError(text: "scripts/schema-venv.sh failed: \(venvOutput)") }
        let python = packageRoot.appendingPathComponent(".venv-schema/bin/python").path
        let (_, output) = run(
            [python, packageRoot.appendingPathComponent("tools/validate_xml.py").path,
             packageRoot.appendingPathComponent("tools/schemas/junit-10.xsd").path] + files)
        let verdicts = output.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: ".xml: ") else { return nil }
            return String(line[range.upperBound...])
        }
        guard verdicts.count == documents.count else { throw SchemaError(text: "the validator said: \(output)") }
        return verdicts
    }

    struct SchemaError: Error, CustomStringConvertible { var text: String; var description: String { text } }

    static func run(_ arguments: [String]) -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch { return (-1, "\(error)") }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

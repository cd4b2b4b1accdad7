import Foundation

/// Runs a browser test script of Tests/Browser/ (Python + Selenium over the shared browser.py)
/// from a Swift test and reads its last line, `BROWSER-RESULT {"checks": …, "failed": […],
/// "notes": {…}}`. The scripts drive Debian's chromium through chromedriver from `.venv-browser/`,
/// which `bash scripts/setup.sh` makes (via scripts/browser-venv.sh).
public enum BrowserHarness {
    /// What a script reported.
    public struct Report: Sendable {
        public var exitCode: Int32
        /// Everything the script printed (its checks, one per line, and any traceback).
        public var output: String
        /// The names of the failed checks.
        public var failed: [String]
        /// How many checks ran.
        public var checkCount: Int
        /// Figures the script noted (`note(key, value)`), as JSON text per key.
        public var notes: [String: String]
    }

    public struct SetupError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The package's root folder (two levels above this file's folder).
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `Tests/Browser/<script>` with `arguments`, killing it after `timeout`.
    public static func run(script: String, arguments: [String], timeout: Duration = .seconds(150)) async throws -> Report {
        let python = packageRoot.appendingPathComponent(".venv-browser/bin/python")
        for (path, fix) in [
            (python.path, "run `bash scripts/setup.sh` (it makes .venv-browser/ with Selenium)"),
            ("/usr/bin/chromium", "run `bash scripts/setup.sh` (it installs Debian's chromium)"),
            ("/usr/bin/chromedriver", "run `bash scripts/setup.sh` (it installs Debian's chromium-driver)"),
        ] where !FileManager.default.isExecutableFile(atPath: path) {
            throw SetupError(description: "browser tests: \(path) is missing; \(fix)")
        }
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("browser-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = python
        process.arguments = [packageRoot.appendingPathComponent("Tests/Browser/\(script)").path] + arguments
        process.currentDirectoryURL = packageRoot.appendingPathComponent("Tests/Browser")
        process.standardOutput = handle
        process.standardError = handle
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONUNBUFFERED"] = "1"
        process.environment = environment
        let exitCode: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + Double(timeout.components.seconds)) {
                if process.isRunning && process.processIdentifier == pid { process.terminate() }
            }
        }
        try handle.close()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        var report = Report(exitCode: exitCode, output: output, failed: [], checkCount: 0, notes: [:])
        if let line = output.split(separator: "\n").last(where: { $0.hasPrefix("BROWSER-RESULT ") }),
           let json = try? JSONSerialization.jsonObject(with: Data(line.dropFirst("BROWSER-RESULT ".count).utf8)) as? [String: Any] {
            report.failed = json["failed"] as? [String] ?? []
            report.checkCount = (json["checks"] as? [Any])?.count ?? 0
            for (key, value) in json["notes"] as? [String: Any] ?? [:] { report.notes[key] = "\(value)" }
        } else {
            report.failed = ["the script printed no BROWSER-RESULT line (it crashed or was killed)"]
        }
        return report
    }
}

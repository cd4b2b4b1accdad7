import Foundation

/// Runs a Python script of `Tests/Browser/` (headless Chromium driven by Selenium) with the
/// interpreter of `.venv-browser/`, which `bash scripts/setup.sh` creates (Debian's `chromium`
/// and `chromium-driver`, Selenium and html5lib from PyPI, see `scripts/browser-venv.sh`).
///
/// ```swift
/// let run = try BrowserHarness.run("check_site.py", [site.path, "--search", "dropout"])
/// #expect(run.status == 0, "\(run.output)")
/// ```
/// Any browser test can use it: put the Python side next to `browser.py` (the generic harness:
/// page loading, console errors, failed requests, dark theme, window sizes, screenshots).
enum BrowserHarness {
    struct Run {
        var status: Int32
        /// Standard output (the script's JSON report) followed by standard error.
        var output: String
    }

    struct MissingSetUp: Error, CustomStringConvertible {
        var path: String
        var description: String {
            "the browser tests need \(path); run `bash scripts/setup.sh` (it installs chromium, chromium-driver and python3-venv, then creates .venv-browser/ with Selenium)"
        }
    }

    /// The package root: three levels above this file (`Tests/BrowserTests/BrowserHarness.swift`).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var python: URL { packageRoot.appendingPathComponent(".venv-browser/bin/python") }

    /// Runs `Tests/Browser/<script>` with `arguments`; waits at most `timeout` seconds.
    static func run(_ script: String, _ arguments: [String], timeout: TimeInterval = 240) throws -> Run {
        for required in [python.path, "/usr/bin/chromium", "/usr/bin/chromedriver"]
        where !FileManager.default.isExecutableFile(atPath: required) {
            throw MissingSetUp(path: required)
        }
        let process = Process()
        process.executableURL = python
        process.arguments = [packageRoot.appendingPathComponent("Tests/Browser/\(script)").path] + arguments
        // Standard error goes to a file, standard output through a pipe read to its end, so a
        // large report cannot fill a pipe and block the script.
        let errorsFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("browser-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errorsFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsFile) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: errorsFile)
        try process.run()
        // A hung browser is killed after `timeout` seconds.
        let watchdog = DispatchWorkItem { [process] in if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        let errorData = (try? Data(contentsOf: errorsFile)) ?? Data()
        return Run(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self) + String(decoding: errorData, as: UTF8.self))
    }
}

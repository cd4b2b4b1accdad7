import Foundation

/// Runs a Python script of `Tests/Browser/` (headless Chromium driven by Selenium) with the
/// interpreter of `.venv-browser/`, which `bash scripts/setup.sh` creates (Debian's `chromium`
/// and `chromium-driver`, Selenium and html5lib from PyPI, see `scripts/browser-venv.sh`).
///
/// ```swift
/// let run = try await BrowserHarness.run("check_site.py", [site.path, "--search", "dropout"])
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
    ///
    /// The wait suspends (the process's termination handler resumes it): no thread of Swift's
    /// cooperative pool is blocked while the browser works, so the tests beside this one, and
    /// any server they run, keep the pool.
    static func run(_ script: String, _ arguments: [String], timeout: TimeInterval = 240) async throws -> Run {
        for required in [python.path, "/usr/bin/chromium", "/usr/bin/chromedriver"]
        where !FileManager.default.isExecutableFile(atPath: required) {
            throw MissingSetUp(path: required)
        }
        let process = Process()
        process.executableURL = python
        process.arguments = [packageRoot.appendingPathComponent("Tests/Browser/\(script)").path] + arguments
        // Standard output and standard error go to files (a large report cannot fill a pipe and
        // block the script); standard output (the script's JSON report) is read first.
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("browser-\(UUID().uuidString)")
        let outputFile = base.appendingPathExtension("out")
        let errorsFile = base.appendingPathExtension("err")
        for file in [outputFile, errorsFile] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
        defer { for file in [outputFile, errorsFile] { try? FileManager.default.removeItem(at: file) } }
        let outputHandle = try FileHandle(forWritingTo: outputFile)
        let errorsHandle = try FileHandle(forWritingTo: errorsFile)
        defer { try? outputHandle.close(); try? errorsHandle.close() }
        process.standardOutput = outputHandle
        process.standardError = errorsHandle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            // A hung browser is killed after `timeout` seconds.
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [process] in
                if process.isRunning { process.terminate() }
            }
        }
        let outputData = (try? Data(contentsOf: outputFile)) ?? Data()
        let errorData = (try? Data(contentsOf: errorsFile)) ?? Data()
        return Run(
            status: status,
            output: String(decoding: outputData, as: UTF8.self) + String(decoding: errorData, as: UTF8.self))
    }
}

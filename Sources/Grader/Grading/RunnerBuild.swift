import Foundation

/// Builds `exercise-runner` in the package itself, for grading its own `Student` module in place.
public enum RunnerBuild {
    /// Runs `swift build --product exercise-runner` in `packageRoot` (a no-op when it is up to
    /// date) and returns the runner's path.
    public static func inPlace(packageRoot: URL, log: (String) -> Void = { _ in }) throws -> URL {
        log("building exercise-runner in \(packageRoot.path)")
        let (status, output) = run(["swift", "build", "--package-path", packageRoot.path, "--product", "exercise-runner"])
        guard status == 0 else {
            throw GraderError.buildFailed("exercise-runner (your Sources/Student/)", output: String(output.suffix(4000)))
        }
        let (binStatus, binPath) = run(["swift", "build", "--package-path", packageRoot.path, "--show-bin-path"])
        guard binStatus == 0 else { throw GraderError.buildFailed("exercise-runner", output: binPath) }
        let runner = URL(fileURLWithPath: binPath.trimmingCharacters(in: .whitespacesAndNewlines)).appendingPathComponent("exercise-runner")
        return try RunnerStaging.stage(runner)
    }

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

import Foundation
import Testing

/// The `grade` executable refuses settings that would ruin a run (issue 10, item 7).
@Suite("grade command-line validation")
struct GradeCommandTests {
    /// `grade` built next to this test bundle (`swift build --build-tests` builds every product).
    static var gradeExecutable: URL {
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = bundle.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("grade")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: "/nonexistent/grade")
    }

    /// Runs `grade` with `arguments`; returns its exit status and standard error.
    static func run(_ arguments: [String]) throws -> (status: Int32, standardError: String) {
        let process = Process()
        process.executableURL = gradeExecutable
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("grade-command-\(UUID().uuidString)")
    }

    @Test("--time-scale -1 (or 0, nan) is refused before anything runs")
    func negativeTimeScale() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.gradeExecutable.path), "build the grade product first")
        for value in ["-1", "0", "nan"] {
            let output = Self.temporaryFolder()
            let (status, standardError) = try Self.run(["--time-scale", value, "--output", output.path])
            #expect(status != 0, "--time-scale \(value) must fail")
            #expect(standardError.contains("--time-scale") && standardError.contains("positive"), "\(standardError)")
            #expect(!FileManager.default.fileExists(atPath: output.path), "nothing graded, nothing written")
        }
    }

    @Test("--submissions with missing folders lists them in ungraded.txt and exits non-zero")
    func missingSubmissionFolders() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.gradeExecutable.path), "build the grade product first")
        let output = Self.temporaryFolder()
        let (status, _) = try Self.run(["--submissions", "/nonexistent/alice", "/nonexistent/bob", "--output", output.path])
        #expect(status != 0)
        let ungraded = try String(contentsOf: output.appendingPathComponent("ungraded.txt"), encoding: .utf8)
        #expect(ungraded.contains("/nonexistent/alice: no such folder") && ungraded.contains("/nonexistent/bob"), "\(ungraded)")
    }
}

import Foundation

/// Builds the package with a submission's files in `Sources/Student/`, without touching the package.
///
/// Each builder owns a slot, a private copy of the package under `.build-grading/slot-N/package`
/// that is kept between runs: only the student files change from one submission to the next, so
/// after the first build SwiftPM recompiles only the modules that depend on them. Files the
/// submission lacks are the stubs (the instructor's solutions are never copied in). A student file
/// that does not compile is replaced by its stub and the build is retried, so one broken exercise
/// does not sink the others.
public struct SubmissionBuilder: Sendable {
    public var packageRoot: URL
    public var slot: URL
    /// Jobs for `swift build -j` (1 when two builders run side by side on two cores).
    public var jobs: Int

    public init(packageRoot: URL, slotIndex: Int, jobs: Int) {
        self.packageRoot = packageRoot
        slot = packageRoot.appendingPathComponent(".build-grading/slot-\(slotIndex)/package")
        self.jobs = jobs
    }

    /// The `grade` executable built in the slot.
    public var gradeExecutable: URL { slot.appendingPathComponent(".build/debug/grade") }

    /// The outcome of preparing and building one submission.
    public struct Build: Sendable {
        /// Student files replaced by their stubs because they did not compile, with the first error.
        public var compileErrors: [String: String]
        public var seconds: Double
    }

    /// The student files of the package as stubs (solutions stripped).
    func stubs() throws -> [String: Data] {
        let folder = packageRoot.appendingPathComponent("Sources/Student")
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            let source = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            result[name] = Data(try SolutionStripper.strip(source, file: "Sources/Student/\(name)").utf8)
        }
        return result
    }

    /// The submission's `.swift` files (top level of the folder; `ExerciseError.swift` always comes
    /// from the package, so that "not attempted" keeps its meaning).
    static func submissionFiles(_ submission: URL) throws -> [String: Data] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: submission.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw GraderError.missingFolder(submission.path, role: "submission")
        }
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: submission.path)
        where name.hasSuffix(".swift") && name != "ExerciseError.swift" {
            result[name] = try Data(contentsOf: submission.appendingPathComponent(name))
        }
        guard !result.isEmpty else { throw GraderError.noSwiftFiles(submission.path) }
        return result
    }

    /// Copies the package with the submission's files into the slot and builds `grade` there.
    public func build(submission: URL, log: (String) -> Void = { _ in }) throws -> Build {
        let start = Date()
        let stubs = try stubs()
        let submitted = try Self.submissionFiles(submission)
        var package = try PackageTree.contents(of: packageRoot)
        package = package.filter { !$0.key.hasPrefix("Sources/Student/") }
        for (name, data) in stubs { package["Sources/Student/\(name)"] = data }
        for (name, data) in submitted { package["Sources/Student/\(name)"] = data }

        var compileErrors: [String: String] = [:]
        var candidates = submitted.keys.sorted()
        for _ in 0...submitted.count {
            try FileManager.default.createDirectory(at: slot, withIntermediateDirectories: true)
            try PackageTree.synchronize(package, into: slot)
            log("building \(submission.lastPathComponent) in \(slot.path)")
            let (succeeded, output) = runSwiftBuild()
            if succeeded { return Build(compileErrors: compileErrors, seconds: Date().timeIntervalSince(start)) }
            // Blame the student files named in the errors, else the first remaining submitted file.
            let blamed = Self.studentFilesWithErrors(output).filter { submitted[$0] != nil && compileErrors[$0] == nil }
            let toStub = blamed.isEmpty ? Array(candidates.prefix(1)) : blamed
            guard !toStub.isEmpty else {
                throw GraderError.buildFailed("the package with submission \(submission.path)", output: String(output.suffix(4000)))
            }
            for name in toStub {
                compileErrors[name] = Self.firstError(in: output, file: name) ?? Self.firstError(in: output, file: nil) ?? "build failed"
                package["Sources/Student/\(name)"] = stubs[name]
                candidates.removeAll { $0 == name }
            }
        }
        throw GraderError.buildFailed("the package with submission \(submission.path)", output: "gave up after stubbing every file")
    }

    func runSwiftBuild() -> (Bool, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "build", "--package-path", slot.path, "--product", "grade", "-j", "\(jobs)"]
        let outputFile = slot.deletingLastPathComponent().appendingPathComponent("build.log")
        _ = FileManager.default.createFile(atPath: outputFile.path, contents: nil)
        let handle = try? FileHandle(forWritingTo: outputFile)
        process.standardOutput = handle
        process.standardError = handle
        do { try process.run() } catch { return (false, "could not run swift build: \(error)") }
        process.waitUntilExit()
        try? handle?.close()
        let output = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        return (process.terminationStatus == 0, output)
    }

    /// The names of files in `Sources/Student/` that compiler errors point at.
    static func studentFilesWithErrors(_ output: String) -> [String] {
        var names: [String] = []
        for line in output.split(separator: "\n") where line.contains(": error:") {
            guard let range = line.range(of: "Sources/Student/") else { continue }
            let name = line[range.upperBound...].prefix(while: { $0 != ":" })
            if !names.contains(String(name)) { names.append(String(name)) }
        }
        return names
    }

    /// The first `error:` line about `file` (or any file), shortened to the part after the path.
    static func firstError(in output: String, file: String?) -> String? {
        for line in output.split(separator: "\n") where line.contains(": error:") {
            if let file, !line.contains("Sources/Student/\(file)") { continue }
            if let range = line.range(of: "Sources/") { return String(line[range.lowerBound...]) }
            return String(line)
        }
        return nil
    }
}

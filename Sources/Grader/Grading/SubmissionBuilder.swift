import Foundation

/// Builds `exercise-runner` with a submission's files in `Sources/Student/`, without touching the
/// package.
///
/// Each builder owns a slot, a private copy of the package under `.build-grading/slot-N/package`
/// that is kept between runs: only the student files change from one submission to the next, so
/// after the first build SwiftPM recompiles only the `Student` module and relinks the runner (the
/// grader itself is never rebuilt: it runs in this process and does not depend on `Student`).
/// Files the submission lacks are the stubs (the instructor's solutions are never copied in). A
/// student file that does not compile is replaced by its stub and the build is retried, so one
/// broken exercise does not sink the others.
public struct SubmissionBuilder: Sendable {
    public var packageRoot: URL
    public var slotIndex: Int
    public var slot: URL
    /// Jobs for `swift build -j` (1 when two builders run side by side on two cores).
    public var jobs: Int
    /// Whether the slot is the package itself (Gradescope: one submission per container, the package
    /// pre-built by setup.sh); only `Sources/Student/` is rewritten then.
    public var inPackage: Bool

    /// The pristine student files (stubs) when the slot is the package itself: its own
    /// `Sources/Student/` holds the previous submission after the first one.
    public var stubsFolder: URL?

    public init(packageRoot: URL, slotIndex: Int, jobs: Int, slotsFolder: URL? = nil) {
        let folder = slotsFolder ?? packageRoot.appendingPathComponent(".build-grading")
        self.init(packageRoot: packageRoot, slot: folder.appendingPathComponent("slot-\(slotIndex)/package"), slotIndex: slotIndex, jobs: jobs)
    }

    /// A builder whose private copy of the package is `slot` (any folder; its `.build` is kept).
    public init(packageRoot: URL, slot: URL, slotIndex: Int = 0, jobs: Int) {
        self.packageRoot = packageRoot
        self.slotIndex = slotIndex
        self.slot = slot
        self.jobs = jobs
        inPackage = false
    }

    /// A builder that builds in `packageRoot` itself, rewriting only `Sources/Student/`, with the
    /// stubs from `stubs` (a folder of the student files as handed out; never written to).
    public init(inPackage packageRoot: URL, stubs: URL, jobs: Int) {
        self.packageRoot = packageRoot
        slotIndex = 0
        slot = packageRoot
        self.jobs = jobs
        inPackage = true
        stubsFolder = stubs
    }

    /// The runner built in the slot.
    public var runnerExecutable: URL { slot.appendingPathComponent(".build/debug/exercise-runner") }

    /// The folder of the `Student` module's object files in the slot.
    public var studentObjects: URL { slot.appendingPathComponent(".build/debug/Student.build") }

    /// The outcome of preparing and building one submission.
    public struct Build: Sendable {
        /// Student files replaced by their stubs because they did not compile, with the first error.
        public var compileErrors: [String: String]
        /// Student files that reference NeuralKit declarations the policy forbids, with the names.
        public var policyViolations: [String: [String]]
        /// Files of the upload that were not used, and why.
        public var notes: [String]
        public var seconds: Double
    }

    /// The student files of the package as stubs (solutions stripped).
    func stubs() throws -> [String: Data] {
        // In the package itself, Sources/Student/ holds the previous submission after the first
        // one: the stubs come from their own folder.
        let folder = stubsFolder ?? packageRoot.appendingPathComponent("Sources/Student")
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("ExerciseError.swift").path) else {
            throw GraderError.missingFolder(folder.path, role: "student stubs (the student files as handed out, with ExerciseError.swift)")
        }
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") {
            let source = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            result[name] = Data(try SolutionStripper.strip(source, file: "Sources/Student/\(name)").utf8)
        }
        return result
    }

    /// Copies the package with the submission's files into the slot and builds the runner there.
    public func build(submission: URL, log: (String) -> Void = { _ in }) throws -> Build {
        let start = Date()
        let stubs = try stubs()
        let upload = try SubmissionFiles.collect(from: submission)
        let submitted = upload.files
        var package = inPackage ? [:] : try PackageTree.contents(of: packageRoot)
        package = package.filter { !$0.key.hasPrefix("Sources/Student/") }
        for (name, data) in stubs { package["Sources/Student/\(name)"] = data }
        for (name, data) in submitted { package["Sources/Student/\(name)"] = data }

        var compileErrors: [String: String] = [:]
        var candidates = submitted.keys.sorted()
        for _ in 0...submitted.count {
            try FileManager.default.createDirectory(at: slot, withIntermediateDirectories: true)
            if inPackage {
                try synchronizeStudentFolder(package)
            } else {
                try PackageTree.synchronize(package, into: slot)
            }
            log("building \(submission.lastPathComponent) in \(slot.path)")
            let (succeeded, output) = runSwiftBuild()
            if succeeded {
                let violations = try LibraryPolicy.violations(inObjectsOf: studentObjects)
                    .filter { submitted[$0.key] != nil }
                return Build(
                    compileErrors: compileErrors, policyViolations: violations, notes: upload.notes,
                    seconds: Date().timeIntervalSince(start))
            }
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

    /// Makes `Sources/Student/` of the package hold exactly the student files of `package`.
    func synchronizeStudentFolder(_ package: [String: Data]) throws {
        let folder = slot.appendingPathComponent("Sources/Student")
        var files: [String: Data] = [:]
        for (path, data) in package where path.hasPrefix("Sources/Student/") {
            files[String(path.dropFirst("Sources/Student/".count))] = data
        }
        try PackageTree.synchronize(files, into: folder)
    }

    func runSwiftBuild() -> (Bool, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "build", "--package-path", slot.path, "--product", "exercise-runner", "-j", "\(jobs)"]
        let outputFile = inPackage
            ? FileManager.default.temporaryDirectory.appendingPathComponent("grade-build-\(UUID().uuidString).log")
            : slot.deletingLastPathComponent().appendingPathComponent("build.log")
        defer { if inPackage { try? FileManager.default.removeItem(at: outputFile) } }
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
            if let range = line.range(of: "Sources/") { return Feedback.cap(String(line[range.lowerBound...]), 600) }
            return Feedback.cap(String(line), 600)
        }
        return nil
    }
}

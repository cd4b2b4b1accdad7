import Foundation

/// Grades submissions: one in place (the `Student` module compiled into this binary), one folder
/// (built in a slot), or a whole class (two slots side by side, one per core) with a gradebook.
public enum ClassGrader {
    /// Grades the `Student` module compiled into this binary, every check in its own child process.
    public static func gradeInPlace(
        name: String, compileErrors: [String: String] = [:], buildSeconds: Double = 0,
        runner: IsolatedCheckRunner = IsolatedCheckRunner(), checks: [Check] = CheckCatalog.all
    ) -> GradingReport {
        var report = GradingReport(
            submission: name, results: checks.map { runner.run($0) }, compileErrors: compileErrors,
            buildSeconds: buildSeconds)
        report.applyCompileErrors()
        return report
    }

    /// Builds `submission` in `builder`'s slot, grades it there with the slot's own `grade`, writes
    /// the reports into `output` and returns the report.
    ///
    /// - Parameter timeScale: multiplies every check's time limit (the tests use less than 1).
    public static func grade(
        submission: URL, output: URL, builder: SubmissionBuilder, timeScale: Double = 1,
        log: @escaping (String) -> Void = { _ in }
    ) throws -> GradingReport {
        let name = submission.standardizedFileURL.lastPathComponent
        let build = try builder.build(submission: submission, log: log)
        let errorsFile = builder.slot.deletingLastPathComponent().appendingPathComponent("compile-errors.json")
        try writeAtomically(try JSONEncoder().encode(build.compileErrors), to: errorsFile)
        log("grading \(name)")
        let process = Process()
        process.executableURL = builder.gradeExecutable
        process.arguments = [
            "--grade-here", "--name", name, "--output", output.path, "--compile-errors", errorsFile.path,
            "--build-seconds", String(build.seconds), "--time-scale", String(timeScale),
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw GraderError.buildFailed("grading \(name)", output: "\(builder.gradeExecutable.path) exited with status \(process.terminationStatus)")
        }
        return try ReportWriter.read(from: output)
    }

    /// Grades every folder in `submissions` into `outputRoot/<name>/` with `workers` slots in
    /// parallel, and writes `outputRoot/gradebook.csv`.
    ///
    /// - Parameter skipped: submissions that were not even attempted (path → reason, e.g. a missing
    ///   folder); they are listed in `ungraded.txt` with the ones that failed to grade.
    public static func gradeClass(
        submissions: [URL], outputRoot: URL, packageRoot: URL, workers: Int = 2, timeScale: Double = 1,
        skipped: [String: String] = [:], log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> [GradingReport] {
        let queue = WorkQueue(items: submissions)
        let collected = ReportCollector()
        for (path, reason) in skipped { collected.fail(path, error: reason) }
        let workerCount = max(1, min(workers, submissions.count))
        DispatchQueue.concurrentPerform(iterations: workerCount) { slotIndex in
            let builder = SubmissionBuilder(packageRoot: packageRoot, slotIndex: slotIndex, jobs: max(1, 2 / workerCount))
            while let submission = queue.next() {
                let name = submission.standardizedFileURL.lastPathComponent
                do {
                    let report = try grade(
                        submission: submission, output: outputRoot.appendingPathComponent(name), builder: builder,
                        timeScale: timeScale, log: log)
                    log("\(name): \(points(report.score)) / \(points(report.maxScore))")
                    collected.append(report)
                } catch {
                    log("\(name): could not be graded: \(error)")
                    collected.fail(name, error: "\(error)")
                }
            }
        }
        let reports = collected.reports
        try writeAtomically(Gradebook.csv(reports), to: outputRoot.appendingPathComponent("gradebook.csv"))
        if !collected.failures.isEmpty {
            let text = collected.failures.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n\n")
            try writeAtomically(text + "\n", to: outputRoot.appendingPathComponent("ungraded.txt"))
        }
        return reports
    }
}

extension ClassGrader {
    /// Splits `paths` into existing folders and the rest (path → why it cannot be graded).
    public static func existingFolders(_ paths: [String]) -> (folders: [URL], skipped: [String: String]) {
        var folders: [URL] = []
        var skipped: [String: String] = [:]
        for path in paths {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
                skipped[path] = "no such folder"
            } else if !isDirectory.boolValue {
                skipped[path] = "not a folder (a submission is a folder of .swift files)"
            } else {
                folders.append(URL(fileURLWithPath: path))
            }
        }
        return (folders, skipped)
    }
}

/// Hands out submissions to the worker slots.
final class WorkQueue: @unchecked Sendable {
    private var items: [URL]
    private let lock = NSLock()

    init(items: [URL]) { self.items = items.reversed() }

    func next() -> URL? {
        lock.lock()
        defer { lock.unlock() }
        return items.popLast()
    }
}

/// Collects reports from the worker slots.
final class ReportCollector: @unchecked Sendable {
    private(set) var reports: [GradingReport] = []
    private(set) var failures: [String: String] = [:]
    private let lock = NSLock()

    func append(_ report: GradingReport) {
        lock.lock()
        reports.append(report)
        lock.unlock()
    }

    func fail(_ name: String, error: String) {
        lock.lock()
        failures[name] = error
        lock.unlock()
    }
}

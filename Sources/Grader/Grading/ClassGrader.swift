import Foundation

/// Grades submissions: one in place (the package's own `Student` module), one folder (built in a
/// slot), or a whole class (one slot per core) with a gradebook.
///
/// The checks always run in this process; the student's code runs in sandboxed `exercise-runner`
/// processes (see `IsolatedCheckRunner`).
public enum ClassGrader {
    /// Grades with `runner` (an `exercise-runner` already built), every check in its own sandbox.
    public static func gradeInPlace(
        name: String, compileErrors: [String: String] = [:], buildSeconds: Double = 0,
        runner: IsolatedCheckRunner, checks: [Check] = CheckCatalog.all
    ) -> GradingReport {
        var report = GradingReport(
            submission: name, results: checks.map { runner.run($0) }, compileErrors: compileErrors,
            buildSeconds: buildSeconds)
        report.applyCompileErrors()
        return report
    }

    /// Builds `submission` in `builder`'s slot, grades it, writes the reports into `output` and
    /// returns the report.
    ///
    /// Before anything runs, `output/results.json` says that grading did not finish; it is replaced
    /// when grading ends, by the grade or by the reason there is none. So a grader that is killed
    /// half-way still leaves a `results.json` that says so.
    ///
    /// - Parameter timeScale: multiplies every check's time limit (the tests use less than 1).
    /// - Parameter isolation: forces a sandbox level (the tests grade the same hostile submission
    ///   with and without namespaces); nil picks the best the machine offers.
    public static func grade(
        submission: URL, output: URL, builder: SubmissionBuilder, timeScale: Double = 1,
        isolation: Sandbox.Isolation? = nil, students: [StudentIdentity] = [], log: @escaping (String) -> Void = { _ in }
    ) throws -> GradingReport {
        let name = submission.standardizedFileURL.lastPathComponent
        try ReportWriter.writeUnfinished(submission: name, to: output)
        do {
            var sandbox = Sandbox.detect(slot: builder.slotIndex)
            if let isolation { sandbox = sandbox.forced(to: isolation, slot: builder.slotIndex) }
            try sandbox.requireFitForUntrustedCode()
            let build = try builder.build(submission: submission, log: log)
            log("grading \(name)")
            let staged = try RunnerStaging.stage(builder.runnerExecutable)
            defer { RunnerStaging.remove(staged) }
            let restore = sandbox.protect([builder.packageRoot, builder.slot.deletingLastPathComponent(), output.deletingLastPathComponent()])
            defer { restore() }
            var report = gradeInPlace(
                name: name, compileErrors: build.compileErrors, buildSeconds: build.seconds,
                runner: IsolatedCheckRunner(runner: staged, sandbox: sandbox, timeScale: timeScale))
            report.policyViolations = build.policyViolations
            report.notes = build.notes
            report.isolation = sandbox.isolation
            report.students = students
            report.applyPolicyViolations()
            sandbox.waitUntilEmpty()
            try ReportWriter.write(report, to: output)
            return report
        } catch {
            try? ReportWriter.writeFailure(submission: name, reason: "\(error)", to: output)
            throw error
        }
    }

    /// Grades every folder in `submissions` into `outputRoot/<name>/` with `workers` slots in
    /// parallel, and writes `outputRoot/gradebook.csv`.
    ///
    /// - Parameter skipped: submissions that were not even attempted (path → reason, e.g. a missing
    ///   folder); they are listed in `ungraded.txt` with the ones that failed to grade.
    /// - Parameter slot: the private package copy of each worker (default
    ///   `.build-grading/slot-N/package`; the tests share one build folder between their suites).
    public static func gradeClass(
        submissions: [URL], outputRoot: URL, packageRoot: URL, workers: Int = ProcessInfo.processInfo.activeProcessorCount,
        timeScale: Double = 1, skipped: [String: String] = [:], roster: Roster? = nil,
        slot: (@Sendable (Int) -> URL)? = nil, log: @escaping @Sendable (String) -> Void = { _ in }
    ) throws -> [GradingReport] {
        let queue = WorkQueue(items: submissions)
        let collected = ReportCollector()
        for (path, reason) in skipped { collected.fail(path, error: reason) }
        let workerCount = max(1, min(workers, submissions.count))
        let cores = ProcessInfo.processInfo.activeProcessorCount
        DispatchQueue.concurrentPerform(iterations: workerCount) { slotIndex in
            let jobs = max(1, cores / workerCount)
            let builder = slot.map { SubmissionBuilder(packageRoot: packageRoot, slot: $0(slotIndex), slotIndex: slotIndex, jobs: jobs) }
                ?? SubmissionBuilder(packageRoot: packageRoot, slotIndex: slotIndex, jobs: jobs)
            while let submission = queue.next() {
                let name = submission.standardizedFileURL.lastPathComponent
                do {
                    // Who it is: the roster, else Gradescope's metadata file inside the folder.
                    var students = roster?.students[name].map { [$0] } ?? []
                    let metadata = submission.appendingPathComponent("submission_metadata.json")
                    if students.isEmpty, FileManager.default.fileExists(atPath: metadata.path) {
                        students = (try? StudentIdentity.fromGradescopeMetadata(metadata)) ?? []
                    }
                    let report = try grade(
                        submission: submission, output: outputRoot.appendingPathComponent(name), builder: builder,
                        timeScale: timeScale, students: students, log: log)
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
        try writeAtomically(Gradebook.canvasCSV(reports), to: outputRoot.appendingPathComponent("gradebook-canvas.csv"))
        let ungraded = outputRoot.appendingPathComponent("ungraded.txt")
        if !collected.failures.isEmpty {
            let text = collected.failures.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "\n\n")
            try writeAtomically(text + "\n", to: ungraded)
        } else if FileManager.default.fileExists(atPath: ungraded.path) {
            // A list from an earlier run would be wrong now; this run wrote it, so it may go.
            try? writeAtomically("", to: ungraded)
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

/// A private copy of a runner that the sandbox user may execute (the slot it was built in is not
/// readable to that user when there are no namespaces).
enum RunnerStaging {
    static func stage(_ runner: URL) throws -> URL {
        let folder = URL(fileURLWithPath: "/tmp").appendingPathComponent("exercise-runner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let copy = folder.appendingPathComponent("exercise-runner")
        try FileManager.default.copyItem(at: runner, to: copy)
        chmod(copy.path, 0o755)
        return copy
    }

    static func remove(_ staged: URL) {
        try? FileManager.default.removeItem(at: staged.deletingLastPathComponent())
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

import Foundation
import Grader
import Testing

/// The Gradescope bundle end to end: `grade --gradescope-bundle`'s zip, laid out as Gradescope lays
/// it out (`source/` holds the zip's contents, `submission/` the upload, `results/results.json` the
/// answer), `setup.sh`, then `run_autograder` per submission, in a tree under `.build-grading/`.
///
/// Gradescope builds the image from nothing; here the tree keeps `source/package/.build` between
/// unpackings (and the other end-to-end tests build in the same package copy, see
/// `EndToEndTests.sharedSlot`), so `setup.sh`'s build is incremental after the first run. Set
/// `GRADESCOPE_E2E_COLD=1` to delete it first and time a cold setup (minutes on two cores).
extension EndToEndTests {
    /// Writes `files` (relative paths, subfolders allowed) as `root/submission`, runs
    /// `root/run_autograder` and returns `results.json` (checked against Gradescope's specification).
    static func runAutograder(root: URL, files: [String: String], run: String? = nil) throws -> (results: [String: Any], data: Data) {
        let submission = root.appendingPathComponent("submission")
        let results = root.appendingPathComponent("results")
        try? FileManager.default.removeItem(at: submission)
        try? FileManager.default.removeItem(at: results)
        for (path, text) in files {
            let url = submission.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        try FileManager.default.createDirectory(at: results, withIntermediateDirectories: true)
        let (status, output) = try Self.script(root.appendingPathComponent("run_autograder"), root: root, run: run)
        #expect(status == 0, "run_autograder: \(output.suffix(2000))")
        let data = try Data(contentsOf: results.appendingPathComponent("results.json"))
        #expect(GradescopeSpec.problems(data).isEmpty, "\(GradescopeSpec.problems(data)) in \(String(decoding: data.prefix(800), as: UTF8.self))")
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (json, data)
    }

    /// Runs a bundle script as Gradescope does (working directory the root, as root), pointed at
    /// `root` with `AUTOGRADER_ROOT`.
    static func script(_ script: URL, root: URL, run: String? = nil) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = script
        process.currentDirectoryURL = root
        var environment = ProcessInfo.processInfo.environment.merging(["AUTOGRADER_ROOT": root.path]) { $1 }
        environment["GRADER_RUN"] = run
        process.environment = environment
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("gradescope-script-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// Lays the bundle out as a fresh Gradescope image would have it: `source/` holds exactly the
    /// zip's contents (only `source/package/.build` is kept, for speed), and `run_autograder` is
    /// copied to the root. Then runs `setup.sh` there.
    static func unpackAndSetUp(_ zip: URL, root: URL) throws {
        let manager = FileManager.default
        let source = root.appendingPathComponent("source")
        let package = source.appendingPathComponent("package")
        if ProcessInfo.processInfo.environment["GRADESCOPE_E2E_COLD"] == "1" { try? manager.removeItem(at: package.appendingPathComponent(".build")) }
        for name in (try? manager.contentsOfDirectory(atPath: source.path)) ?? [] where name != "package" {
            try manager.removeItem(at: source.appendingPathComponent(name))
        }
        for name in (try? manager.contentsOfDirectory(atPath: package.path)) ?? [] where name != ".build" {
            try manager.removeItem(at: package.appendingPathComponent(name))
        }
        try manager.createDirectory(at: source, withIntermediateDirectories: true)
        let (unzipped, unzipOutput) = try Self.run(["unzip", "-q", "-o", zip.path, "-d", source.path])
        #expect(unzipped == 0, "\(unzipOutput)")
        try? manager.removeItem(at: root.appendingPathComponent("run_autograder"))
        try manager.copyItem(at: source.appendingPathComponent("run_autograder"), to: root.appendingPathComponent("run_autograder"))
        let start = Date()
        let (status, output) = try Self.script(source.appendingPathComponent("setup.sh"), root: root)
        #expect(status == 0, "setup.sh: \(output.suffix(3000))")
        print("setup.sh: \(String(format: "%.1f", Date().timeIntervalSince(start))) s")
    }

    static func run(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The student files of the instructor's package (the solutions), by name.
    static func solutions() throws -> [String: String] {
        let folder = packageRoot.appendingPathComponent("Sources/Student")
        var files: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".swift") && name != "ExerciseError.swift" {
            files[name] = try solution(name)
        }
        return files
    }

    /// The tests of `results` by exercise number ("3.2" → 3).
    static func exerciseScores(_ results: [String: Any]) -> [Int: (score: Double, maxScore: Double, outputs: [String])] {
        var scores: [Int: (score: Double, maxScore: Double, outputs: [String])] = [:]
        for test in results["tests"] as? [[String: Any]] ?? [] {
            guard let exercise = (test["number"] as? String)?.split(separator: ".").first.flatMap({ Int($0) }) else { continue }
            var entry = scores[exercise] ?? (0, 0, [])
            entry.score += test["score"] as? Double ?? 0
            entry.maxScore += test["max_score"] as? Double ?? 0
            entry.outputs.append(test["output"] as? String ?? "")
            scores[exercise] = entry
        }
        return scores
    }

    /// Every file of the autograder's package except the student's folder (and the build), the
    /// stubs and the scripts: what no submission may change.
    static func autograderDigest(_ root: URL) -> [String: Data] {
        var digest: [String: Data] = [:]
        let source = root.appendingPathComponent("source")
        for folder in ["package", "student-stubs"] {
            for relative in PackageTree.files(under: source.appendingPathComponent(folder)) where !relative.hasPrefix("Sources/Student/") {
                digest[folder + "/" + relative] = FileManager.default.contents(atPath: source.appendingPathComponent(folder + "/" + relative).path)
            }
        }
        for name in ["setup.sh", "run_autograder"] {
            digest[name] = FileManager.default.contents(atPath: source.appendingPathComponent(name).path)
        }
        return digest
    }

    /// Processes of the sandbox users whose environment carries `GRADER_RUN=run`.
    static func sandboxProcesses(run: String) -> [String] {
        sandboxProcesses().filter { entry in
            let pid = entry.prefix { $0 != " " }
            let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ") ?? Data()
            return String(decoding: environment, as: UTF8.self).split(separator: "\0").contains { $0 == "GRADER_RUN=\(run)" }
        }
    }

    @Test("the Gradescope bundle: setup.sh, then run_autograder on a correct, a wrong and a hostile upload; again after a second setup")
    func gradescopeBundle() throws {
        let root = Self.gradescopeRoot
        let zip = FileManager.default.temporaryDirectory.appendingPathComponent("gradescope-\(UUID().uuidString)/autograder.zip")
        try FileManager.default.createDirectory(at: zip.deletingLastPathComponent(), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: zip.deletingLastPathComponent()) }
        try GradescopeBundle.write(packageRoot: Self.packageRoot, to: zip)

        // The zip: the two scripts at its root, the package and the stubs; no solution, no build.
        let (_, listing) = try Self.run(["unzip", "-Z1", zip.path])
        let entries = Set(listing.split(separator: "\n").map(String.init))
        #expect(entries.contains("setup.sh") && entries.contains("run_autograder"))
        #expect(entries.contains("package/Package.swift") && entries.contains("student-stubs/Dropout.swift"))
        #expect(!entries.contains { $0.hasPrefix("package/.build/") || $0.hasPrefix("package/.git/") || $0.hasPrefix("package/output/") })
        let (_, shipped) = try Self.run(["unzip", "-p", zip.path, "package/Sources/Student/*", "student-stubs/*"])
        #expect(!shipped.contains("BEGIN SOLUTION") && shipped.contains("throw ExerciseError.notAttempted"))
        #expect(!shipped.contains("y.scale(by: 1 / keepProbability)"), "a solution line is in the bundle")

        try Self.unpackAndSetUp(zip, root: root)
        let metadata = #"{"users": [{"email": "ada@example.edu", "id": 314, "name": "Ada Lovelace"}], "submission_time": "2026-12-05T22:00:00Z"}"#
        try metadata.write(to: root.appendingPathComponent("submission_metadata.json"), atomically: true, encoding: .utf8)

        // 1. The solutions, uploaded as a zip of the repository (nested, with macOS metadata): full marks.
        var upload: [String: String] = ["__MACOSX/regularize-main/._Dropout.swift": "junk", "regularize-main/README.md": "hi"]
        for (name, text) in try Self.solutions() { upload["regularize-main/Sources/Student/\(name)"] = text }
        let (correct, _) = try Self.runAutograder(root: root, files: upload)
        let tests = try #require(correct["tests"] as? [[String: Any]])
        let maxScore = tests.reduce(0) { $0 + ($1["max_score"] as? Double ?? 0) }
        #expect(maxScore >= 60)
        #expect(correct["score"] as? Double == maxScore, "\(tests.filter { $0["status"] as? String != "passed" }.map { $0["name"] ?? "" })")
        #expect(correct["output_format"] as? String == "md" && correct["test_output_format"] as? String == "md")
        #expect((correct["output"] as? String)?.contains("MACOSX") == true, "the ignored folder is noted: \(correct["output"] ?? "")")
        #expect(Set(tests.compactMap { $0["visibility"] as? String }) == ["visible", "after_published"])

        // 2. One wrong file only (dropout without 1/(1 − p)): partial credit there, and every other
        //    exercise "not attempted", from the pristine stubs, not the previous upload's files.
        let wrong = try Self.solution("Dropout.swift", [("    y.scale(by: 1 / keepProbability)\n    return y\n", "    return y\n")])
        let (partial, _) = try Self.runAutograder(root: root, files: ["Dropout.swift": wrong])
        let scores = Self.exerciseScores(partial)
        let dropout = try #require(scores[1])
        #expect(dropout.score > 0 && dropout.score < dropout.maxScore, "\(dropout)")
        #expect(partial["score"] as? Double == dropout.score)
        for (exercise, entry) in scores where exercise != 1 {
            #expect(entry.score == 0 && entry.outputs.allSatisfy { $0.contains("not attempted") }, "exercise \(exercise): \(entry.outputs.first ?? "")")
        }

        // 3. A hostile upload: 0 points, nothing of the autograder changed, nothing left running,
        //    results.json not rewritten later.
        let before = Self.autograderDigest(root)
        let hostile = try Self.hostileFiles(package: Self.sharedSlot, output: root.appendingPathComponent("results"))
        let run = "gradescope-e2e-\(UUID().uuidString)"
        let (attacked, attackedData) = try Self.runAutograder(root: root, files: hostile, run: run)
        #expect(attacked["score"] as? Double == 0, "\(Self.exerciseScores(attacked).mapValues(\.score))")
        #expect((attacked["tests"] as? [[String: Any]])?.count == tests.count, "every check reported")
        let feedback = String(decoding: attackedData, as: UTF8.self)
        #expect(!feedback.contains("LEAKED"), "\(feedback.prefix(600))")
        for check in CheckCatalog.all { #expect(!feedback.contains(check.id), "the child saw \(check.id)") }
        let junit = try String(contentsOf: root.appendingPathComponent("results/junit.xml"), encoding: .utf8)
        #expect(try JUnitSchema.validate([junit]) == ["valid"])
        Thread.sleep(forTimeInterval: 3.5)
        // Only this run's: other graders on a shared machine use the same sandbox users.
        #expect(Self.sandboxProcesses(run: run).isEmpty, "left behind: \(Self.sandboxProcesses(run: run))")
        #expect(try Data(contentsOf: root.appendingPathComponent("results/results.json")) == attackedData)
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("results/PWNED").path))
        #expect(!FileManager.default.fileExists(atPath: Self.sharedSlot.appendingPathComponent("PWNED").path))
        let after = Self.autograderDigest(root)
        #expect(after == before, "changed: \(Set(after.keys).symmetricDifference(before.keys).sorted()), \(before.keys.filter { before[$0] != after[$0] }.sorted())")

        // 4. Unpacked and set up a second time in the same tree (an instructor's "Update Autograder"
        //    locally): grading still works, from the stubs of the new unpacking.
        try Self.unpackAndSetUp(zip, root: root)
        let (again, _) = try Self.runAutograder(root: root, files: try Self.solutions())
        #expect(again["score"] as? Double == maxScore)
    }

    @Test("run_autograder without a finished setup.sh still writes a results.json that says so")
    func gradescopeWithoutSetup() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gradescope-bare-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let zip = root.appendingPathComponent("autograder.zip")
        try GradescopeBundle.write(packageRoot: Self.packageRoot, to: zip)
        let (status, output) = try Self.run(["unzip", "-q", zip.path, "run_autograder", "-d", root.path])
        #expect(status == 0, "\(output)")
        let (results, _) = try Self.runAutograder(root: root, files: try Self.solutions())
        #expect(results["score"] as? Double == 0)
        #expect((results["output"] as? String)?.contains("not set up") == true, "\(results)")
    }

    @Test("the sandbox's environment carries the run's label and nothing else of the grader's")
    func sandboxEnvironment() {
        let grader = ["GRADER_RUN": "gradescope-e2e-1", "HOME": "/root", "SECRET": "x"]
        #expect(Sandbox.environment(grader: grader)["GRADER_RUN"] == "gradescope-e2e-1")
        #expect(Sandbox.environment(grader: grader)["HOME"] == nil && Sandbox.environment(grader: grader)["SECRET"] == nil)
        #expect(Sandbox.environment(grader: ["GRADER_RUN": "a; rm -rf /"])["GRADER_RUN"] == nil)
        #expect(Sandbox.environment(grader: ["GRADER_RUN": String(repeating: "a", count: 65)])["GRADER_RUN"] == nil)
    }

    @Test("the results.json checker rejects what Gradescope's specification does not allow")
    func gradescopeSpecChecker() {
        let valid = #"{"score": 1.5, "output": "ok", "output_format": "md", "visibility": "visible", "tests": [{"name": "a", "score": 1.5, "max_score": 2, "status": "failed", "tags": ["x"], "visibility": "after_published"}]}"#
        #expect(GradescopeSpec.problems(Data(valid.utf8)).isEmpty, "\(GradescopeSpec.problems(Data(valid.utf8)))")
        for broken in [
            #"{"score": "1.5", "tests": []}"#,
            #"{"score": 1, "visibility": "students", "tests": []}"#,
            #"{"score": 1, "output_format": "markdown"}"#,
            #"{"tests": [{"name": "a", "max_score": 1}]}"#,
            #"{"score": 1, "tests": [{"score": 1, "max_score": 1, "status": "ok"}]}"#,
            #"{"score": 3, "tests": [{"score": 1, "max_score": 1}]}"#,
            #"{"score": 1, "tests": [{"score": 2, "max_score": 1}, {"score": -1, "max_score": 1}]}"#,
            #"{"score": 1, "grade": 1}"#,
            #"{"score": true}"#,
            #"[1]"#,
        ] {
            #expect(!GradescopeSpec.problems(Data(broken.utf8)).isEmpty, "accepted \(broken)")
        }
    }
}

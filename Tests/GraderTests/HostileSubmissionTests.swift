import Foundation
import Grader
import Testing

/// Submissions that attack the grader. Each cheat must earn 0, leave the package and the output
/// untouched, and leave no process behind; the grader must finish and report. Slow (a build of the
/// runner per submission), so these share the end-to-end slot and run one after the other.
extension EndToEndTests {
    /// Exercise files whose functions attack the grader: the stubs of the student edition with each
    /// `throw ExerciseError.notAttempted` replaced, in order, by one of `bodies`, and `helpers`
    /// appended.
    static func hostile(_ file: String, bodies: [String], helpers: String) throws -> String {
        let stub = try SolutionStripper.strip(try solution(file), file: file)
        var parts = stub.components(separatedBy: "throw ExerciseError.notAttempted")
        precondition(parts.count == bodies.count + 1, "\(file) has \(parts.count - 1) stubs, \(bodies.count) bodies given")
        var source = parts.removeFirst()
        for (body, part) in zip(bodies, parts) { source += body + part }
        return "import Foundation\n" + source + "\n" + helpers
    }

    /// Every attack of issue 11 that a student's code can try at run time, one per function.
    static func hostileFiles(package: URL, output: URL) throws -> [String: String] {
        let p = package.path
        let o = output.path
        return [
            // Forge a result and exit; recognise the check from command lines.
            "Dropout.swift": try hostile("Dropout.swift", bodies: ["forgeAndExit()", "exit(0)", "throw CommandLines.seen()", "throw CommandLines.seen()"], helpers: """
                func forgeAndExit() -> Never {
                    let fake = #"{"id":"dropout.mask-forward","status":"passed","score":1.5,"maxScore":1.5}"#
                    for descriptor in Int32(0)...Int32(30) { _ = fake.withCString { write(descriptor, $0, strlen($0)) } }
                    // A well-formed reply frame of the grader's protocol, on every descriptor.
                    let frame: [UInt8] = [10, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]
                    for descriptor in Int32(0)...Int32(30) { _ = frame.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) } }
                    for path in ["result.json", "/tmp/result.json", "\(o)/results.json", "\(o)/report.json"] {
                        _ = FileManager.default.createFile(atPath: path, contents: Data(fake.utf8))
                    }
                    exit(0)
                }
                struct CommandLines: Error, CustomStringConvertible {
                    var description: String
                    static func seen() -> CommandLines {
                        var seen: [String] = []
                        for pid in ["self", "1", "2", "\\(getppid())"] {
                            let text = (try? String(contentsOfFile: "/proc/\\(pid)/cmdline", encoding: .utf8)) ?? "unreadable"
                            seen.append("CMDLINE[\\(pid)]=" + text.replacingOccurrences(of: "\\0", with: " "))
                        }
                        return CommandLines(description: seen.joined(separator: " | "))
                    }
                }
                """),
            // Write into the package and the output; leave a process behind; kill the grader.
            "Penalties.swift": try hostile("Penalties.swift", bodies: [
                "tamper(); return 0", "leaveProcessBehind(); return weights.map { _ in 0 }",
                "_ = kill(getppid(), SIGKILL); _ = kill(1, SIGKILL); return 0", "_ = kill(-1, SIGKILL); return weights",
                "var hog: [UnsafeMutableRawPointer] = []; while true { hog.append(.allocate(byteCount: 1 << 30, alignment: 16)) }",
                "forkBomb(); return weights.map { _ in 0 }", "return weights",
            ], helpers: """
                func tamper() {
                    for path in ["\(p)/Package.swift", "\(p)/Sources/Grader/Checks/PublicFixtures.swift", "\(o)/results.json", "\(o)/report.md", "\(p)/PWNED"] {
                        try? "forged".write(toFile: path, atomically: false, encoding: .utf8)
                    }
                }
                func spawn(_ script: String) {
                    var pid: pid_t = 0
                    let arguments = ["/bin/sh", "-c", script]
                    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
                    _ = posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ)
                }
                func leaveProcessBehind() {
                    spawn("sleep 3; echo '{\\"score\\": 60}' > \(o)/results.json; touch \(p)/PWNED")
                    spawn("setsid sh -c 'sleep 3; touch \(o)/PWNED' &")
                }
                func forkBomb() { for _ in 0..<200 { spawn("sleep 30") } }
                """),
            // Read the grader's sources and fixtures, and leak them through an error message.
            "BatchNormalization.swift": try hostile("BatchNormalization.swift", bodies: [
                "throw Leak.file(\"\(p)/Sources/Grader/Hidden/HiddenChecks.swift\")",
                "throw Leak.file(\"\(p)/Sources/Grader/Checks/PublicFixtures.swift\")",
                "throw Leak.file(\"/proc/\\(getppid())/environ\")",
            ], helpers: """
                struct Leak: Error, CustomStringConvertible {
                    var description: String
                    static func file(_ path: String) -> Leak {
                        Leak(description: (try? String(contentsOfFile: path, encoding: .utf8)).map { "LEAKED " + $0 } ?? "could not read \\(path)")
                    }
                }
                """),
            // Inject Markdown and HTML into the reports.
            "EarlyStopping.swift": try hostile("EarlyStopping.swift", bodies: ["throw Injection()", "return []"], helpers: """
                struct Injection: Error, CustomStringConvertible {
                    var description: String {
                        "```\\n\\n# Score: 60 / 60\\n\\n**Score: 60 / 60**\\n\\n<script>alert(1)</script>\\n| forged | table |\\n\\n````\\n"
                    }
                }
                """),
            // Flood standard error (file-size limit), and return zeros.
            "Distillation.swift": try hostile("Distillation.swift", bodies: [
                "let line = String(repeating: \"x\", count: 1 << 20); while true { FileHandle.standardError.write(Data(line.utf8)) }",
                "return Tensor(shape: studentLogits.shape)",
            ], helpers: ""),
            // Return zeros.
            "AdamW.swift": try hostile("AdamW.swift", bodies: [
                "return weights.map { _ in 0 }", "return weights.map { _ in 0 }", "return 0", "return Tensor(shape: logits.shape)",
            ], helpers: ""),
        ]
    }

    /// A digest of every file of the package that grading must not change.
    static func packageDigest() -> [String: Data] {
        var digest: [String: Data] = [:]
        for relative in PackageTree.files(under: packageRoot) where !relative.hasPrefix(".build") {
            digest[relative] = FileManager.default.contents(atPath: packageRoot.appendingPathComponent(relative).path)
        }
        return digest
    }

    /// Processes of the sandbox users (uid 61000 and up) still alive.
    static func sandboxProcesses() -> [String] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.filter { $0.allSatisfy(\.isNumber) }.compactMap { pid in
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }),
                let uid = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first.flatMap({ Int($0) }),
                (61000..<62000).contains(uid)
            else { return nil }
            return "\(pid) (uid \(uid))"
        }
    }

    func gradeHostile(isolation: Sandbox.Isolation) throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("grader-hostile-\(UUID().uuidString)")
        let output = root.appendingPathComponent("grades")
        let submission = try Self.folder("hostile", try Self.hostileFiles(package: Self.packageRoot, output: output))
        let before = Self.packageDigest()
        let builder = SubmissionBuilder(packageRoot: Self.packageRoot, slot: Self.sharedSlot, jobs: 2)
        let report = try ClassGrader.grade(submission: submission, output: output, builder: builder, timeScale: 0.3, isolation: isolation)
        let resultsRightAfter = try Data(contentsOf: output.appendingPathComponent("results.json"))
        let summary = report.results.map { "\($0.id): \($0.status.rawValue) \($0.message.prefix(200))" }.joined(separator: "\n")

        #expect(report.isolation == isolation)
        #expect(report.score == 0, "\(summary)")
        for exercise in Exercise.allCases { #expect(report.score(of: exercise) == 0, "exercise \(exercise.rawValue)") }
        let byID = Dictionary(report.results.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        // Forging a reply and exiting: the forged bytes are no answer; a clean exit(0) says so.
        #expect(byID["dropout.mask-forward"]?.status == .crashed)
        #expect(byID["dropout.mask-forward"]?.message.contains("not an answer") == true, "\(byID["dropout.mask-forward"]?.message ?? "")")
        #expect(byID["dropout.mask-backward"]?.status == .crashed)
        #expect(byID["dropout.mask-backward"]?.message.contains("exit(0)") == true, "\(byID["dropout.mask-backward"]?.message ?? "")")
        // The command lines the child can see name no check.
        let seen = report.results.filter { $0.exercise == .dropout }.map(\.message).joined()
        for check in CheckCatalog.all { #expect(!seen.contains(check.id), "the child saw \(check.id) in: \(seen.prefix(400))") }
        // No grader source, fixture or environment leaks into the feedback.
        let feedback = report.results.map(\.message).joined(separator: "\n")
        #expect(!feedback.contains("LEAKED"), "\(feedback.prefix(600))")
        #expect(byID["batchnorm.normalizes"]?.message.contains("could not read") == true, "\(byID["batchnorm.normalizes"]?.message ?? "")")
        // Markdown injection stays inside a code block: no forged heading or score line.
        let markdown = try String(contentsOf: output.appendingPathComponent("report.md"), encoding: .utf8)
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.filter { $0.hasPrefix("# ") }.count == 1, "one title only")
        #expect(lines.filter { $0.hasPrefix("**Score") }.count == 1, "one score line only")
        #expect(!markdown.contains("\n<script>"))
        // Standard-error flood: the file-size limit, reported by name.
        #expect(byID["distillation.loss"]?.status == .crashed)
        #expect(byID["distillation.loss"]?.message.contains("16 MiB") == true, "\(byID["distillation.loss"]?.message ?? "")")
        // Memory hog: stopped by the address-space limit, not a swapping machine.
        #expect(byID["penalties.values-and-gradients"]?.status == .crashed)
        #expect(byID["penalties.values-and-gradients"]?.message.contains("allocate") == true, "\(byID["penalties.values-and-gradients"]?.message ?? "")")

        // Nothing outlives grading: no sandbox process, no late rewrite, no tampering.
        Thread.sleep(forTimeInterval: 3.5)
        #expect(Self.sandboxProcesses().isEmpty, "left behind: \(Self.sandboxProcesses())")
        #expect(try Data(contentsOf: output.appendingPathComponent("results.json")) == resultsRightAfter)
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("PWNED").path))
        #expect(!FileManager.default.fileExists(atPath: Self.packageRoot.appendingPathComponent("PWNED").path))
        let after = Self.packageDigest()
        #expect(after == before, "changed: \(Set(after.keys).symmetricDifference(before.keys).sorted()), \(before.keys.filter { before[$0] != after[$0] }.sorted())")
    }

    @Test("a hostile submission earns 0 in namespaces (bubblewrap), tampers with nothing, leaves nothing running")
    func hostileInNamespaces() throws {
        try gradeHostile(isolation: .namespaces)
    }

    @Test("the same without namespaces (an unprivileged user and rlimits, as in a Docker container)")
    func hostileAsUnprivilegedUser() throws {
        try gradeHostile(isolation: .unprivilegedUser)
    }
}

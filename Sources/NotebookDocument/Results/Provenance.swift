import Foundation

/// Where a run came from, recorded in every `results.json` and colophon: the seed, the source
/// commit and the toolchain, so that a reader can reproduce the numbers.
public struct Provenance: Sendable, Equatable, Codable {
    /// The random seed of the run.
    public var seed: UInt64
    /// Whether the run used the small `--quick` sizes.
    public var quick: Bool
    /// `git rev-parse HEAD` of the package (with `-dirty` if tracked files were modified), or
    /// `"unknown"` outside a Git checkout.
    public var commit: String
    /// The first line of `swift --version`, or the compiler version this binary was built with.
    public var toolchain: String

    public init(seed: UInt64, quick: Bool, commit: String, toolchain: String) {
        self.seed = seed
        self.quick = quick
        self.commit = commit
        self.toolchain = toolchain
    }

    /// Asks Git and the Swift driver; never fails (falls back to `"unknown"` and compile-time facts).
    public static func current(seed: UInt64, quick: Bool, packageRoot: URL) -> Provenance {
        Provenance(
            seed: seed, quick: quick, commit: sourceCommit(packageRoot: packageRoot),
            toolchain: toolchain())
    }

    /// `git rev-parse HEAD` (+ `-dirty`), or `"unknown"`. Changes under `output/` do not count:
    /// they are what the run itself writes, so a course build would otherwise mark every lesson
    /// after the first as dirty.
    public static func sourceCommit(packageRoot: URL) -> String {
        guard let head = run(["git", "-C", packageRoot.path, "rev-parse", "HEAD"]), !head.isEmpty else {
            return "unknown"
        }
        let status = run([
            "git", "-C", packageRoot.path, "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)output",
        ])
        return head + ((status ?? "").isEmpty ? "" : "-dirty")
    }

    /// The first line of `swift --version`, else the compiler version known at compile time
    /// (asked once per process).
    public static func toolchain() -> String { cachedToolchain }

    private static let cachedToolchain: String = askToolchain()

    private static func askToolchain() -> String {
        if let version = run(["swift", "--version"])?.split(separator: "\n").first, !version.isEmpty {
            return String(version)
        }
        #if compiler(>=6.3)
        return "Swift 6.3 or later (compile-time)"
        #elseif compiler(>=6.2)
        return "Swift 6.2 (compile-time)"
        #elseif compiler(>=6.1)
        return "Swift 6.1 (compile-time)"
        #else
        return "Swift 6.0 (compile-time)"
        #endif
    }

    /// Runs a command found on `PATH`; its trimmed standard output, or nil if it failed.
    private static func run(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

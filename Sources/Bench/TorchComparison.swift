import Foundation

/// Runs the PyTorch side of the benchmark (tools/bench_torch.py, one thread) and reads its JSON
/// lines: `{"config": "a", "samples_per_second": ...}` or, for (d), `{"config": "d", "wall_seconds": ...}`.
enum TorchComparison {
    struct TorchResult {
        let config: String
        let samplesPerSecond: Double?
        let wallSeconds: Double?
        let cpuSeconds: Double?
        let framework: String

        /// Samples per CPU-second of the Python process.
        var samplesPerCPUSecond: Double? {
            guard let samplesPerSecond, let wallSeconds, let cpuSeconds, cpuSeconds > 0 else { return nil }
            return samplesPerSecond * wallSeconds / cpuSeconds
        }
    }

    /// The targets of issue 2: minimum throughput ratios for (a)–(c), maximum seconds for (d).
    /// (e) and (f), issue 14: at least PyTorch's speed on the CNN lesson's network; (f) is reported.
    static let throughputTargets: [String: Double] = ["a": 2.5, "b": 1.2, "c": 3.0, "e": 1.0, "f": 1.0]
    static let lessonSizedTargetSeconds = 0.8

    static func run(config: String, python: String, script: String, repeats: Int) throws -> TorchResult {
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw BenchError.torchFailed(
                "no Python at \(python); create the virtualenv with tools/make-venv.sh or pass --python")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, "--json", "--configs", config, "--repeats", "\(repeats)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError.torchFailed("\(script) exited with status \(process.terminationStatus)")
        }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        for line in lines {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["config"] as? String == config
            else { continue }
            return TorchResult(
                config: config,
                samplesPerSecond: (object["samples_per_second"] as? NSNumber)?.doubleValue,
                wallSeconds: (object["wall_seconds"] as? NSNumber)?.doubleValue,
                cpuSeconds: (object["cpu_seconds"] as? NSNumber)?.doubleValue,
                framework: object["framework"] as? String ?? "torch")
        }
        throw BenchError.torchFailed("no JSON line for config \(config) in its output")
    }
}

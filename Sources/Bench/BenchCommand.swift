import ArgumentParser
import Foundation
import NeuralKit

/// `swift run -c release bench`: trains the configurations of issue 2 on one BLAS thread and
/// reports their speed; `--compare` runs PyTorch's side (tools/bench_torch.py) in the same run
/// and prints the ratios against the targets.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmark NeuralKit training: (a) digits MLP, (b) BatchNorm MLP, (c) two moons, (d) lesson-sized early-stopping run, (e) the CNN lesson's network on the digits, (f) a 28x28 CNN.")

    @Flag(help: "Print one JSON object per line instead of a table.")
    var json = false

    @Flag(help: "Also run the PyTorch side (tools/bench_torch.py) and print the ratios against the targets.")
    var compare = false

    @Option(help: "Comma-separated subset of a,b,c,d,e,f.")
    var configs = "a,b,c,d,e,f"

    @Option(help: "Timed runs per configuration; the best is kept.")
    var repeats = 1

    @Option(help: "BLAS threads (the targets are for 1).")
    var threads = 1

    @Option(help: "The Python of the virtualenv with torch (for --compare).")
    var python = "tools/.venv/bin/python"

    @Option(help: "The PyTorch benchmark script (for --compare).")
    var torchScript = "tools/bench_torch.py"

    func validate() throws {
        let names = selectedConfigs
        if let unknown = names.first(where: { !BenchConfiguration.all.contains($0) }) {
            throw ValidationError("unknown configuration '\(unknown)'; --configs takes a comma-separated subset of a,b,c,d,e,f")
        }
        if names.isEmpty { throw ValidationError("--configs is empty; give a subset of a,b,c,d,e,f") }
        if repeats < 1 { throw ValidationError("--repeats = \(repeats) must be at least 1") }
        if threads < 1 { throw ValidationError("--threads = \(threads) must be at least 1") }
    }

    var selectedConfigs: [String] {
        configs.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    @Flag(help: "Keep the BLAS kernels OpenBLAS detected, even when it fell back to generic ones.")
    var keepDetectedBLASCore = false

    func run() throws {
        if !keepDetectedBLASCore, let note = OpenBLASCore.upgradeIfMisdetected() {
            FileHandle.standardError.write(Data("bench: \(note)\n".utf8))
        }
        BLAS.setThreadCount(threads)
        var rows: [(ours: BenchResult, torch: TorchComparison.TorchResult?)] = []
        for name in selectedConfigs {
            FileHandle.standardError.write(Data("bench: config \(name) ...\n".utf8))
            let ours = name == "d"
                ? try BenchRuns.lessonSized(repeats: repeats, threads: threads)
                : try BenchRuns.throughput(BenchConfiguration.throughput(name), repeats: repeats, threads: threads)
            let torch = compare
                ? try TorchComparison.run(config: name, python: python, script: torchScript, repeats: repeats) : nil
            if json {
                emit(ours.jsonLine)
                if let torch { emit(Self.comparisonLine(ours, torch)) }
            }
            rows.append((ours, torch))
        }
        if !json { printTable(rows) }
    }

    /// Writes one line to standard output unbuffered, so a reader sees each result as it comes.
    func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// The ratio line of `--compare --json`. Besides wall-clock throughput it gives the
    /// throughput per CPU-second of each process, which stays meaningful when other programs
    /// compete for the cores.
    static func comparisonLine(_ ours: BenchResult, _ torch: TorchComparison.TorchResult) -> String {
        if let ourRate = ours.samplesPerSecond, let theirRate = torch.samplesPerSecond {
            let ratio = ourRate / theirRate
            let target = TorchComparison.throughputTargets[ours.config] ?? 1
            var fields = [
                "\"config\": \"\(ours.config)\"", "\"comparison\": \"torch\"",
                "\"torch_samples_per_second\": \(theirRate)", "\"ratio\": \(String(format: "%.3f", ratio))",
            ]
            if let ourCPURate = ours.samplesPerCPUSecond, let theirCPURate = torch.samplesPerCPUSecond {
                fields.append("\"torch_samples_per_cpu_second\": \(String(format: "%.1f", theirCPURate))")
                fields.append("\"cpu_ratio\": \(String(format: "%.3f", ourCPURate / theirCPURate))")
            }
            fields += ["\"target_ratio\": \(target)", "\"meets_target\": \(ratio >= target)"]
            return "{" + fields.joined(separator: ", ") + "}"
        }
        let theirs = torch.wallSeconds ?? .nan
        let target = TorchComparison.lessonSizedTargetSeconds
        var fields = [
            "\"config\": \"\(ours.config)\"", "\"comparison\": \"torch\"", "\"torch_wall_seconds\": \(theirs)",
            "\"speedup\": \(String(format: "%.3f", theirs / ours.wallSeconds))",
        ]
        if let theirCPU = torch.cpuSeconds {
            fields.append("\"torch_cpu_seconds\": \(theirCPU)")
            fields.append("\"cpu_speedup\": \(String(format: "%.3f", theirCPU / ours.cpuSeconds))")
        }
        fields += ["\"target_wall_seconds\": \(target)", "\"meets_target\": \(ours.wallSeconds <= target)"]
        return "{" + fields.joined(separator: ", ") + "}"
    }

    func printTable(_ rows: [(ours: BenchResult, torch: TorchComparison.TorchResult?)]) {
        print("NeuralKit benchmark, \(threads) BLAS thread\(threads == 1 ? "" : "s"), OpenBLAS kernels: \(OpenBLASCore.current)")
        let header = compare
            ? "config  NeuralKit              PyTorch                ratio    target     met  cpu-ratio  cpu/wall"
            : "config  NeuralKit              cpu/wall  notes"
        print(header)
        for (ours, torch) in rows {
            let usage = String(format: "%.2f", ours.cpuSeconds / ours.wallSeconds)
            let oursText = ours.samplesPerSecond.map { String(format: "%9.0f samples/s", $0) }
                ?? String(format: "%9.3f s        ", ours.wallSeconds)
            guard let torch else {
                let notes = ours.extra.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
                print("(\(ours.config))     \(oursText)   \(usage)      \(notes)")
                continue
            }
            if let ourRate = ours.samplesPerSecond, let theirRate = torch.samplesPerSecond {
                let ratio = ourRate / theirRate
                let target = TorchComparison.throughputTargets[ours.config] ?? 1
                let cpuRatio = (ours.samplesPerCPUSecond ?? .nan) / (torch.samplesPerCPUSecond ?? .nan)
                print(String(format: "(%@)     %@   %9.0f samples/s  %6.2fx  >= %4.1fx   %@   %6.2fx    %@",
                             ours.config, oursText, theirRate, ratio, target, ratio >= target ? "yes" : " NO", cpuRatio, usage))
            } else {
                let theirs = torch.wallSeconds ?? .nan
                let target = TorchComparison.lessonSizedTargetSeconds
                let cpuRatio = (torch.cpuSeconds ?? .nan) / ours.cpuSeconds
                print(String(format: "(%@)     %@   %9.3f s          %6.2fx  <= %4.1f s  %@   %6.2fx    %@",
                             ours.config, oursText, theirs, theirs / ours.wallSeconds, target,
                             ours.wallSeconds <= target ? "yes" : " NO", cpuRatio, usage))
            }
        }
        if compare {
            print("ratio: NeuralKit throughput / PyTorch throughput for (a)-(c), (e), (f); PyTorch seconds / NeuralKit seconds for (d).")
            print("cpu-ratio: the same per CPU-second of each process (meaningful when the machine is busy; cpu/wall < 0.9 means it was).")
        }
    }
}

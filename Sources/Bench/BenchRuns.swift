import Foundation
import NeuralKit

/// One measured result, printed as a table row or as one JSON line.
struct BenchResult {
    let config: String
    let threads: Int
    /// (a)–(c): training samples per second of wall-clock time.
    var samplesPerSecond: Double?
    /// Wall-clock seconds of the timed part.
    var wallSeconds: Double
    /// CPU seconds of the training thread over the same span (much smaller than wall: other load).
    /// The thread's own time, not the process's: OpenBLAS's idle worker threads may spin on the
    /// other core without doing any of the work.
    var cpuSeconds: Double
    /// Extra fields (epochs, samples, best epoch, ...).
    var extra: [(String, String)] = []

    /// Samples per CPU-second of the training thread: the throughput the code would reach on an idle
    /// core, useful when other processes compete for the CPU (then wall-clock numbers are low).
    var samplesPerCPUSecond: Double? {
        samplesPerSecond.map { $0 * wallSeconds / max(cpuSeconds, 1e-9) }
    }

    /// `{"config": "a", "threads": 1, "samples_per_second": ..., ...}` on one line.
    var jsonLine: String {
        var fields = ["\"config\": \"\(config)\"", "\"threads\": \(threads)"]
        if let samplesPerSecond { fields.append("\"samples_per_second\": \(rounded(samplesPerSecond, 1))") }
        if let samplesPerCPUSecond { fields.append("\"samples_per_cpu_second\": \(rounded(samplesPerCPUSecond, 1))") }
        fields.append("\"wall_seconds\": \(rounded(wallSeconds, 4))")
        fields.append("\"cpu_seconds\": \(rounded(cpuSeconds, 4))")
        for (key, value) in extra { fields.append("\"\(key)\": \(value)") }
        fields.append("\"framework\": \"NeuralKit\"")
        return "{" + fields.joined(separator: ", ") + "}"
    }

    private func rounded(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}

/// Wall-clock time and the CPU time of the calling thread.
struct Stopwatch {
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private let startCPU: Double

    init() {
        start = clock.now
        startCPU = Stopwatch.threadCPUSeconds()
    }

    var wallSeconds: Double {
        let elapsed = clock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    var cpuSeconds: Double { Stopwatch.threadCPUSeconds() - startCPU }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }
}

enum BenchRuns {
    /// (a)–(c): warm-up epochs, then timed epochs; the best of `repeats` timed runs.
    static func throughput(_ configuration: BenchConfiguration, repeats: Int, threads: Int) throws -> BenchResult {
        let (trainer, data) = try configuration.make()
        try trainer.fit(on: data, epochs: configuration.warmupEpochs)
        var best: BenchResult?
        for _ in 0..<repeats {
            let stopwatch = Stopwatch()
            try trainer.fit(on: data, epochs: configuration.epochs)
            let seconds = stopwatch.wallSeconds
            let samples = configuration.epochs * data.count
            let result = BenchResult(
                config: configuration.name, threads: threads, samplesPerSecond: Double(samples) / seconds,
                wallSeconds: seconds, cpuSeconds: stopwatch.cpuSeconds,
                extra: [("epochs", "\(configuration.epochs)"), ("samples", "\(samples)"),
                        ("batch_size", "\(trainer.batchSize)"), ("repeats", "\(repeats)")])
            if best == nil || result.wallSeconds < best!.wallSeconds { best = result }
        }
        return best!
    }

    /// (d): the model of (a) on a seeded 80/20 split of the digits, up to 200 epochs with early
    /// stopping (patience 20, restoring the best weights); wall seconds of the whole run
    /// (network creation and the split excluded; evaluation and restoring included).
    static func lessonSized(repeats: Int, threads: Int) throws -> BenchResult {
        let digits = try Digits.load()
        var best: BenchResult?
        for _ in 0..<repeats {
            var generator = RandomGenerator(seed: 0)
            let split = try digits.split(trainCount: 1438, validationCount: 359, using: &generator)
            let network = BenchConfiguration.digitsNetwork(seed: 0)
            let optimizer = try AdamW(parameters: network.parameters, learningRate: 1e-3, weightDecay: 1e-2)
            let trainer = try Trainer(network: network, optimizer: optimizer, loss: .crossEntropy, batchSize: 64, seed: 1)
            trainer.earlyStopping = try EarlyStopping(patience: 20, minDelta: 0, restoreBest: true)

            let stopwatch = Stopwatch()
            let history = try trainer.fit(on: split.train, validation: split.validation, epochs: 200)
            let accuracy = network.accuracy(on: split.validation)
            let seconds = stopwatch.wallSeconds
            let bestEpoch = history.bestValidationEpoch
            let result = BenchResult(
                config: "d", threads: threads, samplesPerSecond: nil, wallSeconds: seconds,
                cpuSeconds: stopwatch.cpuSeconds,
                extra: [("epochs", "\(history.epochs.count)"), ("best_epoch", "\(bestEpoch?.epoch ?? 0)"),
                        ("best_validation_loss", String(format: "%.5f", bestEpoch?.validationLoss ?? .nan)),
                        ("validation_accuracy", String(format: "%.4f", accuracy)),
                        ("training_samples", "\(split.train.count)"), ("validation_samples", "\(split.validation.count)"),
                        ("repeats", "\(repeats)")])
            if best == nil || result.wallSeconds < best!.wallSeconds { best = result }
        }
        return best!
    }
}

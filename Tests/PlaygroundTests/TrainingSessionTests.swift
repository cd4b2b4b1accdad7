import NeuralKit
import Synchronization
import Testing
@testable import Playground

@Suite("Playground training sessions")
struct TrainingSessionTests {
    init() { BLAS.setThreadCount(1) }

    static func events(_ query: String, stopCheck: @escaping TrainingSession.StopCheck = { nil }) throws -> [SessionEvent] {
        var events: [SessionEvent] = []
        TrainingSession.run(try PreparedRun(try RunConfiguration(query: query)), stopCheck: stopCheck) { events.append($0) }
        return events
    }

    @Test func aRunStreamsEveryEpochThenOneFinalEvent() throws {
        let events = try Self.events("epochs=6&n=100&dropout=0.2")
        guard case .started(let start) = events.first else { Issue.record("no started event"); return }
        #expect(start.trainCount == 100 && start.validationCount == 100)
        #expect(start.parameterCount == 2 * 64 + 64 + 64 * 64 + 64 + 64 * 2 + 2)
        let epochs = events.compactMap { if case .epoch(let e) = $0 { e } else { nil } }
        #expect(epochs.map(\.epoch) == Array(1...6))
        #expect(epochs.allSatisfy { $0.gridClass?.count == 1600 && $0.histograms.count == 3 })
        #expect(epochs.allSatisfy { $0.histograms.map { $0.reduce(0, +) } == [128, 4096, 128] })
        #expect(events.filter(\.isFinal).count == 1)
        guard case .finished(let summary) = events.last else { Issue.record("no finished event"); return }
        #expect(summary.epochs == 6)
        // The boundary moves as the network learns.
        #expect(epochs.first?.gridConfidence != epochs.last?.gridConfidence)
    }

    /// Same configuration, same numbers: every epoch's record and the final summary agree bit for bit.
    @Test func theSameConfigurationReproducesEveryNumber() throws {
        let query = "epochs=5&n=120&dropout=0.3&mixup=0.4&seed=11"
        func numbers(_ events: [SessionEvent]) -> [String] {
            events.compactMap {
                switch $0 {
                case .epoch(var e): e.seconds = 0; return "\(e)"
                case .finished(var s): s.seconds = 0; return "\(s)"
                default: return nil
                }
            }
        }
        let first = numbers(try Self.events(query))
        #expect(first.count == 6)
        #expect(numbers(try Self.events(query)) == first)
        #expect(numbers(try Self.events(query.replacingOccurrences(of: "seed=11", with: "seed=12"))) != first)
    }

    @Test func earlyStoppingStopsAndRestoresTheBestEpoch() throws {
        // Digits with heavy label noise overfit soon: the validation loss turns up.
        let events = try Self.events("dataset=digits&n=200&labelnoise=0.4&width=128&lr=0.003&patience=3&epochs=200")
        guard case .finished(let summary) = events.last else { Issue.record("no finished event: \(String(describing: events.last))"); return }
        let epochs = events.compactMap { if case .epoch(let e) = $0 { e } else { nil } }
        let stopped = try #require(summary.stoppedEpoch)
        #expect(stopped < 200)
        #expect(summary.restoredEpoch == epochs.last?.bestEpoch)
        let best = try #require(epochs.min { $0.validationLoss < $1.validationLoss })
        #expect(summary.restoredEpoch == best.epoch)
        #expect(stopped - best.epoch == 3)
        // The restored network is the best epoch's: its validation loss is that epoch's.
        #expect(abs(summary.validationLoss - best.validationLoss) < 1e-9)
    }

    @Test func aDivergingRunEndsWithTheLibrarysMessageAndACause() throws {
        let events = try Self.events("opt=sgd&lr=1000&epochs=20&depth=4&width=64")
        guard case .failed(let failure) = events.last else { Issue.record("expected failure, got \(String(describing: events.last))"); return }
        #expect(failure.message.hasPrefix("training diverged: the loss became"))
        #expect(failure.suggestion.contains("learning rate 1000.0 is high for sgd"))
        #expect(failure.suggestion.contains("clip = 1"))
    }

    @Test func aStopCheckCancelsBetweenEpochs() throws {
        let epochsSeen = Atomic(0)
        var events: [SessionEvent] = []
        TrainingSession.run(try PreparedRun(try RunConfiguration(query: "epochs=100&n=60")),
                            stopCheck: { epochsSeen.load(ordering: .relaxed) >= 3 ? "stopped from the page" : nil }) { event in
            if case .epoch = event { epochsSeen.add(1, ordering: .relaxed) }
            events.append(event)
        }
        guard case .cancelled(let cancellation) = events.last else { Issue.record("not cancelled"); return }
        #expect(cancellation.epochs == 3)
        #expect(cancellation.reason == "stopped from the page")
    }

    @Test func theSineStreamsAFittedCurve() throws {
        let events = try Self.events("dataset=noisy-sine&n=50&epochs=3")
        let epochs = events.compactMap { if case .epoch(let e) = $0 { e } else { nil } }
        #expect(epochs.count == 3)
        #expect(epochs.allSatisfy { $0.curve?.count == TrainingSession.curvePoints && $0.gridClass == nil && $0.validationAccuracy == nil })
    }

    /// The clipping preset's description, over five seeds: with clip = 1 every run stays finite;
    /// without clipping most (at least 3 of 5) diverge.
    @Test func theClippingPresetKeepsEveryRunFiniteAndMostDivergeWithout() throws {
        let preset = try #require(Preset.all.first { $0.name.contains("clipping") })
        var finiteWithClipping = 0
        var divergedWithout = 0
        for seed: UInt64 in 1...5 {
            var clipped = preset.configuration
            clipped.seed = seed
            var unclipped = clipped
            unclipped.clipNorm = 0
            if case .finished = try Self.events(clipped.queryString).last { finiteWithClipping += 1 }
            if case .failed(let failure) = try Self.events(unclipped.queryString).last,
               failure.message.hasPrefix("training diverged") { divergedWithout += 1 }
        }
        #expect(finiteWithClipping == 5)
        #expect(divergedWithout >= 3, "\(divergedWithout) of 5 diverged without clipping")
    }
}

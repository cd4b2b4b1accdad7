import NeuralKit
import Notebook
import NotebookDocument

/// The early-stopping lesson: `lessons/early-stopping.md` and the experiments behind every number
/// in it. (Named `EarlyStoppingLesson` so as not to clash with NeuralKit's `EarlyStopping`.)
public enum EarlyStoppingLesson {
    public static let definition = LessonDefinition(
        name: "early-stopping", title: "Early Stopping",
        subtitle: "Patience, min delta, restoring the best epoch, and early stopping as a weight budget",
        plan: [
            Experiment(
                id: "overfit-run", section: "sec-overfit-run",
                summary: "wide MLPs on noisily labelled digits trained to the end, measured every epoch",
                settings: EarlyStoppingSetup.self
            ) { setup, context in
                let result = try TrainingTrajectory.run(
                    setup, seeds: context.runSeeds(setup.runs), baseSeed: context.seed, jobs: context.jobs,
                    narration: context.concurrentNarration)
                context.products.store(result)
                recordSetup(result, in: context.results)
                recordTrajectory(result, in: context.results)
                for claim in EarlyStoppingClaims.trajectory(result) { context.results.record(claim: claim) }
                context.reporter.summarize(
                    "restored best epoch: validation loss \(fixed3(result.restoredLoss.mean)) "
                        + "vs \(fixed3(result.lastLoss.mean)) for the last model")
            },
            Experiment(
                id: "trainer-stopping", section: "sec-rule",
                summary: "the same runs with EarlyStopping in the trainer, checked against the replayed rule",
                requires: ["overfit-run"], settings: EarlyStoppedTraining.Settings.self
            ) { settings, context in
                let trajectory = try context.products.get(TrainingTrajectory.Result.self, for: "trainer-stopping")
                let setup = trajectory.setup
                let stopped = try EarlyStoppedTraining.run(
                    setup, data: trajectory.data, maximumEpochs: setup.epochs, minDelta: settings.minDelta,
                    jobs: context.jobs, narration: context.concurrentNarration)
                let replay = trajectory.runs.map {
                    StoppingRuleReplay.decide(
                        monitored: $0.validationLoss, patience: setup.patience, minDelta: settings.minDelta)
                }
                let result = EarlyStoppedTraining.TrainerResult(
                    stopped: stopped, replay: replay,
                    fullRunRestoredLoss: zip(trajectory.runs, replay).map { $0.validationLoss[$1.bestEpoch - 1] })
                context.products.store(result)
                recordTrainer(result, trajectory: trajectory, in: context.results)
                for claim in EarlyStoppingClaims.trainer(result, seeds: trajectory.seeds) {
                    context.results.record(claim: claim)
                }
            },
            Experiment(
                id: "patience-sweep", section: "sec-patience",
                summary: "every patience replayed on the full runs (no training)",
                requires: ["overfit-run"], settings: StoppingRuleReplay.PatienceSettings.self
            ) { settings, context in
                let trajectory = try context.products.get(TrainingTrajectory.Result.self, for: "patience-sweep")
                let sweep = try StoppingRuleReplay.patienceSweep(trajectory, settings: settings)
                context.products.store(sweep)
                recordPatienceSweep(sweep, trajectory: trajectory, in: context.results)
                for claim in EarlyStoppingClaims.patience(sweep, seeds: trajectory.seeds) {
                    context.results.record(claim: claim)
                }
            },
            Experiment(
                id: "l2-budget", section: "sec-budget",
                summary: "the same runs trained to the end with L2 penalties, beside the early-stopped networks",
                requires: ["overfit-run"], settings: ImplicitL2.Configuration.self
            ) { settings, context in
                let trajectory = try context.products.get(TrainingTrajectory.Result.self, for: "l2-budget")
                let l2 = try ImplicitL2.run(
                    settings, trajectory: trajectory, jobs: context.jobs, narration: context.concurrentNarration)
                context.products.store(l2)
                recordImplicitL2(l2, trajectory: trajectory, in: context.results)
                for claim in EarlyStoppingClaims.weightBudget(l2, trajectory: trajectory) {
                    context.results.record(claim: claim)
                }
            },
            Experiment(
                id: "plateau", section: "sec-plateau",
                summary: "the trainer's runs again behind a reduce-on-plateau schedule",
                requires: ["trainer-stopping"], settings: EarlyStoppedTraining.Plateau.self
            ) { settings, context in
                let trajectory = try context.products.get(TrainingTrajectory.Result.self, for: "plateau")
                let trainer = try context.products.get(EarlyStoppedTraining.TrainerResult.self, for: "plateau")
                let setup = trajectory.setup
                guard settings.patience < setup.patience else {
                    throw SettingError(
                        "plateau: patience \(settings.patience) must be shorter than the stopping patience overfit-run.patience = \(setup.patience), or training ends before the rate is cut")
                }
                let plateau = try EarlyStoppedTraining.run(
                    setup, data: trajectory.data, maximumEpochs: setup.epochs, minDelta: trainer.stopped.minDelta,
                    plateau: settings, jobs: context.jobs, narration: context.concurrentNarration)
                let comparison = EarlyStoppedTraining.PlateauComparison(plain: trainer.stopped, plateau: plateau)
                context.products.store(comparison)
                recordPlateau(comparison, trajectory: trajectory, in: context.results)
                for claim in EarlyStoppingClaims.plateau(comparison, seeds: trajectory.seeds) {
                    context.results.record(claim: claim)
                }
            },
            Experiment(
                id: "pitfalls", section: "sec-pitfalls",
                summary: "the training-loss monitor, small validation sets and min delta, replayed on the full runs",
                requires: ["overfit-run"], settings: StoppingPitfalls.Settings.self
            ) { settings, context in
                let trajectory = try context.products.get(TrainingTrajectory.Result.self, for: "pitfalls")
                let result = try StoppingPitfalls.run(trajectory, settings: settings)
                context.products.store(result)
                recordPitfalls(result, trajectory: trajectory, in: context.results)
                for claim in EarlyStoppingClaims.pitfalls(result, seeds: trajectory.seeds) {
                    context.results.record(claim: claim)
                }
            },
        ])

    static func fixed3(_ value: Double) -> String { "\((value * 1000).rounded() / 1000)" }

    // MARK: - Recording

    static func recordSetup(_ result: TrainingTrajectory.Result, in store: ResultsStore) {
        let setup = result.setup
        let caption = setup.captionConfiguration(seed: result.baseSeed)
        store.record("train-count", setup.trainCount, configuration: caption)
        store.record("validation-count", setup.validationCount, configuration: caption)
        store.record("small-validation-count", setup.smallValidationCount, configuration: caption)
        store.record("small-set-count", setup.smallSetCount, configuration: caption)
        store.record("label-noise", setup.labelNoise, configuration: caption)
        store.record("epochs", setup.epochs, configuration: caption)
        store.record("seed-count", setup.runs, configuration: caption)
        store.record("learning-rate", setup.learningRate, configuration: caption)
        store.record("batch-size", setup.batchSize, configuration: caption)
        store.record("patience", setup.patience, configuration: caption)
        store.record("architecture", text: setup.sizes.map(String.init).joined(separator: "–"), configuration: caption)
        store.record("parameter-count", setup.parameterCount, configuration: caption)
        store.record(
            "parameters-per-sample", Double(setup.parameterCount) / Double(setup.trainCount), configuration: caption)
    }

    static func recordTrajectory(_ trajectory: TrainingTrajectory.Result, in store: ResultsStore) {
        let setup = trajectory.setup
        let caption = "\(setup.captionConfiguration(seed: trajectory.baseSeed)), \(setup.epochs) epochs"
        store.record("best-epoch", trajectory.bestEpoch, configuration: caption)
        store.record("restored-loss", trajectory.restoredLoss, configuration: caption)
        store.record("last-loss", trajectory.lastLoss, configuration: caption)
        store.record("last-minus-restored-loss", trajectory.lastLoss - trajectory.restoredLoss, configuration: caption)
        store.record("restored-accuracy", trajectory.restoredAccuracy, configuration: caption)
        store.record("last-accuracy", trajectory.lastAccuracy, configuration: caption)
        store.record("restored-memorized", trajectory.restoredMemorized, configuration: caption)
        store.record("last-memorized", trajectory.lastMemorized, configuration: caption)
        store.record("final-train-loss", trajectory.finalTrainLoss, configuration: caption)
        store.record("best-epoch-train-loss", trajectory.bestEpochTrainLoss, configuration: caption)
        store.record("initial-norm", trajectory.initialNorm, configuration: caption)
        store.record("restored-norm", trajectory.restoredNorm, configuration: caption)
        store.record("last-norm", trajectory.lastNorm, configuration: caption)
        store.record(
            "initial-over-last-norm",
            SeedSummary(zip(trajectory.initialNorm.values, trajectory.lastNorm.values).map { $0 / $1 }),
            configuration: caption)
        store.record(
            "restored-growth",
            SeedSummary(zip(trajectory.restoredNorm.values, trajectory.initialNorm.values).map { $0 / $1 - 1 }),
            configuration: caption)
        store.record(
            "last-growth",
            SeedSummary(zip(trajectory.lastNorm.values, trajectory.initialNorm.values).map { $0 / $1 - 1 }),
            configuration: caption)
        let base = trajectory.runs[0]
        let baseDecision = StoppingRuleReplay.decide(
            monitored: base.validationLoss, patience: setup.patience, minDelta: 0)
        store.record("base-best-epoch", baseDecision.bestEpoch, configuration: caption)
        store.record("base-lowest-epoch", base.bestEpoch, configuration: caption)
        store.record("base-stopped-epoch", baseDecision.stoppedEpoch, configuration: caption)
        store.record(
            figure: EarlyStoppingFigures.curves(base, decision: baseDecision, patience: setup.patience),
            named: "curves",
            configuration: "\(setup.captionConfiguration(seed: trajectory.baseSeed)), run 1, "
                + "patience \(setup.patience), \(setup.epochs) epochs")
    }

    static func recordTrainer(
        _ result: EarlyStoppedTraining.TrainerResult, trajectory: TrainingTrajectory.Result, in store: ResultsStore
    ) {
        let setup = trajectory.setup
        let stopped = result.stopped
        let caption = "\(setup.captionConfiguration(seed: trajectory.baseSeed)), patience \(setup.patience), "
            + "min delta \(formatNumber(stopped.minDelta)), at most \(setup.epochs) epochs"
        store.record("es-min-delta", stopped.minDelta, configuration: caption)
        store.record("es-stopped-epoch", stopped.stoppedEpoch, configuration: caption)
        store.record("es-restored-epoch", stopped.restoredEpoch, configuration: caption)
        store.record("es-loss", stopped.validationLoss, configuration: caption)
        store.record("es-accuracy", stopped.validationAccuracy, configuration: caption)
        store.record("es-stopped-count", stopped.stoppedCount, configuration: caption)
        store.record("replay-agreement", result.agreement.filter { $0 }.count, configuration: caption)
        store.record(
            "epochs-saved", SeedSummary(stopped.runs.map { Double(setup.epochs - $0.stoppedEpoch) }),
            configuration: caption)
    }

    static func recordPatienceSweep(
        _ sweep: StoppingRuleReplay.PatienceSweep, trajectory: TrainingTrajectory.Result, in store: ResultsStore
    ) {
        let setup = trajectory.setup
        let caption = "\(setup.captionConfiguration(seed: trajectory.baseSeed)), \(setup.epochs) epochs, "
            + "rule replayed on each run, patience \(sweep.outcomes.map { String($0.patience) }.joined(separator: ", "))"
        store.record(
            table: "patience-table",
            ResultTable(
                columns: [
                    .init("patience", format: "int"), .init("epochs trained", format: "mean-std fixed.1"),
                    .init("val. loss, best restored", format: "mean-std fixed.3"),
                    .init("val. loss, last kept", format: "mean-std fixed.3"),
                    .init("runs stopped", format: "int"),
                ],
                rows: sweep.outcomes.map { outcome in
                    [
                        .number(Double(outcome.patience)), .sample(outcome.epochsSpent.values),
                        .sample(outcome.restoredLoss.values), .sample(outcome.lastLoss.values),
                        .number(Double(outcome.stoppedCount)),
                    ]
                }),
            configuration: caption)
        store.record(
            figure: EarlyStoppingFigures.patienceSweep(sweep.outcomes, epochs: setup.epochs),
            named: "patience-sweep", configuration: caption)
        let shortest = sweep.shortest, longest = sweep.longest, lesson = sweep.lesson
        store.record("shortest-patience", shortest.patience, configuration: caption)
        store.record("longest-patience", longest.patience, configuration: caption)
        store.record("shortest-patience-epochs", shortest.epochsSpent, configuration: caption)
        store.record("shortest-patience-loss", shortest.restoredLoss, configuration: caption)
        store.record("lesson-patience-epochs", lesson.epochsSpent, configuration: caption)
        store.record("lesson-patience-loss", lesson.restoredLoss, configuration: caption)
        store.record("longest-patience-epochs", longest.epochsSpent, configuration: caption)
        store.record("longest-patience-loss", longest.restoredLoss, configuration: caption)
        store.record("longest-patience-last-loss", longest.lastLoss, configuration: caption)
        store.record("patience-tolerance", sweep.settings.tolerance, configuration: caption)
        // The smallest patience whose mean restored loss is within the tolerance of the longest's
        // (chosen on these runs: a description of them, not a recommendation).
        let target = longest.restoredLoss.mean * (1 + sweep.settings.tolerance)
        let enough = sweep.outcomes.first { $0.restoredLoss.mean <= target } ?? longest
        store.record("enough-patience", enough.patience, configuration: caption)
        store.record("enough-patience-epochs", enough.epochsSpent, configuration: caption)

        // One frame per patience: where the rule stops on the first run and which epoch it restores.
        let base = trajectory.runs[0]
        let frames = sweep.outcomes.map { outcome in
            ExplorerFrames.Frame(
                value: "P = \(outcome.patience)",
                figure: EarlyStoppingFigures.patienceFrame(base, decision: outcome.decisions[0], patience: outcome.patience))
        }
        store.record(
            explorer: ExplorerFrames(
                parameter: "patience P", frames: frames,
                defaultFrame: sweep.outcomes.firstIndex { $0.patience == setup.patience } ?? 0),
            named: "patience-explorer", configuration: caption + ", run 1")
    }

    static func recordPitfalls(
        _ result: StoppingPitfalls.Result, trajectory: TrainingTrajectory.Result, in store: ResultsStore
    ) {
        let setup = trajectory.setup
        let caption = "\(setup.captionConfiguration(seed: trajectory.baseSeed)), \(setup.epochs) epochs, "
            + "rule replayed on each run"
        let train = result.trainingLossMonitor
        let validation = result.validationLossMonitor
        store.record("train-monitor-epochs", train.epochsSpent, configuration: caption)
        store.record("train-monitor-stopped", train.stoppedCount, configuration: caption)
        store.record("train-monitor-loss", train.restoredLoss, configuration: caption)
        store.record("val-monitor-loss", validation.restoredLoss, configuration: caption)
        store.record("val-monitor-epochs", validation.epochsSpent, configuration: caption)

        let small = result.settings.smallPatience
        let noisyCaption = "\(caption); monitored: \(result.smallSetCount) disjoint sets of "
            + "\(setup.smallValidationCount) validation images each, or all of them; patience \(small)"
        store.record("small-patience", small, configuration: noisyCaption)
        store.record(
            table: "min-delta-table",
            ResultTable(
                columns: [
                    .init("min delta", format: "fixed.2"),
                    .init("small set: epochs", format: "mean-std fixed.1"),
                    .init("small set's loss", format: "mean-std fixed.3"),
                    .init("other images' loss", format: "mean-std fixed.3"),
                    .init("full set: epochs", format: "mean-std fixed.1"),
                    .init("full-set loss", format: "mean-std fixed.3"),
                ],
                rows: zip(result.smallSets, result.fullSet).map { noisy, full in
                    [
                        ResultValue.number(noisy.minDelta), .sample(noisy.epochsSpent.values),
                        .sample(noisy.reportedLoss.values), .sample(noisy.otherImagesLoss.values),
                        .sample(full.epochsSpent.values), .sample(full.restoredLoss.values),
                    ]
                }),
            configuration: noisyCaption)
        let zero = result.smallSets.first!
        store.record("noisy-zero-epochs", zero.epochsSpent, configuration: noisyCaption)
        store.record("noisy-zero-small-loss", zero.reportedLoss, configuration: noisyCaption)
        store.record("noisy-zero-other-loss", zero.otherImagesLoss, configuration: noisyCaption)
        store.record("noisy-report-error", zero.reportError, configuration: noisyCaption)
        store.record("noisy-control-error", zero.controlError, configuration: noisyCaption)
        store.record("noisy-selection-optimism", zero.selectionOptimism, configuration: noisyCaption)
        store.record("noisy-choice-cost", zero.choiceCost, configuration: noisyCaption)
        store.record("noisy-optimistic-share", zero.optimisticShare, configuration: noisyCaption)
        store.record("noisy-full-epochs", result.fullSet.first!.epochsSpent, configuration: noisyCaption)
        let largest = result.smallSets.last!
        store.record("largest-min-delta", largest.minDelta, configuration: noisyCaption)
        store.record("largest-min-delta-epochs", largest.epochsSpent, configuration: noisyCaption)
        store.record("largest-min-delta-loss", largest.otherImagesLoss, configuration: noisyCaption)
        let base = trajectory.runs[0]
        let baseSmall = StoppingRuleReplay.decide(monitored: base.smallValidationLoss, patience: small, minDelta: 0)
        store.record(
            figure: EarlyStoppingFigures.noisyValidation(
                base, small: baseSmall, smallPatience: small, smallCount: setup.smallValidationCount),
            named: "noisy-validation",
            configuration: "\(setup.captionConfiguration(seed: trajectory.baseSeed)), run 1, first small set, "
                + "patience \(small), \(setup.epochs) epochs")
    }

    static func recordImplicitL2(
        _ l2: ImplicitL2.Result, trajectory: TrainingTrajectory.Result, in store: ResultsStore
    ) {
        let setup = trajectory.setup
        let caption = "\(setup.captionConfiguration(seed: trajectory.baseSeed)), \(setup.epochs) epochs, "
            + "λ ∈ {\(l2.strengths.map { formatNumber($0.strength) }.joined(separator: ", "))}"
        var rows: [[ResultValue]] = [
            [
                .text("no penalty, last epoch"), .sample(trajectory.lastNorm.values), .sample(trajectory.lastLoss.values),
                .sample(trajectory.lastAccuracy.values), .sample(trajectory.lastMemorized.values),
            ],
            [
                .text("no penalty, best restored"), .sample(trajectory.restoredNorm.values),
                .sample(trajectory.restoredLoss.values), .sample(trajectory.restoredAccuracy.values),
                .sample(trajectory.restoredMemorized.values),
            ],
        ]
        for strength in l2.strengths {
            rows.append([
                .text("L2, λ = \(formatNumber(strength.strength)), end"), .sample(strength.weightNorm.values),
                .sample(strength.validationLoss.values), .sample(strength.validationAccuracy.values),
                .sample(strength.memorizedNoise.values),
            ])
        }
        store.record(
            table: "budget-table",
            ResultTable(
                columns: [
                    .init("network"), .init("‖W‖₂", format: "mean-std fixed.1"),
                    .init("val. loss", format: "mean-std fixed.3"), .init("val. accuracy", format: "mean-std percent.1"),
                    .init("flips memorised", format: "mean-std percent.1"),
                ],
                rows: rows),
            configuration: caption)
        let best = l2.best
        store.record("best-strength", best.strength, configuration: caption)
        store.record("best-strength-loss", best.validationLoss, configuration: caption)
        store.record("best-strength-accuracy", best.validationAccuracy, configuration: caption)
        store.record("best-strength-norm", best.weightNorm, configuration: caption)
        store.record("best-strength-memorized", best.memorizedNoise, configuration: caption)
        store.record(
            "best-strength-accuracy-difference", best.validationAccuracy - trajectory.restoredAccuracy,
            configuration: caption)
        store.record("strength-count", l2.strengths.count, configuration: caption)
        store.record(
            figure: EarlyStoppingFigures.weightBudget(trajectory, l2: l2), named: "weight-budget",
            configuration: caption)
    }

    static func recordPlateau(
        _ comparison: EarlyStoppedTraining.PlateauComparison, trajectory: TrainingTrajectory.Result,
        in store: ResultsStore
    ) {
        let setup = trajectory.setup
        let plain = comparison.plain
        let plateau = comparison.plateau
        let settings = plateau.plateau ?? .init(quick: false)
        let caption = "\(setup.captionConfiguration(seed: trajectory.baseSeed)), early stopping patience \(setup.patience), "
            + "ReduceLROnPlateau(factor \(formatNumber(settings.factor)), patience \(settings.patience)), "
            + "at most \(setup.epochs) epochs"
        store.record("plateau-factor", settings.factor, configuration: caption)
        store.record("plateau-patience", settings.patience, configuration: caption)
        store.record("plateau-stopped-epoch", plateau.stoppedEpoch, configuration: caption)
        store.record("plateau-restored-epoch", plateau.restoredEpoch, configuration: caption)
        store.record("plateau-loss", plateau.validationLoss, configuration: caption)
        store.record("plateau-accuracy", plateau.validationAccuracy, configuration: caption)
        store.record("plateau-cuts", plateau.learningRateCuts, configuration: caption)
        store.record("plain-loss", plain.validationLoss, configuration: caption)
        store.record("plain-accuracy", plain.validationAccuracy, configuration: caption)
        store.record("plateau-loss-change", plateau.validationLoss - plain.validationLoss, configuration: caption)
        store.record(
            "plateau-accuracy-change", plateau.validationAccuracy - plain.validationAccuracy, configuration: caption)
        store.record(
            figure: EarlyStoppingFigures.plateau(plain: plain.runs[0], plateau: plateau.runs[0]), named: "plateau",
            configuration: caption + ", run 1")
    }

    /// Whether a curve rises from its first to its last value, mostly (at most a tenth of the steps
    /// going down).
    static func isIncreasing(_ curve: [Double]) -> Bool {
        let downs = zip(curve, curve.dropFirst()).filter { $1 < $0 }.count
        return curve.last! > curve.first! && downs * 10 <= curve.count
    }
}

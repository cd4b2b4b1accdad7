import Foundation
import Lessons
import NeuralKit

BLAS.setThreadCount(1)
let quick = CommandLine.arguments.contains("--quick")
let which = CommandLine.arguments.last!
let clock = ContinuousClock()
let env = ProcessInfo.processInfo.environment
func tune(_ p: inout SineProblem, _ lr: inout Double, _ epochs: inout Int) {
    if let v = env["N"] { p.trainCount = Int(v)! }
    if let v = env["NOISE"] { p.noise = Float(v)! }
    if let v = env["LR"] { lr = Double(v)! }
    if let v = env["EPOCHS"] { epochs = Int(v)! }
}
func f(_ s: SeedSummary) -> String { String(format: "%.4f ± %.4f", s.mean, s.standardDeviation) }
if which == "div" {
    let t = clock.now
    var c = DivergencePoint.Configuration(seed: 1, quick: quick)
    tune(&c.problem, &c.learningRate, &c.epochs)
    if let v = env["W"] { c.sizes = [1, Int(v)!, Int(v)!, 1] }
    let r = try DivergencePoint.run(c, narration: .silent)
    print("div", clock.now - t)
    print("best epoch", r.bestEpoch.values, r.runs.map{($0.bestCurveError, $0.finalCurveError, $0.fit.finalValidationLoss / $0.fit.bestValidationLoss)}, "bestVal", f(r.bestValidationLoss), "finalVal", f(r.finalValidationLoss), "trainAtBest", f(r.trainLossAtBest), "finalTrain", f(r.finalTrainLoss), "curve err best/final", f(r.bestCurveError), f(r.finalCurveError), "diverged", r.seedsThatDiverged)
}
if which == "bv" {
    let t = clock.now
    var c = CapacitySweep.Configuration(seed: 1, quick: quick)
    tune(&c.problem, &c.learningRate, &c.epochs)
    let r = try CapacitySweep.run(c, narration: .silent)
    print("bv", clock.now - t)
    for d in r.decompositions { print(d.width, f(d.testError), d.biasSquared, d.variance, d.noise, d.sum, d.measuredError, d.measuredStandardError, d.discrepancyInStandardErrors, f(d.trainLoss)) }
}
if which == "mem" {
    let t = clock.now
    let r = try RandomLabelMemorization.run(.init(seed: 1, quick: quick), narration: .silent)
    print("mem", clock.now - t)
    for l in RandomLabelMemorization.Labels.allCases { print(l, f(r.trainAccuracy(l)), f(r.validationAccuracy(l)), r.epochsToFit(l).values) }
}

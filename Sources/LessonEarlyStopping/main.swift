import Lessons
import NeuralKit
import Notebook

// `swift run lesson-early-stopping [--seed N] [--quick] [--output DIR] [--format png|pdf|svg]`:
// trains the lesson's networks, then writes output/early-stopping/early-stopping.pdf, its figures
// and results.json.
BLAS.relaunchWithFastKernelsIfNeeded()
LessonCommandLine.run(EarlyStoppingLesson.definition)

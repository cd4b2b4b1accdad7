import Lessons
import NeuralKit
import Notebook

// `swift run lesson-l1-l2 [--seed N] [--quick] [--output DIR] [--format png|pdf|svg]`:
// trains the lesson's networks, then writes output/l1-l2/l1-l2.pdf, its figures and results.json.
BLAS.relaunchWithFastKernelsIfNeeded()
LessonCommandLine.run(WeightPenaltiesLesson.definition)

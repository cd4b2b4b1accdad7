import Lessons
import NeuralKit
import Notebook

// `swift run lesson-overfitting [--seed N] [--quick] [--output DIR] [--format png|pdf|svg]`:
// trains the lesson's networks, then writes output/overfitting/overfitting.pdf, its figures and
// results.json.
BLAS.relaunchWithFastKernelsIfNeeded()
LessonCommandLine.run(OverfittingLesson.definition)

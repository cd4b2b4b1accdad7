import Lessons
import NeuralKit
import Notebook

// `swift run lesson-dropout [--seed N] [--quick] [--output DIR] [--format png|pdf|svg]`:
// trains the lesson's networks, then writes output/dropout/dropout.pdf, its figures and results.json.
BLAS.relaunchWithFastKernelsIfNeeded()
LessonCommandLine.run(DropoutLesson.definition)

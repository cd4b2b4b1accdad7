import Lessons
import NeuralKit
import Notebook

// `swift run lesson-batchnorm [--seed N] [--quick] [--output DIR] [--format png|pdf|svg]`:
// trains the lesson's networks, then writes output/batchnorm/batchnorm.pdf, its figures and results.json.
BLAS.relaunchWithFastKernelsIfNeeded()
LessonCommandLine.run(BatchNormLesson.definition)

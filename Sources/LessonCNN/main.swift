import Lessons
import NeuralKit
import Notebook

// `swift run lesson-cnn [--seed N] [--quick] [--output DIR] [--format png|pdf|svg]`:
// trains the lesson's networks, then writes output/cnn/cnn.pdf, its figures and results.json.
BLAS.relaunchWithFastKernelsIfNeeded()
LessonCommandLine.run(CNNLesson.definition)

import Lessons
import NeuralKit
import Notebook

// `swift run lesson-toolbox [--seed N] [--quick] [--output DIR] [--format png|pdf|svg]`:
// trains the lesson's networks, then writes output/toolbox/toolbox.pdf, its figures and results.json.
BLAS.relaunchWithFastKernelsIfNeeded()
LessonCommandLine.run(ToolboxLesson.definition)

import Lessons
import NeuralKit
import Notebook

// `swift run lesson-distillation [--seed N] [--quick] [--output DIR] [--format png|pdf|svg]`:
// trains teachers and students, then writes output/distillation/distillation.pdf, its figures and
// results.json.
BLAS.relaunchWithFastKernelsIfNeeded()
LessonCommandLine.run(DistillationLesson.definition)

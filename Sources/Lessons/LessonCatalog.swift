import Notebook

/// Every lesson of the course, in course order. `swift run course` builds those whose source
/// exists in `lessons/`.
public enum LessonCatalog {
    public static var all: [LessonDefinition] {
        [
            OverfittingLesson.definition, WeightPenaltiesLesson.definition, DropoutLesson.definition,
            BatchNormLesson.definition, EarlyStoppingLesson.definition, DistillationLesson.definition,
            ToolboxLesson.definition, CNNLesson.definition,
        ]
    }
}

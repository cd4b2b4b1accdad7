import Notebook

/// Every lesson of the course, in course order. `swift run course` builds those whose source
/// exists in `lessons/`.
///
/// Stub added by the notebook front end so that `Course` compiles; the lead owns this file and
/// registers the lessons here.
public enum LessonCatalog {
    public static var all: [LessonDefinition] { [] }
}

// swift-tools-version:6.2
import PackageDescription

/// The numeric code is compiled with `-O` even in debug builds, so that `swift run lesson-…` in the
/// default configuration is not fifty times slower than release (see ../shared/PLATFORM.md). Tools
/// version 6.2 lets another package depend on this one by version despite these unsafe flags
/// (6.1 refused: "contains unsafe build flags"); scripts/check-dependent-package.sh checks it.
/// At `-O` `precondition` drops its message, so these modules check with `checkPrecondition`
/// (target `Preconditions`), which keeps it.
let optimized: [SwiftSetting] = [.unsafeFlags(["-O"])]

let package = Package(
    name: "Regularize",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "NeuralKit", targets: ["NeuralKit"]),
        .library(name: "Plots", targets: ["Plots"]),
        .library(name: "NotebookDocument", targets: ["NotebookDocument"]),
        .library(name: "NotebookPDF", targets: ["NotebookPDF"]),
        .library(name: "NotebookHTML", targets: ["NotebookHTML"]),
        .library(name: "Notebook", targets: ["Notebook"]),
        .executable(name: "lesson-dropout", targets: ["LessonDropout"]),
        .executable(name: "lesson-overfitting", targets: ["LessonOverfitting"]),
        .executable(name: "lesson-l1-l2", targets: ["LessonL1L2"]),
        .executable(name: "lesson-batchnorm", targets: ["LessonBatchNorm"]),
        .executable(name: "lesson-early-stopping", targets: ["LessonEarlyStopping"]),
        .executable(name: "lesson-distillation", targets: ["LessonDistillation"]),
        .executable(name: "lesson-toolbox", targets: ["LessonToolbox"]),
        .executable(name: "lesson-cnn", targets: ["LessonCNN"]),
        .executable(name: "course", targets: ["Course"]),
        .executable(name: "plot-gallery", targets: ["PlotGallery"]),
        .executable(name: "bench", targets: ["Bench"]),
        .executable(name: "grade", targets: ["Grade"]),
        .executable(name: "release-student", targets: ["ReleaseStudent"]),
        .executable(name: "exercise-runner", targets: ["ExerciseRunner"]),
        .executable(name: "playground", targets: ["PlaygroundServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        // The playground's web server (server-sent events over plain HTTP/1.1; no WebSocket package).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // BEGIN INSTRUCTOR (only the grader's own tests use it)
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        // END INSTRUCTOR
    ],
    targets: [
        // MARK: - System libraries (Debian packages, installed by scripts/setup.sh)
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CPangoCairo", pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev"])]),
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        // libhyphen (no pkg-config file) with Debian's US English patterns, for justified text.
        .systemLibrary(name: "CHyphen", providers: [.apt(["libhyphen-dev", "hyphen-en-us"])]),
        // zlib, to rewrite the PDF content streams cairo compresses (formulas' /ActualText).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: - Libraries
        .target(name: "Preconditions", swiftSettings: optimized),
        .target(
            name: "NeuralKit",
            dependencies: ["CBLAS", "Preconditions", .product(name: "RealModule", package: "swift-numerics")],
            // `-fno-math-errno`: Swift's `squareRoot()` is C's `__builtin_sqrtf`, which with errno
            // semantics stays a scalar call guarded by a branch; without them it vectorises
            // (Adam's update loop runs 3.7x faster). Results are identical.
            swiftSettings: optimized + [.unsafeFlags(["-Xcc", "-fno-math-errno"])]),
        .target(name: "Plots", dependencies: ["CPangoCairo", "Preconditions"], swiftSettings: optimized),
        // The lesson engine, in four modules (see docs/architecture.md): the document model and
        // everything that builds it from a lesson's source and a run's results; one module per
        // renderer; and the runner that drives them.
        .target(
            name: "NotebookDocument", dependencies: ["Plots", "Preconditions", "CCmarkGFM"],
            swiftSettings: optimized),
        .target(
            name: "NotebookPDF",
            dependencies: ["NotebookDocument", "Plots", "Preconditions", "CPangoCairo", "CHyphen", "CZlib"],
            swiftSettings: optimized),
        .target(
            name: "NotebookHTML", dependencies: ["NotebookDocument", "Preconditions", "CPangoCairo"],
            swiftSettings: optimized),
        .target(
            name: "Notebook",
            dependencies: [
                "NotebookDocument", "NotebookPDF", "NotebookHTML", "Preconditions", "CBLAS", "Playground",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: optimized),
        .target(
            name: "Lessons", dependencies: ["NeuralKit", "Plots", "Notebook", "NotebookDocument", "Preconditions"],
            swiftSettings: optimized),
        // The exercises: the student's module sees NeuralKit and the few shared types; it never
        // links the grader. `exercise-runner` (the student's module alone) is what grading runs,
        // sandboxed; the grader talks to it over a pipe (ExerciseWire) and never links `Student`.
        .target(name: "ExerciseTypes"),
        .target(name: "ExerciseWire"),
        .target(name: "Student", dependencies: ["NeuralKit", "ExerciseTypes"]),
        .executableTarget(name: "ExerciseRunner", dependencies: ["Student", "ExerciseWire", "NeuralKit"]),
        .target(name: "Grader", dependencies: ["NeuralKit", "ExerciseTypes", "ExerciseWire"], swiftSettings: optimized),
        // The student's module as a `Submission` in one process with the checks: a student's own
        // `swift test` only.
        .target(name: "StudentSubmission", dependencies: ["Grader", "Student"]),
        // The playground: configuration, run queue and training sessions (no HTTP), and the
        // Hummingbird server that streams them to the page shipped in Resources/.
        .target(name: "Playground", dependencies: ["NeuralKit"], swiftSettings: optimized),
        .target(
            name: "PlaygroundWeb",
            dependencies: [
                "Playground", "NeuralKit", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Site")]),

        // MARK: - Executables (thin main.swift files that call into the libraries)
        .executableTarget(
            name: "LessonDropout",
            dependencies: ["Lessons", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "LessonOverfitting", dependencies: ["Lessons", "Notebook", "NeuralKit"]),
        .executableTarget(name: "LessonBatchNorm", dependencies: ["Lessons", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "LessonL1L2",
            dependencies: ["Lessons", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "LessonDistillation",
            dependencies: ["Lessons", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "LessonToolbox",
            dependencies: ["Lessons", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "LessonCNN",
            dependencies: ["Lessons", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "LessonEarlyStopping",
            dependencies: ["Lessons", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "Course",
            dependencies: ["Lessons", "NeuralKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "PlotGallery",
            dependencies: ["Plots", "NeuralKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "Bench",
            dependencies: ["NeuralKit", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: optimized),
        .executableTarget(
            name: "Grade",
            dependencies: ["Grader", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "PlaygroundServer",
            dependencies: ["Playground", "PlaygroundWeb", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "ReleaseStudent",
            dependencies: ["Grader", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // MARK: - Tests
        .testTarget(
            name: "NeuralKitTests", dependencies: ["NeuralKit"],
            resources: [.copy("Fixtures")], swiftSettings: optimized),
        .testTarget(name: "PlotsTests", dependencies: ["Plots"]),
        .testTarget(name: "NotebookDocumentTests", dependencies: ["NotebookDocument"]),
        .testTarget(name: "NotebookPDFTests", dependencies: ["NotebookPDF", "NotebookDocument", "Plots"]),
        .testTarget(name: "NotebookHTMLTests", dependencies: ["NotebookHTML", "NotebookDocument"]),
        .testTarget(name: "NotebookTests", dependencies: ["Notebook", "NotebookDocument", "NotebookPDF"]),
        .testTarget(name: "LessonsTests", dependencies: ["Lessons"], swiftSettings: optimized),
        // The HTML edition in headless Chromium (Tests/Browser/, set up by scripts/setup.sh).
        .testTarget(
            name: "BrowserTests", dependencies: ["Lessons", "Notebook", "NotebookDocument", "NotebookHTML", "CPangoCairo"],
            swiftSettings: optimized),
        // The public exercise checks, shipped to students: `swift test` grades their Sources/Student/.
        .testTarget(name: "ExerciseTests", dependencies: ["Grader", "StudentSubmission"]),
        // Runs the Selenium scripts of Tests/Browser/ (Debian's chromium, .venv-browser/) from Swift tests.
        .target(name: "BrowserTesting", path: "Tests/BrowserTesting"),
        .testTarget(
            name: "PlaygroundTests", dependencies: ["Playground", "PlaygroundWeb", "NeuralKit", "BrowserTesting"],
            swiftSettings: optimized),
        // BEGIN INSTRUCTOR (release-student removes this block: the grader's own tests)
        .testTarget(
            name: "GraderTests",
            dependencies: [
                "Grader", "Student", "StudentSubmission", "ExerciseWire",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        // END INSTRUCTOR
    ],
    swiftLanguageModes: [.v6]
)

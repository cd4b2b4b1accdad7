import Foundation

/// `grade --gradescope-bundle autograder.zip`: the zip an instructor uploads to Gradescope.
///
/// At its root, as Gradescope's autograder specification asks: `setup.sh` (run once, as root, when
/// Gradescope builds the image) and `run_autograder` (run per submission). Beside them, `package/`:
/// this package without build products, outputs or version control, with the student files as
/// stubs (the instructor's solutions are not shipped; the reference the checks use is in
/// `Sources/Grader/Hidden/`).
public enum GradescopeBundle {
    /// Writes the bundle to `zip`; returns the number of files in `package/`.
    @discardableResult
    public static func write(packageRoot: URL, to zip: URL) throws -> Int {
        let staging = FileManager.default.temporaryDirectory.appendingPathComponent("gradescope-bundle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: staging) }
        var contents: [String: Data] = [:]
        for relative in PackageTree.files(under: packageRoot) {
            var data = try Data(contentsOf: packageRoot.appendingPathComponent(relative))
            if relative.hasPrefix("Sources/Student/"), relative.hasSuffix(".swift"),
                let source = String(data: data, encoding: .utf8), SolutionStripper.hasMarkers(source)
            {
                data = Data(try SolutionStripper.strip(source, file: relative).utf8)
            }
            contents["package/" + relative] = data
        }
        contents["setup.sh"] = Data(GradescopeScripts.setup.utf8)
        contents["run_autograder"] = Data(GradescopeScripts.runAutograder.utf8)
        try PackageTree.synchronize(contents, into: staging)
        chmod(staging.appendingPathComponent("setup.sh").path, 0o755)
        chmod(staging.appendingPathComponent("run_autograder").path, 0o755)

        let temporary = zip.deletingLastPathComponent().appendingPathComponent(".\(zip.lastPathComponent).\(UUID().uuidString).tmp.zip")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zip", "-q", "-r", "-X", temporary.path, "."]
        process.currentDirectoryURL = staging
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw GraderError.cannotWrite(zip.path, reason: "zip exited with status \(process.terminationStatus) (is the zip package installed? bash scripts/setup.sh)")
        }
        if rename(temporary.path, zip.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw GraderError.cannotWrite(zip.path, reason: String(cString: strerror(errno)))
        }
        return contents.count - 2
    }
}

/// The two scripts of the bundle.
enum GradescopeScripts {
    static let setup = #"""
        #!/usr/bin/env bash
        # Gradescope runs this once, as root, in /autograder/source, when it builds the autograder image
        # (Ubuntu). It installs Swift and the system libraries, then builds the grader and a runner with
        # the exercise stubs, so that grading a submission compiles only the student's files.
        # AUTOGRADER_ROOT points it at another tree (the package's own end-to-end test does).
        set -euo pipefail
        ROOT="${AUTOGRADER_ROOT:-/autograder}"
        PACKAGE="$ROOT/source/package"
        SWIFT_URL="${SWIFT_URL:-https://download.swift.org/swift-6.2-release/ubuntu2204/swift-6.2-RELEASE/swift-6.2-RELEASE-ubuntu22.04.tar.gz}"
        export DEBIAN_FRONTEND=noninteractive
        export PATH="/opt/swift/usr/bin:$PATH"

        need=()
        for package in libopenblas-dev libcairo2-dev libpango1.0-dev libcmark-gfm-dev libcmark-gfm-extensions-dev \
                       pkg-config bubblewrap binutils util-linux zip; do
          dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || need+=("$package")
        done
        if ! command -v swift >/dev/null; then
          need+=(curl ca-certificates binutils git gnupg2 libc6-dev libcurl4-openssl-dev libedit2 libgcc-11-dev libpython3-dev \
                 libsqlite3-0 libstdc++-11-dev libxml2-dev libz3-dev tzdata zlib1g-dev)
        fi
        if ((${#need[@]})); then
          apt-get update -qq
          apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
        fi
        if ! command -v swift >/dev/null; then
          echo "setup: installing Swift from $SWIFT_URL"
          curl -fsSL "$SWIFT_URL" -o /tmp/swift.tar.gz
          mkdir -p /opt/swift
          tar -xzf /tmp/swift.tar.gz --strip-components=1 -C /opt/swift
          rm /tmp/swift.tar.gz
        fi

        cd "$PACKAGE"
        swift build --product grade
        swift build --product exercise-runner
        # Without namespaces (where Docker forbids them) the sandbox user must not read the grader.
        chmod 700 "$ROOT/source"
        echo "setup: done ($(swift --version 2>&1 | head -1))"
        """#

    static let runAutograder = #"""
        #!/usr/bin/env bash
        # Gradescope runs this per submission. It always leaves $ROOT/results/results.json: the grade,
        # or a message that says why there is none.
        ROOT="${AUTOGRADER_ROOT:-/autograder}"
        PACKAGE="$ROOT/source/package"
        RESULTS="$ROOT/results"
        export PATH="/opt/swift/usr/bin:$PATH"
        mkdir -p "$RESULTS"

        fallback() {
          # $1: a plain sentence (no quotes or backslashes).
          printf '{"score": 0, "output": "%s", "output_format": "md", "visibility": "visible", "stdout_visibility": "hidden", "tests": []}\n' "$1" \
            > "$RESULTS/results.json"
        }

        if [ ! -x "$PACKAGE/.build/debug/grade" ]; then
          fallback "The autograder is not set up (setup.sh did not finish). Nothing was graded; please tell your instructor."
          exit 0
        fi
        metadata=()
        [ -f "$ROOT/submission_metadata.json" ] && metadata=(--metadata "$ROOT/submission_metadata.json")
        cd "$ROOT"
        "$PACKAGE/.build/debug/grade" --in-package --package "$PACKAGE" --submission "$ROOT/submission" \
          --output "$RESULTS" "${metadata[@]}" > "$RESULTS/grade.log" 2>&1
        status=$?
        cat "$RESULTS/grade.log"
        if [ ! -s "$RESULTS/results.json" ]; then
          fallback "The grader stopped (status $status) before writing a result. Nothing was graded; please tell your instructor."
        fi
        exit 0
        """#
}

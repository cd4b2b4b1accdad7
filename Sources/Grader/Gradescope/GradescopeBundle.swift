import Foundation

/// `grade --gradescope-bundle autograder.zip`: the zip an instructor uploads to Gradescope.
///
/// At its root, as Gradescope's autograder specification asks: `setup.sh` (run once, as root, when
/// Gradescope builds the image) and `run_autograder` (run per submission). Beside them, `package/`:
/// this package without build products, outputs or version control, with the student files as
/// stubs (the instructor's solutions are not shipped; the reference the checks use is in
/// `Sources/Grader/Hidden/`), and `student-stubs/`, the same stubs where grading never writes.
public enum GradescopeBundle {
    /// Writes the bundle to `zip`; returns the number of files in `package/` and `student-stubs/`.
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
            // The stubs again, where grading never writes: run_autograder restores from them
            // the files a submission lacks (the package's Sources/Student/ holds the submission).
            let studentFolder = "Sources/Student/"
            let name = relative.dropFirst(studentFolder.count)
            if relative.hasPrefix(studentFolder), name.hasSuffix(".swift"), !name.contains("/") {
                contents["student-stubs/" + name] = data
            }
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
        # (Ubuntu 22.04 by default; 24.04 can be chosen as the base image). It installs the system
        # libraries and, when `swift` is missing, the Swift toolchain from swift.org (checked against
        # swift.org's signing keys), then builds the grader and a runner with the exercise stubs, so
        # that grading a submission compiles only the student's files.
        # AUTOGRADER_ROOT points it at another tree (the package's own end-to-end test does);
        # SWIFT_VERSION picks another toolchain (the package is tested with 6.3.1; tools version 6.2).
        set -euo pipefail
        ROOT="${AUTOGRADER_ROOT:-/autograder}"
        PACKAGE="$ROOT/source/package"
        SWIFT_VERSION="${SWIFT_VERSION:-6.3.1}"
        export DEBIAN_FRONTEND=noninteractive
        export PATH="/opt/swift/usr/bin:$PATH"

        # The grader's own needs: BLAS for NeuralKit, the manifest's pkg-config libraries, the sandbox
        # (bubblewrap; setpriv and prlimit from util-linux), nm (binutils) for the library policy.
        need=()
        for package in libopenblas-dev libcairo2-dev libpango1.0-dev libcmark-gfm-dev libcmark-gfm-extensions-dev \
                       libhyphen-dev pkg-config bubblewrap binutils util-linux zip unzip; do
          dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || need+=("$package")
        done
        platform=""
        if ! command -v swift >/dev/null; then
          . /etc/os-release
          # The toolchain's runtime dependencies, as swift.org's Docker images for these releases list them.
          case "${ID}-${VERSION_ID}" in
            ubuntu-22.04) need+=(libgcc-11-dev libstdc++-11-dev python3-lldb-13) ;;
            ubuntu-24.04) need+=(libgcc-13-dev libstdc++-13-dev libncurses-dev) ;;
            *) echo "setup: no Swift toolchain for ${PRETTY_NAME:-this system}; choose Ubuntu 22.04 or 24.04 as the base image, or install swift on PATH" >&2
               exit 1 ;;
          esac
          platform="ubuntu${VERSION_ID}"
          need+=(curl ca-certificates gnupg2 git libc6-dev libcurl4-openssl-dev libedit2 libpython3-dev libsqlite3-0 \
                 libxml2-dev libz3-dev tzdata zlib1g-dev)
        fi
        if ((${#need[@]})); then
          apt-get update -qq
          apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
        fi
        if [ -n "$platform" ]; then
          case "$(dpkg --print-architecture)" in
            amd64) arch="" ;;
            arm64) arch="-aarch64" ;;
            *) echo "setup: swift.org has no toolchain for $(dpkg --print-architecture)" >&2; exit 1 ;;
          esac
          name="swift-${SWIFT_VERSION}-RELEASE"
          url="https://download.swift.org/swift-${SWIFT_VERSION}-release/${platform//./}${arch}/${name}/${name}-${platform}${arch}.tar.gz"
          echo "setup: installing Swift ${SWIFT_VERSION} from $url"
          work="$(mktemp -d)"
          curl -fsSL "$url" -o "$work/swift.tar.gz"
          curl -fsSL "$url.sig" -o "$work/swift.tar.gz.sig"
          export GNUPGHOME="$work/gnupg"
          mkdir -m 700 "$GNUPGHOME"
          curl -fsSL https://swift.org/keys/all-keys.asc | gpg --batch --quiet --import -
          gpg --batch --verify "$work/swift.tar.gz.sig" "$work/swift.tar.gz"
          mkdir -p /opt/swift
          tar -xzf "$work/swift.tar.gz" --strip-components=1 -C /opt/swift
          # The sandbox user runs the exercise runner against the toolchain's runtime libraries.
          chmod -R o+rX /opt/swift/usr/lib/swift
          rm -rf "$work"
          unset GNUPGHOME
        fi

        cd "$PACKAGE"
        swift build --product grade
        swift build --product exercise-runner
        # Without namespaces (where Docker forbids them) the sandbox user must not read the grader,
        # its hidden checks or the stubs.
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
        "$PACKAGE/.build/debug/grade" --in-package --package "$PACKAGE" --stubs "$ROOT/source/student-stubs" \
          --submission "$ROOT/submission" --output "$RESULTS" "${metadata[@]}" > "$RESULTS/grade.log" 2>&1
        status=$?
        cat "$RESULTS/grade.log"
        if [ ! -s "$RESULTS/results.json" ]; then
          fallback "The grader stopped (status $status) before writing a result. Nothing was graded; please tell your instructor."
        fi
        exit 0
        """#
}

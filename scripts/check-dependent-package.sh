#!/usr/bin/env bash
# Shows that another package can depend on NeuralKit by version, as a user's package would.
#
# NeuralKit is compiled with the unsafe flag `-O` (see Package.swift). With swift-tools-version 6.1
# SwiftPM refused such a package as a versioned dependency ("contains unsafe build flags"); 6.2
# allows it. This script clones the current commit into a temporary folder, tags it 1.0.0, writes
# a small package that depends on it with `.package(url: "file://…", from: "1.0.0")`, builds it
# and runs it (a Linear layer and a training step). Nothing outside the temporary folder changes.
#
#     bash scripts/check-dependent-package.sh        # about 3-6 min: it builds NeuralKit again
#
# Uncommitted changes are not included: it tests HEAD.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/regularize-dependent.XXXXXX")
trap 'rm -rf "$work"' EXIT

git clone --quiet --no-local "$root" "$work/Regularize"
git -C "$work/Regularize" -c user.name=check -c user.email=check@localhost tag -a 1.0.0 -m "local test tag"

mkdir -p "$work/Dependent/Sources/Dependent"
cat > "$work/Dependent/Package.swift" <<EOF
// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "Dependent",
    dependencies: [.package(url: "file://$work/Regularize", from: "1.0.0")],
    targets: [
        .executableTarget(name: "Dependent", dependencies: [.product(name: "NeuralKit", package: "Regularize")]),
    ]
)
EOF
cat > "$work/Dependent/Sources/Dependent/main.swift" <<'EOF'
import NeuralKit

var generator = RandomGenerator(seed: 1)
let layer = Linear<Float>(inputSize: 3, outputSize: 2, generator: &generator)
let network = Sequential<Float>([layer])
let optimizer = try SGD<Float>(parameters: network.parameters, learningRate: 0.1)
let x = Tensor<Float>(rows: 4, columns: 3, repeating: 1)
let before = network.forward(x)
optimizer.zeroGradients()
_ = network.backward(Tensor<Float>(rows: 4, columns: 2, repeating: 1))
optimizer.step()
let after = network.forward(x)
print("NeuralKit as a versioned dependency: output \(before.shape), changed by one SGD step: \(before != after)")
EOF

cd "$work/Dependent"
start=$(date +%s)
swift build 2>&1 | grep -v "prohibited flag(s): -pthread" | tail -n 5
"$(swift build --show-bin-path)/Dependent"
echo "check-dependent-package: built and ran in $(( $(date +%s) - start )) s"

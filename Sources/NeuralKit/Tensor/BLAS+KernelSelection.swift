import CBLAS
import Foundation

extension BLAS {
    /// The kernel family OpenBLAS chose when it loaded (`Haswell`, `SkylakeX`, `Prescott`, …).
    public static var kernelName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// Restarts the current executable with `OPENBLAS_CORETYPE=Haswell` when OpenBLAS fell back to
    /// its generic `Prescott` kernels on a processor that has AVX2 and FMA.
    ///
    /// Debian 12's OpenBLAS 0.3.21 does not recognise recent Xeons (Sapphire and Emerald Rapids)
    /// and then runs its slowest SSE kernels: a 64×256×256 `sgemm` takes about 4× longer than with
    /// the Haswell kernels. OpenBLAS reads `OPENBLAS_CORETYPE` only when the library loads, before
    /// `main` runs, so the only fix from inside the program is to set it and `exec` again. Nothing
    /// happens when the variable is already set (the machine's owner chose), when OpenBLAS found a
    /// specific kernel, or when the processor lacks AVX2/FMA. Call it first thing in `main`.
    public static func relaunchWithFastKernelsIfNeeded() {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
            kernelName.lowercased() == "prescott",
            processorSupportsHaswellKernels()
        else { return }
        setenv("OPENBLAS_CORETYPE", "Haswell", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // execv returns only on failure: carry on with the slow kernels.
        unsetenv("OPENBLAS_CORETYPE")
    }

    /// Whether `/proc/cpuinfo` lists the AVX2 and FMA instructions the Haswell kernels use.
    static func processorSupportsHaswellKernels() -> Bool {
        guard let cpuinfo = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let flagsLine = cpuinfo.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return false }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        return flags.contains("avx2") && flags.contains("fma")
    }
}

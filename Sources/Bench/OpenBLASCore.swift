import Foundation

/// OpenBLAS 0.3.21 (Debian 12) does not recognise this machine's Xeon (family 6, model 207) and
/// falls back to its generic `Prescott` (SSE3) kernels, which run `sgemm` several times slower
/// than the AVX-512 `SkylakeX` kernels the CPU supports. OpenBLAS picks its kernels when the
/// library is loaded, from `OPENBLAS_CORETYPE` if set; this re-runs that choice once at start-up,
/// before any BLAS call, through OpenBLAS's exported `gotoblas_dynamic_quit` /
/// `gotoblas_dynamic_init` (looked up with `dlsym`, so nothing breaks where they are absent).
enum OpenBLASCore {
    /// glibc's `RTLD_DEFAULT` (a null handle): search every loaded library.
    private static var defaultHandle: UnsafeMutableRawPointer? { nil }

    /// The name of the kernel set in use (`openblas_get_corename()`).
    static var current: String {
        guard let symbol = dlsym(defaultHandle, "openblas_get_corename") else { return "unknown" }
        let function = unsafeBitCast(symbol, to: (@convention(c) () -> UnsafePointer<CChar>?).self)
        return function().map { String(cString: $0) } ?? "unknown"
    }

    /// If OpenBLAS fell back to `Prescott` and the user did not choose a core, switches to the best
    /// kernels the CPU's flags allow (SkylakeX with AVX-512, Haswell with AVX2). Returns a note
    /// describing what was done, or nil when nothing changed.
    @discardableResult
    static func upgradeIfMisdetected() -> String? {
        guard ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil,
              current.lowercased() == "prescott"
        else { return nil }
        let flags = cpuFlags()
        let target: String
        if flags.isSuperset(of: ["avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512cd"]) {
            target = "SkylakeX"
        } else if flags.isSuperset(of: ["avx2", "fma"]) {
            target = "Haswell"
        } else {
            return nil
        }
        guard let quit = dlsym(defaultHandle, "gotoblas_dynamic_quit"),
              let initialize = dlsym(defaultHandle, "gotoblas_dynamic_init")
        else {
            return nil
        }
        setenv("OPENBLAS_CORETYPE", target, 1)
        unsafeBitCast(quit, to: (@convention(c) () -> Void).self)()
        unsafeBitCast(initialize, to: (@convention(c) () -> Void).self)()
        return "OpenBLAS detected Prescott on a CPU with \(target)-class instructions; switched to \(current) kernels"
    }

    private static func cpuFlags() -> Set<String> {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
        else { return [] }
        return Set(line.split(separator: ":").last?.split(separator: " ").map(String.init) ?? [])
    }
}

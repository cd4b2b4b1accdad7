#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` with denormal (subnormal) floats flushed to zero, then restores the previous mode.
///
/// Numbers below `Float.leastNormalMagnitude` (≈ 1.2e-38) are slow on x86: each operation on one
/// takes a microcode assist of ~100 cycles. They appear in long training runs, e.g. Adam's
/// moment estimates `m ← β₁·m` for a weight whose gradient is always 0 (a digits pixel that is
/// blank in every image) decay into the subnormal range after ~800 steps, and then the optimiser
/// step runs several times slower. Flushing them to zero (the SSE FTZ and DAZ bits, which
/// TensorFlow and JAX set by default) changes only values smaller than 1.2e-38.
///
/// The mode is per thread and is restored when `body` returns or throws. On other platforms
/// `body` runs unchanged.
func withDenormalsFlushedToZero<Result>(_ enabled: Bool, _ body: () throws -> Result) rethrows -> Result {
    #if arch(x86_64) && canImport(Glibc)
    guard enabled else { return try body() }
    var saved = fenv_t()
    fegetenv(&saved)
    var flushing = saved
    let flushToZero: UInt32 = 0x8000  // MXCSR.FTZ: results that would be subnormal become 0
    let denormalsAreZero: UInt32 = 0x0040  // MXCSR.DAZ: subnormal inputs are read as 0
    flushing.__mxcsr |= flushToZero | denormalsAreZero
    fesetenv(&flushing)
    defer { fesetenv(&saved) }
    return try body()
    #else
    return try body()
    #endif
}

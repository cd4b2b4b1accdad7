import CBLAS

/// The runner's one place for BLAS threading: every lesson, alone or in the course, runs its
/// experiments with BLAS on one thread.
///
/// OpenBLAS splits a matrix product between its threads and sums the parts in another order, which
/// changes the rounding; with its default (one thread per core, or `OPENBLAS_NUM_THREADS`) the same
/// seed would print other numbers on a machine with another number of cores. One thread makes a
/// lesson's numbers and figures bit-for-bit reproducible on a given machine. Lessons must not set
/// the thread count themselves.
enum BLASThreads {
    /// Sets OpenBLAS to one thread for the rest of the process.
    static func pinForReproducibility() {
        openblas_set_num_threads(1)
    }
}

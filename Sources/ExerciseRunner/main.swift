#if canImport(Glibc)
import Glibc
#endif
import ExerciseWire

// `exercise-runner`: the only program that runs a student's code when the grader grades it.
//
// It is built from the student's module alone (no grader, no reference solutions, no checks), is
// started in a sandbox for one check at a time, reads calls from its standard input and writes the
// student's results to its standard output. It decides nothing: the grader compares the results
// with the reference in its own process. See docs/grading.md, "How a check runs".

// The channel moves to private descriptors; the student's `print` goes to standard error, and
// standard input reads nothing, so that student code cannot garble the channel by accident.
let requests = dup(STDIN_FILENO)
let replies = dup(STDOUT_FILENO)
_ = fcntl(requests, F_SETFD, FD_CLOEXEC)
_ = fcntl(replies, F_SETFD, FD_CLOEXEC)
let null = open("/dev/null", O_RDONLY)
dup2(null, STDIN_FILENO)
dup2(STDERR_FILENO, STDOUT_FILENO)
var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)

let channel = WireChannel(input: requests, output: replies)
var dispatcher = StudentDispatcher()
while true {
    let frame: [UInt8]
    do { frame = try channel.receive() } catch { exit(0) }  // the grader closed the pipe: done
    let reply: WireReply
    do {
        reply = dispatcher.reply(to: try WireCodec.decodeCall(frame))
    } catch {
        reply = .threw("the runner could not read the grader's call: \(error)")
    }
    do { try channel.send(WireCodec.encode(reply)) } catch { exit(0) }
}

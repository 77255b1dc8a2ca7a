// The parent of the suites that run the real binary: one child process test at a time.
import Testing

/// Child-process tests wait with blocking calls, each holding one of the concurrency pool's threads
/// (two on a two-core machine). Serializing them all under one parent keeps one thread free for the
/// rest of a parallel `swift test`.
@Suite(.serialized) enum ChildProcessTests {}

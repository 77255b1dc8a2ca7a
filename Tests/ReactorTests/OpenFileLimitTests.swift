import Glibc
import Posix
import Testing

@Suite("Open-file limit")
struct OpenFileLimitTests {
    @Test("a soft limit below the hard one is raised to it, as serve does at start")
    func raisesSoftLimitToHardLimit() throws {
        let before = OpenFileLimit.current()
        // Half the hard limit: lower than it, yet far above what the tests running beside this one open.
        try #require(before.hard >= 2048, "the hard limit is too low to lower the soft one for the test")
        var lowered = rlimit(rlim_cur: rlim_t(before.hard / 2), rlim_max: rlim_t(before.hard))
        try #require(setrlimit(Int32(RLIMIT_NOFILE.rawValue), &lowered) == 0)
        #expect(OpenFileLimit.current().soft == before.hard / 2)

        let raised = OpenFileLimit.raiseToHardLimit()

        #expect(raised == before.hard)
        #expect(OpenFileLimit.current() == (soft: before.hard, hard: before.hard))
        // Already at the hard limit: nothing to do, the same answer.
        #expect(OpenFileLimit.raiseToHardLimit() == before.hard)
    }
}

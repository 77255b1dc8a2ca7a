// Tests for PercentDecoding: %XX escapes in path segments.

import Server
import Testing

@Suite struct PercentDecodingTests {
    @Test func decodesEscapes() {
        #expect(PercentDecoding.decode(Array("a%20b".utf8)) == Array("a b".utf8))
        #expect(PercentDecoding.decode(Array("%2e%2E".utf8)) == Array("..".utf8))
        #expect(PercentDecoding.decode(Array("%C3%A9".utf8)) == [0xC3, 0xA9])
        #expect(PercentDecoding.decode(Array("a+b".utf8)) == Array("a+b".utf8))
        #expect(PercentDecoding.decode(Array("".utf8)) == [])
    }

    @Test(arguments: ["%", "%2", "%zz", "a%g0", "%0"])
    func rejectsBadEscapes(_ text: String) {
        #expect(PercentDecoding.decode(Array(text.utf8)) == nil)
    }
}

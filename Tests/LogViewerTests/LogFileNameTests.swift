// Which names are frame logs, and what the viewer reads from them.
@testable import LogViewer
import Testing

@Suite struct LogFileNameTests {
    @Test func aPlainAndAGzippedNameParse() throws {
        let plain = try #require(LogFileName("20261121T152334Z-rs_4k2n0q8x1m3b7c9d.jsonl"))
        #expect(plain.session == "rs_4k2n0q8x1m3b7c9d")
        #expect(plain.started == "2026-11-21T15:23:34Z")
        #expect(plain.gzip == false)
        let gzipped = try #require(LogFileName("20261121T152410Z-rs_0a9z8y7x6w5v4u3t.jsonl.gz"))
        #expect(gzipped.gzip)
        #expect(gzipped.started == "2026-11-21T15:24:10Z")
    }

    @Test(arguments: [
        "", "notes.txt", "..", "../20261121T152334Z-rs_4k2n0q8x1m3b7c9d.jsonl",
        "20261121T152334Z-rs_4k2n0q8x1m3b7c9d.json",      // wrong extension
        "20261121T152334Z-rs_4k2n0q8x1m3b7c9d.jsonl.gzip",
        "20261121T152334Z-rs_4k2n0q8x1m3b7c9d.jsonl/",
        "20261121T152334Z-rs_4K2N0Q8X1M3B7C9D.jsonl",     // upper case
        "20261121T152334Z-rs_4k2n0q8x1m3b7c9.jsonl",      // 15 characters
        "20261121T152334Z-rs_4k2n0q8x1m3b7c9dd.jsonl",    // 17 characters
        "20261121T152334Z-rs_4k2n0q8x1m3b7c/d.jsonl",
        "20261121T152334Z-rs_4k2n0q8x1m3b7c.d.jsonl",
        "20261121T152334Z-xs_4k2n0q8x1m3b7c9d.jsonl",
        "20261121X152334Z-rs_4k2n0q8x1m3b7c9d.jsonl",
        "2026112aT152334Z-rs_4k2n0q8x1m3b7c9d.jsonl",
        "20261121T152334+-rs_4k2n0q8x1m3b7c9d.jsonl",
        "20261121T152334Z_rs_4k2n0q8x1m3b7c9d.jsonl",
        "%32026121T152334Z-rs_4k2n0q8x1m3b7c9d.jsonl",
        "20261121T152334Z-rs_4k2n0q8x1m3b7c9\u{E9}.jsonl",  // a non-ASCII letter (two UTF-8 bytes)
    ])
    func otherNamesDoNot(name: String) {
        #expect(LogFileName(name) == nil)
    }

    @Test func namesOrderByStartThenSession() throws {
        let names = ["20261121T152334Z-rs_bbbbbbbbbbbbbbbb.jsonl", "20261120T235959Z-rs_zzzzzzzzzzzzzzzz.jsonl.gz",
                     "20261121T152334Z-rs_aaaaaaaaaaaaaaaa.jsonl"].compactMap(LogFileName.init)
        #expect(names.sorted(by: >).map(\.session) == ["rs_bbbbbbbbbbbbbbbb", "rs_aaaaaaaaaaaaaaaa", "rs_zzzzzzzzzzzzzzzz"])
    }
}

// GET /logs/api/sessions over real sockets: which files, in which order, with which fields.
#if canImport(Glibc)
import Glibc
#endif
import JSON
import Testing

@Suite struct SessionListingTests {
    @Test func listsOnlyRegularLogFilesNewestFirstWithTheirFields() throws {
        let fixture = try LogViewerFixture()
        let response = try fixture.get("/logs/api/sessions")
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json")
        #expect(response.header("cache-control") == "no-store")
        let expected: JSONValue = [
            "sessions": [
                ["file": .string(LogViewerFixture.gzipped), "session": "rs_0a9z8y7x6w5v4u3t", "started": "2026-11-21T15:24:10Z",
                 "bytes": JSONValue(fixture.size(of: LogViewerFixture.gzipped)), "gzip": true],
                ["file": .string(LogViewerFixture.plain), "session": "rs_4k2n0q8x1m3b7c9d", "started": "2026-11-21T15:23:34Z",
                 "bytes": JSONValue(LogViewerFixture.plainText.utf8.count), "gzip": false],
                ["file": .string(LogViewerFixture.older), "session": "rs_aaaaaaaaaaaaaaaa", "started": "2026-11-20T08:00:00Z",
                 "bytes": 26, "gzip": false],
            ],
        ]
        // The decoys (a directory, a symlink and a FIFO with newer log-like names, other files) are absent.
        #expect(try JSONValue.parse(response.body) == expected)
    }

    @Test func listsAtMostFiveHundredTheNewest() throws {
        let fixture = try LogViewerFixture()
        for index in 0..<520 {
            let time = pad(index / 3600, 2) + pad(index / 60 % 60, 2) + pad(index % 60, 2)
            let file = fopen("\(fixture.logDirectory)/20250101T\(time)Z-rs_\(pad(index, 16)).jsonl", "w")!
            fputs("{}\n", file)
            fclose(file)
        }
        let response = try fixture.get("/logs/api/sessions")
        let sessions = try #require(try JSONValue.parse(response.body)["sessions"]?.arrayValue)
        #expect(sessions.count == 500)
        // The three 2026 files come first; the oldest 23 of 2025 are the ones left out.
        #expect(sessions.first?["file"]?.stringValue == LogViewerFixture.gzipped)
        let started = sessions.compactMap { $0["started"]?.stringValue }
        #expect(started == started.sorted(by: >))
        #expect(sessions.last?["file"]?.stringValue == "20250101T000023Z-rs_0000000000000023.jsonl")
    }

    @Test func aMissingLogDirListsEmpty() throws {
        let fixture = try LogViewerFixture()
        _ = system("rm -rf '\(fixture.logDirectory)'")
        let response = try fixture.get("/logs/api/sessions")
        #expect(response.status == 200)
        #expect(response.text == #"{"sessions":[]}"#)
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}

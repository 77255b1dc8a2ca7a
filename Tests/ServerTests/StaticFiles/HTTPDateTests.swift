// Tests for HTTPDate: IMF-fixdate formatting and parsing of all three HTTP-date forms.

#if canImport(Glibc)
import Glibc
#endif
import Server
import Testing

@Suite struct HTTPDateTests {
    static let known: [(Int, String)] = [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (951_782_400, "Tue, 29 Feb 2000 00:00:00 GMT"),
        (1_000_000_000, "Sun, 09 Sep 2001 01:46:40 GMT"),
        (1_709_210_096, "Thu, 29 Feb 2024 12:34:56 GMT"),
        (4_102_444_800, "Fri, 01 Jan 2100 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 GMT"),
    ]

    @Test func formatsKnownValues() {
        for (seconds, text) in Self.known {
            #expect(HTTPDate.format(seconds) == text)
        }
    }

    @Test func parsesKnownValues() {
        for (seconds, text) in Self.known {
            #expect(HTTPDate.parse(text) == seconds)
        }
    }

    @Test func agreesWithGmtimeOverManyValues() {
        // A deterministic spread of instants from 1900 to 2200, checked against gmtime_r + strftime.
        var value: Int64 = 88_172_645_463_325_252
        for _ in 0..<2000 {
            value ^= value << 13
            value ^= value >> 7
            value ^= value << 17
            let seconds = Int(value % 9_467_280_000) - 2_208_988_800
            var time = time_t(seconds)
            var parts = tm()
            gmtime_r(&time, &parts)
            var buffer = [CChar](repeating: 0, count: 64)
            let count = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
            let expected = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            #expect(HTTPDate.format(seconds) == expected)
            #expect(HTTPDate.parse(expected) == seconds)
        }
    }

    @Test func formatHasFixedLength() {
        #expect(HTTPDate.now().utf8.count == HTTPDate.fixdateLength)
        #expect(HTTPDate.format(9).utf8.count == 29)
    }

    @Test func parsesObsoleteForms() {
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994") == 784_111_777)
        #expect(HTTPDate.parse("Thu Feb 29 12:34:56 2024") == 1_709_210_096)
        #expect(HTTPDate.parse("  Sun, 06 Nov 1994 08:49:37 GMT ") == 784_111_777)
    }

    @Test(arguments: [
        "",
        "garbage",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Mon, 06 Nov 1994 08:49:37 GMT",  // wrong weekday
        "Sun, 6 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Thu, 30 Feb 2024 00:00:00 GMT",
        "Fri, 29 Feb 2019 00:00:00 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:00 GMT",
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMTX",
        "Sun, 06 Nov 1994 08:49:3x GMT",
        "1994-11-06T08:49:37Z",
    ])
    func rejectsInvalidDates(_ text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }
}

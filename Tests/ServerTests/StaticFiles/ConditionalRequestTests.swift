// Tests for ConditionalRequest: If-None-Match (weak comparison, *, lists) and If-Modified-Since.

import Server
import Testing

@Suite struct ConditionalRequestTests {
    // mtime 784111777 = Sun, 06 Nov 1994 08:49:37 GMT, plus half a second.
    let file = StaticFile(
        path: "/srv/Public/app.js", size: 60, inode: 0x1a2b,
        modificationSeconds: 784_111_777, modificationNanoseconds: 500_000_000)

    func notModified(_ inm: String?, _ ims: String?) -> Bool {
        ConditionalRequest.notModified(ifNoneMatch: inm, ifModifiedSince: ims, file: file)
    }

    @Test func staticFileDerivedFields() {
        #expect(file.etag == "\"1a2b-3c-ae1b981da166f00\"")
        #expect(file.lastModified == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(file.contentType == "text/javascript; charset=utf-8")
        #expect(file.cacheControl == "public, max-age=3600")
    }

    @Test func noConditionsMeansModified() {
        #expect(!notModified(nil, nil))
    }

    @Test func ifNoneMatch() {
        let tag = file.etag
        #expect(notModified(tag, nil))
        #expect(notModified("W/" + tag, nil))
        #expect(notModified("*", nil))
        #expect(notModified(" * ", nil))
        #expect(notModified("\"other\", " + tag, nil))
        #expect(notModified("\"other\",W/\(tag) ,\"third\"", nil))
        #expect(notModified("\"a,b\", \(tag)", nil))
        #expect(!notModified("\"other\"", nil))
        #expect(!notModified("\"other\", W/\"another\"", nil))
        #expect(!notModified("", nil))
        #expect(!notModified("garbage", nil))
        #expect(!notModified(String(tag.dropFirst().dropLast()), nil))  // unquoted
        #expect(!notModified("\"1a2b-3c\"", nil))
    }

    @Test func ifNoneMatchWinsOverIfModifiedSince() {
        // A non-matching If-None-Match means modified even if the date alone would say otherwise.
        #expect(!notModified("\"other\"", "Sun, 06 Nov 1994 08:49:37 GMT"))
        // A matching tag is not modified even with an old date.
        #expect(notModified(file.etag, "Thu, 01 Jan 1970 00:00:00 GMT"))
    }

    @Test func ifModifiedSince() {
        #expect(notModified(nil, "Sun, 06 Nov 1994 08:49:37 GMT"))  // equal seconds
        #expect(notModified(nil, "Sun, 06 Nov 1994 08:49:38 GMT"))  // later
        #expect(notModified(nil, "Sunday, 06-Nov-94 08:49:37 GMT"))
        #expect(notModified(nil, "Sun Nov  6 08:49:37 1994"))
        #expect(!notModified(nil, "Sun, 06 Nov 1994 08:49:36 GMT"))  // earlier
        #expect(!notModified(nil, "not a date"))
        #expect(!notModified(nil, ""))
    }
}

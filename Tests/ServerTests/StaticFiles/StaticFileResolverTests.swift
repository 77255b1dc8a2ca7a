// Tests for StaticFileResolver: index files, traversal and encoding attacks, symlinks, hidden files.

import Foundation
import Server
import Testing

@Suite struct StaticFileResolverTests {
    let fixture: StaticFileFixture
    let resolver: StaticFileResolver

    init() throws {
        fixture = try StaticFileFixture()
        resolver = try StaticFileResolver(root: fixture.root)
    }

    /// The served file's path relative to the canonical root, or nil when not a file.
    func served(_ path: String) -> String? {
        guard case .file(let file) = resolver.resolve(path: path) else { return nil }
        #expect(file.path.hasPrefix(resolver.root + "/"), "served outside the root: \(file.path)")
        return String(file.path.dropFirst(resolver.root.count + 1))
    }

    func isBadRequest(_ path: String) -> Bool {
        if case .badRequest = resolver.resolve(path: path) { return true }
        return false
    }

    @Test func rootIsCanonical() throws {
        #expect(resolver.root == URL(fileURLWithPath: fixture.root).resolvingSymlinksInPath().path)
        #expect(!resolver.root.hasSuffix("/"))
        // A non-canonical spelling of the same root gives the same canonical root.
        let other = try StaticFileResolver(root: fixture.root + "/sub/../")
        #expect(other.root == resolver.root)
    }

    @Test func servesIndexFiles() {
        #expect(served("/") == "index.html")
        #expect(served("/index.html") == "index.html")
        #expect(served("/sub/") == "sub/index.html")
        #expect(served("/sub/index.html") == "sub/index.html")
        #expect(served("/sub/deeper/page.txt") == "sub/deeper/page.txt")
    }

    @Test func directoryWithoutSlashOrIndexIsNotFound() {
        #expect(resolver.resolve(path: "/sub") == .notFound)
        #expect(resolver.resolve(path: "/emptydir/") == .notFound)
        #expect(resolver.resolve(path: "/emptydir") == .notFound)
        #expect(resolver.resolve(path: "/sub/deeper/") == .notFound)
        #expect(resolver.resolve(path: "/missing.js") == .notFound)
        #expect(resolver.resolve(path: "/app.js/") == .notFound)
    }

    @Test func decodesPercentEscapes() {
        #expect(served("/a%20b.txt") == "a b.txt")
        #expect(served("/caf%C3%A9.txt") == "caf\u{e9}.txt")
        #expect(served("/caf\u{e9}.txt") == "caf\u{e9}.txt")
        #expect(served("/%61pp.js") == "app.js")
    }

    @Test(arguments: [
        "/../x", "/../outside.txt", "/%2e%2e/x", "/%2E%2E/outside.txt", "/.%2e/x", "/%2e./outside.txt",
        "/sub/../../x", "/sub/../index.html", "/sub/%2e%2e/%2e%2e/outside.txt", "/./index.html",
        "/sub/./index.html", "/%2e/index.html", "//etc/passwd", "//index.html", "/sub//index.html",
        "/.env", "/%2eenv", "/.git/config", "/.git/", "/sub/..", "/sub/.", "/..", "/.",
        "/escape/outside.txt", "/escape/x", "/leak.txt", "/dotlink.txt",
        "/etc/passwd", "/../../../../../../etc/passwd",
    ])
    func traversalAndHiddenAreNotFound(_ path: String) {
        #expect(resolver.resolve(path: path) == .notFound)
    }

    @Test(arguments: [
        "/%2E%2E%2Fx", "/%2e%2e%2foutside.txt", "/%2fetc/passwd", "/%2Fetc/passwd", "/sub%2findex.html",
        "/a%00b", "/index.html%00.js", "/%00", "/..%5c..%5coutside.txt", "/sub%5Cindex.html",
        "/..\\outside.txt", "/sub\\index.html", "/\\etc\\passwd", "/%", "/%2", "/%zz", "/a%g1",
        "/%ff.txt", "/%C3.txt", "relative.txt", "",
    ])
    func malformedPathsAreBadRequests(_ path: String) {
        #expect(isBadRequest(path), "\(path) -> \(resolver.resolve(path: path))")
    }

    @Test func symlinkInsideRootIsServedByItsTarget() {
        #expect(served("/alias.js") == "app.js")
        #expect(served("/sub/up.js") == "app.js")
    }

    @Test func nothingOutsideTheRootIsEverServed() {
        let attempts = [
            "/../outside.txt", "/%2e%2e/outside.txt", "/sub/%2e%2e/%2e%2e/outside.txt", "/leak.txt",
            "/escape/outside.txt", "/%2E%2E%2Foutside.txt", "/sub/../../outside.txt", "//outside.txt",
            "/..%2f/outside.txt", "/escape%2foutside.txt", "/escape/../../outside.txt",
        ]
        for attempt in attempts {
            if case .file(let file) = resolver.resolve(path: attempt) {
                Issue.record("\(attempt) served \(file.path)")
            }
        }
    }

    @Test func overlongPathIsNotFound() {
        let long = "/" + String(repeating: "a", count: StaticFileResolver.maximumPathLength + 10)
        #expect(resolver.resolve(path: long) == .notFound)
    }

    @Test func fileFacts() throws {
        guard case .file(let file) = resolver.resolve(path: "/app.js") else {
            Issue.record("app.js not served")
            return
        }
        #expect(file.size == "console.log(1)".utf8.count)
        #expect(file.contentType == "text/javascript; charset=utf-8")
        #expect(file.cacheControl == "public, max-age=3600")
        #expect(file.etag.hasPrefix("\"") && file.etag.hasSuffix("\""))
        #expect(!file.etag.hasPrefix("W/"))
        #expect(file.etag.split(separator: "-").count == 3)
        #expect(file.lastModified == HTTPDate.format(file.modificationSeconds))
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.root + "/app.js")
        let mtime = try #require(attributes[.modificationDate] as? Date)
        #expect(file.modificationSeconds == Int(mtime.timeIntervalSince1970.rounded(.down)))

        guard case .file(let html) = resolver.resolve(path: "/") else {
            Issue.record("index not served")
            return
        }
        #expect(html.contentType == "text/html; charset=utf-8")
        #expect(html.cacheControl == "no-cache")
        guard case .file(let json) = resolver.resolve(path: "/data.JSON") else {
            Issue.record("data.JSON not served")
            return
        }
        #expect(json.contentType == "application/json")
    }

    @Test func etagChangesWhenTheFileChanges() throws {
        let path = fixture.root + "/app.js"
        guard case .file(let before) = resolver.resolve(path: "/app.js") else {
            Issue.record("app.js not served")
            return
        }
        // Same content again: resolving twice without a change gives the same tag.
        guard case .file(let again) = resolver.resolve(path: "/app.js") else { return }
        #expect(again.etag == before.etag)

        // Same size, different mtime.
        var times = [
            timespec(tv_sec: before.modificationSeconds + 5, tv_nsec: 123),
            timespec(tv_sec: before.modificationSeconds + 5, tv_nsec: 123),
        ]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        guard case .file(let touched) = resolver.resolve(path: "/app.js") else { return }
        #expect(touched.size == before.size)
        #expect(touched.modificationSeconds == before.modificationSeconds + 5)
        #expect(touched.modificationNanoseconds == 123)
        #expect(touched.etag != before.etag)
        #expect(touched.lastModified != before.lastModified)

        // Only the nanoseconds differ: still a different strong tag.
        times = [
            timespec(tv_sec: before.modificationSeconds + 5, tv_nsec: 124),
            timespec(tv_sec: before.modificationSeconds + 5, tv_nsec: 124),
        ]
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        guard case .file(let nudged) = resolver.resolve(path: "/app.js") else { return }
        #expect(nudged.etag != touched.etag)

        // Different size, mtime forced back to the same value.
        try fixture.write("console.log(12345)", to: path)
        #expect(utimensat(AT_FDCWD, path, &times, 0) == 0)
        guard case .file(let rewritten) = resolver.resolve(path: "/app.js") else { return }
        #expect(rewritten.size != nudged.size)
        #expect(rewritten.etag != nudged.etag)
    }

    @Test func missingRootFailsWithAClearError() {
        #expect(throws: StaticRootError.doesNotExist(path: "./NoSuchPublicDir")) {
            try StaticFileResolver(root: "./NoSuchPublicDir")
        }
        let error = StaticRootError.doesNotExist(path: "./Public")
        #expect(error.description == "public directory ./Public does not exist; pass --public DIR")
    }

    @Test func rootThatIsAFileFails() {
        let file = fixture.root + "/app.js"
        #expect(throws: StaticRootError.notADirectory(path: file)) {
            try StaticFileResolver(root: file)
        }
        #expect(throws: StaticRootError.doesNotExist(path: file + "/x")) {
            try StaticFileResolver(root: file + "/x")
        }
    }
}

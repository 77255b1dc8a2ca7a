// Tests for MediaType: the Content-Type table and its case-insensitive lookup.

import Server
import Testing

@Suite struct MediaTypeTests {
    @Test(arguments: [
        ("index.html", "text/html; charset=utf-8"),
        ("app.js", "text/javascript; charset=utf-8"),
        ("module.mjs", "text/javascript; charset=utf-8"),
        ("style.css", "text/css; charset=utf-8"),
        ("logo.svg", "image/svg+xml"),
        ("icon.png", "image/png"),
        ("favicon.ico", "image/x-icon"),
        ("data.json", "application/json"),
        ("beep.wav", "audio/wav"),
        ("site.webmanifest", "application/manifest+json"),
        ("robots.txt", "text/plain; charset=utf-8"),
        ("INDEX.HTML", "text/html; charset=utf-8"),
        ("App.Js", "text/javascript; charset=utf-8"),
        ("/srv/Public/sub.dir/Icon.PNG", "image/png"),
        ("archive.tar.gz", "application/octet-stream"),
        ("Makefile", "application/octet-stream"),
        ("/srv/sub.dir/noext", "application/octet-stream"),
        ("trailingdot.", "application/octet-stream"),
        ("binary.wasm", "application/octet-stream"),
    ])
    func contentTypeByPath(_ path: String, _ expected: String) {
        #expect(MediaType.contentType(forPath: path) == expected)
    }

    @Test func contentTypeByExtension() {
        #expect(MediaType.contentType(forExtension: "CSS") == "text/css; charset=utf-8")
        #expect(MediaType.contentType(forExtension: "WebManifest") == "application/manifest+json")
        #expect(MediaType.contentType(forExtension: "") == MediaType.octetStream)
    }

    @Test func htmlDetection() {
        #expect(MediaType.isHTML("text/html; charset=utf-8"))
        #expect(!MediaType.isHTML("text/css; charset=utf-8"))
    }
}

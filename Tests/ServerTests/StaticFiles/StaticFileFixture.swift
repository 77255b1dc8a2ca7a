// StaticFileFixture: builds a throw-away public directory tree (with symlinks and hidden files) for tests.

import Foundation

/// A temporary directory `base` holding `base/Public` (the root) and files beside it that must
/// never be served. Removed when the fixture is released.
final class StaticFileFixture {
    let base: String
    let root: String

    init() throws {
        let template = NSTemporaryDirectory() + "staticfiles.XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else { throw FixtureError.mkdtemp }
        base = String(cString: made)
        root = base + "/Public"
        let fm = FileManager.default
        try fm.createDirectory(atPath: root + "/sub/deeper", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/emptydir", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: root + "/.git", withIntermediateDirectories: true)
        try write("<h1>home</h1>", to: root + "/index.html")
        try write("<h1>sub</h1>", to: root + "/sub/index.html")
        try write("deep", to: root + "/sub/deeper/page.txt")
        try write("console.log(1)", to: root + "/app.js")
        try write("{}", to: root + "/data.JSON")
        try write("spaced", to: root + "/a b.txt")
        try write("unicode", to: root + "/caf\u{e9}.txt")
        try write("secret", to: root + "/.env")
        try write("[core]", to: root + "/.git/config")
        try write("top secret outside", to: base + "/outside.txt")
        try write("also outside", to: base + "/x")
        // Symlinks: one leaving the root, one staying inside, one to a directory outside.
        try fm.createSymbolicLink(atPath: root + "/leak.txt", withDestinationPath: "../outside.txt")
        try fm.createSymbolicLink(atPath: root + "/alias.js", withDestinationPath: "app.js")
        try fm.createSymbolicLink(atPath: root + "/sub/up.js", withDestinationPath: "../app.js")
        try fm.createSymbolicLink(atPath: root + "/escape", withDestinationPath: base)
        try fm.createSymbolicLink(atPath: root + "/dotlink.txt", withDestinationPath: ".env")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: base)
    }

    func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    enum FixtureError: Error { case mkdtemp }
}

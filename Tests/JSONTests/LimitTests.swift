// The depth and size limits are enforced before any work that could exceed them.

import JSON
import Testing

@Suite("Limits")
struct LimitTests {
    static func nestedArrays(_ depth: Int) -> [UInt8] {
        Array(repeating: 0x5B, count: depth) + Array(repeating: 0x5D, count: depth)
    }

    @Test func defaultDepthAllowsSixtyFourLevels() throws {
        let value = try JSONValue.parse(Self.nestedArrays(64))
        #expect(value.serialized() == Self.nestedArrays(64))
    }

    @Test func sixtyFifthLevelIsRefusedAtItsBracket() {
        #expect(parseError(Self.nestedArrays(65))
            == JSONParseError(offset: 64, reason: "nesting deeper than the depth limit"))
    }

    @Test func depthCountsObjectsAndArraysAlike() {
        let limits = JSONLimits(maxDepth: 3)
        #expect(parseError(utf8(#"{"a":[{"b":1}]}"#), limits: limits) == nil)
        #expect(parseError(utf8(#"{"a":[{"b":[]}]}"#), limits: limits) == JSONParseError(offset: 11, reason: "nesting deeper than the depth limit"))
        // Scalars add no depth; siblings do not accumulate.
        #expect(parseError(utf8("[[1],[2],[3]]"), limits: JSONLimits(maxDepth: 2)) == nil)
        #expect(parseError(utf8("\"top-level scalar\""), limits: JSONLimits(maxDepth: 0)) == nil)
        #expect(parseError(utf8("[]"), limits: JSONLimits(maxDepth: 0))?.offset == 0)
    }

    @Test func hostileNestingFailsFastWithoutRecursingDeep() {
        // A million open brackets: refused at the limit, long before the stack is at risk.
        let hostile = [UInt8](repeating: 0x5B, count: 1_000_000)
        #expect(parseError(hostile)?.offset == 64)
        let objects = Array(repeating: utf8(#"{"a":"#), count: 100_000).joined()
        #expect(parseError(Array(objects))?.reason == "nesting deeper than the depth limit")
    }

    @Test func byteLimitIsCheckedBeforeParsing() {
        let document = utf8(#"{"a":"0123"}"#)  // 12 bytes
        #expect(parseError(document, limits: JSONLimits(maxBytes: 12)) == nil)
        #expect(parseError(document, limits: JSONLimits(maxBytes: 11))
            == JSONParseError(offset: 11, reason: "input larger than the byte limit"))
        // Even garbage that would fail at byte 0 is refused for its size first.
        #expect(parseError(utf8("xxxx"), limits: JSONLimits(maxBytes: 3))?.offset == 3)
    }

    @Test func defaultsMatchTheDocumentation() {
        #expect(JSONLimits.default.maxDepth == 64)
        #expect(JSONLimits.default.maxBytes == 16 * 1024 * 1024)
        #expect(JSONLimits() == .default)
    }
}

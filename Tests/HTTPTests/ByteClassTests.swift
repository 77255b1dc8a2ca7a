// Every byte value is classified as the RFC grammar says, in names, values, targets and methods.

import HTTP
import Testing

@Suite("Byte classes")
struct ByteClassTests {
    /// tchar (RFC 9110 §5.6.2).
    static let tchars = Set(utf8("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))

    static func parses(_ bytes: [UInt8]) -> Bool {
        ParserDriver.runWhole(bytes).error == nil
    }

    @Test func fieldNamesAcceptExactlyTheTokenCharacters() {
        for byte in UInt8.min...UInt8.max where byte != 0x0D && byte != 0x0A && byte != UInt8(ascii: ":") {
            let raw = utf8("GET / HTTP/1.1\r\nHost: h\r\nX") + [byte] + utf8("Y: v\r\n\r\n")
            #expect(Self.parses(raw) == Self.tchars.contains(byte), "byte \(byte)")
        }
    }

    @Test func methodsAcceptOnlyTokenCharacters() {
        for byte in UInt8.min...UInt8.max where byte != 0x0D && byte != 0x0A && byte != 0x20 {
            let raw = utf8("Q") + [byte] + utf8("Q / HTTP/1.1\r\nHost: h\r\n\r\n")
            let status = ParserDriver.runWhole(raw).error?.status.code
            #expect(status == (Self.tchars.contains(byte) ? 501 : 400), "byte \(byte)")
        }
    }

    @Test func fieldValuesAcceptVisibleCharactersObsTextSpaceAndTab() {
        for byte in UInt8.min...UInt8.max where byte != 0x0D && byte != 0x0A {
            let raw = utf8("GET / HTTP/1.1\r\nHost: h\r\nX: a") + [byte] + utf8("b\r\n\r\n")
            let allowed = byte == 0x09 || (byte >= 0x20 && byte != 0x7F)
            #expect(Self.parses(raw) == allowed, "byte \(byte)")
        }
    }

    @Test func targetsAcceptVisibleASCIIExceptTheFragmentMark() {
        for byte in UInt8.min...UInt8.max where byte != 0x0D && byte != 0x0A && byte != 0x20 {
            let raw = utf8("GET /a") + [byte] + utf8("b HTTP/1.1\r\nHost: h\r\n\r\n")
            let allowed = byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "#")
            #expect(Self.parses(raw) == allowed, "byte \(byte)")
        }
    }
}

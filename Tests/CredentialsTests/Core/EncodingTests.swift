import Testing

// Percent-encoding, base64 and base64url, and the CLI timestamp formats.
@testable import Credentials

@Suite struct EncodingTests {
    @Test func formEncodingKeepsOnlyUnreservedCharacters() {
        #expect(FormEncoding.percentEncode("a b&c=d/é~-._+") == "a%20b%26c%3Dd%2F%C3%A9~-._%2B")
        #expect(
            FormEncoding.encode([("scope", "https://cognitiveservices.azure.com/.default"), ("x", "")])
                == "scope=https%3A%2F%2Fcognitiveservices.azure.com%2F.default&x=")
    }

    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func base64MatchesRFC4648(input: String, expected: String) {
        #expect(Base64.encode(Array(input.utf8)) == expected)
        #expect(Base64.urlEncode(Array(input.utf8)) == expected.filter { $0 != "=" })
    }

    @Test func base64URLUsesTheURLAlphabet() {
        #expect(Base64.urlEncode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(Base64.encode([0xfb, 0xff, 0xbf]) == "+/+/")
        // The Entra docs' example: hex 84E05C1D98BCE3A5421D225B140B36E86A3D5534 -> hOBcHZi846VCHSJbFAs26Go9VTQ
        let digest: [UInt8] = [
            0x84, 0xE0, 0x5C, 0x1D, 0x98, 0xBC, 0xE3, 0xA5, 0x42, 0x1D, 0x22, 0x5B, 0x14, 0x0B, 0x36, 0xE8,
            0x6A, 0x3D, 0x55, 0x34,
        ]
        #expect(Base64.urlEncode(digest) == "hOBcHZi846VCHSJbFAs26Go9VTQ")
    }

    @Test func rfc3339Timestamps() {
        #expect(CLITimestamps.rfc3339("2025-01-31T14:05:07Z") == 1_738_332_307)
        #expect(CLITimestamps.rfc3339("2025-01-31T14:05:07.123456Z") == 1_738_332_307)
        #expect(CLITimestamps.rfc3339("2025-01-31T15:05:07+01:00") == 1_738_332_307)
        #expect(CLITimestamps.rfc3339("2025-01-31T09:05:07-05:00") == 1_738_332_307)
        #expect(CLITimestamps.rfc3339("2025-01-31 14:05:07") == nil)
        #expect(CLITimestamps.rfc3339("2025-13-31T14:05:07Z") == nil)
        #expect(CLITimestamps.rfc3339("tomorrow") == nil)
    }

    @Test func uuidsAreVersion4() {
        let uuid = OpenSSLSupport.uuidString()
        let groups = uuid.split(separator: "-")
        #expect(groups.map(\.count) == [8, 4, 4, 4, 12])
        #expect(groups[2].first == "4")
        #expect("89ab".contains(groups[3].first!))
        #expect(OpenSSLSupport.uuidString() != uuid)
    }
}

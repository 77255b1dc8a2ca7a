// Compact documents serialize back to the same bytes; members keep order; numbers keep their text.

import JSON
import Testing

@Suite("Round trips")
struct RoundTripTests {
    static let compactDocuments: [String] = [
        "null", "true", "false",
        "0", "-0", "1.0", "-0.0", "1e400", "-1.5e-7", "1E+2", "1e-400", "2.50",
        "123456789012345678901234567890", "-123456789012345678901234567890.000000000000000000001",
        #""""#, #""abc""#, #""é日本語🎉""#, #""\"\\""#, #""\n\t\r\b\f""#, #""\u0000\u001f""#,
        #""\u2028\u2029""#, #""a/b""#,
        "[]", "{}", "[[]]", "[{}]", #"{"":""}"#, "[1,[2,[3,[4]]]]",
        #"{"b":1,"a":2,"c":{"z":null,"y":[true,false,"x"]}}"#,
        #"[0,-1,3.14,6.02e23,6.02E-23,1e0,-0e-0]"#,
    ]

    @Test("compact document round-trips byte for byte", arguments: compactDocuments)
    func compactDocumentRoundTrips(_ document: String) throws {
        let value = try JSONValue.parse(document)
        #expect(value.serialized() == utf8(document))
        #expect(value.serializedString == document)
        #expect(value.description == document)
    }

    @Test func numberLiteralsAreKeptAsWritten() throws {
        let value = try JSONValue.parse("[1.0,-0,1e400,123456789012345678901234567890,0.10]")
        #expect(value == .array([.number("1.0"), .number("-0"), .number("1e400"),
                                 .number("123456789012345678901234567890"), .number("0.10")]))
    }

    @Test func whitespaceIsDropped() throws {
        #expect(try reserialized(" \t\r\n{ \"a\" : [ 1 , 2 ] ,\n \"b\" : { } }\n ") == #"{"a":[1,2],"b":{}}"#)
    }

    @Test func keyOrderIsDocumentOrder() throws {
        let value = try JSONValue.parse(#"{"zeta":1,"alpha":2,"mid":3,"beta":{"y":1,"x":2}}"#)
        #expect(value.objectValue?.keys == ["zeta", "alpha", "mid", "beta"])
        #expect(value["beta"]?.objectValue?.keys == ["y", "x"])
        #expect(value.objectValue?.map(\.key) == ["zeta", "alpha", "mid", "beta"])
    }

    @Test func nonCanonicalEscapesComeOutCanonical() throws {
        #expect(try reserialized(#""\/""#) == #""/""#)
        #expect(try reserialized(#""\u0041\u00e9""#) == "\"Aé\"")
        #expect(try reserialized(#""\uD83D\uDE00""#) == "\"😀\"")
        #expect(try reserialized(#""\u000A\u001F""#) == #""\n\u001f""#)
    }

    @Test func parsingTheOutputGivesTheSameValue() throws {
        let document = #"{"a":[1,"\u0000\ud83d\ude00\u2028",{"b":null}],"c":"\"q\""}"#
        let value = try JSONValue.parse(document)
        let again = try JSONValue.parse(value.serialized())
        #expect(again == value)
        #expect(again.serialized() == value.serialized())
    }

    @Test func threeEntryPointsAgree() throws {
        let text = #"{"k":["v",1,true]}"#
        let fromString = try JSONValue.parse(text)
        let fromArray = try JSONValue.parse(utf8(text))
        let fromBuffer = try utf8(text).withUnsafeBytes { bytes throws(JSONParseError) in try JSONValue.parse(bytes) }
        #expect(fromString == fromArray)
        #expect(fromArray == fromBuffer)
    }

    @Test func serializeIntoAppendsToExistingBytes() {
        var buffer = utf8("prefix:")
        JSONValue.array([1, "two", nil]).serialize(into: &buffer)
        #expect(buffer == utf8(#"prefix:[1,"two",null]"#))
    }

    @Test func invalidHandBuiltNumberIsWrittenAsNull() {
        let values: [JSONValue] = [.number("NaN"), .number(""), .number("01"), .number("1."), .number("+1"), .number(" 1")]
        for value in values {
            #expect(value.serializedString == "null", "\(value)")
        }
        #expect(JSONValue.number("-1.5E+3").serializedString == "-1.5E+3")
    }
}

// Typed accessors answer nil for the wrong shape; literals build the values they spell.

import JSON
import Testing

@Suite("Accessors and literals")
struct AccessorTests {
    static let sample: JSONValue = [
        "name": "relay", "on": true, "count": 3, "ratio": 0.25, "none": nil,
        "list": [1, "two", [3]], "nested": ["type": "message"],
    ]

    @Test func subscriptsReadObjectsAndArrays() {
        #expect(Self.sample["name"] == "relay")
        #expect(Self.sample["missing"] == nil)
        #expect(Self.sample["list"]?[1] == "two")
        #expect(Self.sample["list"]?[2]?[0] == 3)
        #expect(Self.sample["list"]?[3] == nil)
        #expect(Self.sample["list"]?[-1] == nil)
        #expect(Self.sample["nested"]?["type"]?.stringValue == "message")
        // Keys on arrays and indices on objects are simply absent.
        #expect(Self.sample["list"]?["0"] == nil)
        #expect(Self.sample[0] == nil)
        #expect(JSONValue.string("s")["k"] == nil)
    }

    @Test func typedValuesMatchOnlyTheirCase() {
        #expect(Self.sample["name"]?.stringValue == "relay")
        #expect(Self.sample["name"]?.boolValue == nil)
        #expect(Self.sample["on"]?.boolValue == true)
        #expect(Self.sample["on"]?.intValue == nil)
        #expect(Self.sample["count"]?.intValue == 3)
        #expect(Self.sample["count"]?.stringValue == nil)
        #expect(Self.sample["ratio"]?.doubleValue == 0.25)
        #expect(Self.sample["none"]?.isNull == true)
        #expect(Self.sample["name"]?.isNull == false)
        #expect(Self.sample["list"]?.arrayValue?.count == 3)
        #expect(Self.sample["list"]?.objectValue == nil)
        #expect(Self.sample["nested"]?.objectValue?.keys == ["type"])
        #expect(Self.sample.arrayValue == nil)
    }

    @Test func intValueAcceptsOnlyIntegerLiteralsThatFit() throws {
        #expect(JSONValue.number("42").intValue == 42)
        #expect(JSONValue.number("-0").intValue == 0)
        #expect(JSONValue.number("-9223372036854775808").intValue == Int.min)
        #expect(JSONValue.number("9223372036854775807").intValue == Int.max)
        #expect(JSONValue.number("9223372036854775808").intValue == nil)
        #expect(JSONValue.number("123456789012345678901234567890").intValue == nil)
        #expect(JSONValue.number("1.0").intValue == nil)
        #expect(JSONValue.number("1e2").intValue == nil)
        #expect(JSONValue.string("3599").intValue == nil)
        #expect(try JSONValue.parse(#"{"expires_in":3599}"#)["expires_in"]?.intValue == 3599)
    }

    @Test func doubleValueReadsAnyNumber() {
        #expect(JSONValue.number("1.5e3").doubleValue == 1500)
        #expect(JSONValue.number("-0").doubleValue?.sign == .minus)
        #expect(JSONValue.number("1e400").doubleValue == .infinity)
        #expect(JSONValue.number("1e-400").doubleValue == 0)
        #expect(JSONValue.number("7").doubleValue == 7)
        #expect(JSONValue.string("1.5").doubleValue == nil)
    }

    @Test func literalsBuildTheValuesTheySpell() {
        #expect(Self.sample.serializedString
            == #"{"name":"relay","on":true,"count":3,"ratio":0.25,"none":null,"list":[1,"two",[3]],"nested":{"type":"message"}}"#)
        let null: JSONValue = nil
        #expect(null == .null)
        let floatLiteral: JSONValue = 0.1
        #expect(floatLiteral == .number("0.1"))
        let integer = -12
        #expect(JSONValue(integer) == .number("-12"))
    }

    @Test func doublesBecomeShortestRoundTripLiterals() {
        let doubles: [Double] = [1e16, 100, -0.0, .leastNonzeroMagnitude, 0.1 + 0.2]
        #expect(doubles.map { JSONValue($0)?.serializedString }
            == ["1e+16", "100.0", "-0.0", "5e-324", "0.30000000000000004"])
        #expect(JSONValue(Double.nan) == nil)
        #expect(JSONValue(-Double.infinity) == nil)
    }
}

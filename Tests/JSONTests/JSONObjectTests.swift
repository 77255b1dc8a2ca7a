// JSONObject keeps document order through replacement, removal and appending.

import JSON
import Testing

@Suite("JSONObject")
struct JSONObjectTests {
    @Test func replacingAValueKeepsItsPosition() throws {
        var object = try #require(try JSONValue.parse(#"{"a":1,"b":2,"c":3}"#).objectValue)
        object["b"] = "two"
        #expect(object.keys == ["a", "b", "c"])
        #expect(JSONValue.object(object).serializedString == #"{"a":1,"b":"two","c":3}"#)
    }

    @Test func assigningNilRemovesAndNullStores() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        object["c"] = .null
        #expect(object.keys == ["a", "c"])
        #expect(object["c"] == .null)
        #expect(JSONValue.object(object).serializedString == #"{"a":1,"c":null}"#)
    }

    @Test func removeValueReturnsTheValue() {
        var object: JSONObject = ["a": 1, "b": "x", "c": 3]
        #expect(object.removeValue(forKey: "b") == "x")
        #expect(object.removeValue(forKey: "b") == nil)
        #expect(object.removeValue(forKey: "missing") == nil)
        #expect(object.count == 2)
        #expect(object.keys == ["a", "c"])
    }

    @Test func newKeysAppend() {
        var object: JSONObject = ["z": 1]
        object["a"] = 2
        object["m"] = 3
        #expect(object.keys == ["z", "a", "m"])
        #expect(object.values == [1, 2, 3])
        // Removing and re-adding a key moves it to the end.
        object["z"] = nil
        object["z"] = 4
        #expect(object.keys == ["a", "m", "z"])
    }

    @Test func iterationFollowsDocumentOrder() {
        let object: JSONObject = ["b": true, "a": false, "c": nil]
        let members = object.map { "\($0.key)=\($0.value)" }
        #expect(members == ["b=true", "a=false", "c=null"])
        #expect(JSONObject().isEmpty)
        #expect(Array(JSONObject()).isEmpty)
    }

    @Test func duplicateKeysKeepTheLastValueAtTheFirstPosition() throws {
        let value = try JSONValue.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
        #expect(value.serializedString == #"{"a":3,"b":2}"#)
        // Literals follow the same rule.
        let literal: JSONObject = ["a": 1, "b": 2, "a": 3]
        #expect(literal == value.objectValue)
    }

    @Test func equalityDependsOnOrder() {
        let ab: JSONObject = ["a": 1, "b": 2]
        let ba: JSONObject = ["b": 2, "a": 1]
        #expect(ab != ba)
        #expect(ab == ["a": 1, "b": 2])
        let set: Set<JSONValue> = [.object(ab), .object(ba), .object(["a": 1, "b": 2])]
        #expect(set.count == 2)
    }

    @Test func largeObjectsStayConsistentThroughMutation() throws {
        // Past the index threshold lookups go through a dictionary; it must track every change.
        var object = JSONObject()
        for index in 0..<100 { object["k\(index)"] = JSONValue(index) }
        #expect(object.count == 100)
        #expect(object["k99"] == 99)
        object["k50"] = "replaced"
        #expect(object.keys[50] == "k50")
        #expect(object.removeValue(forKey: "k10") == 10)
        #expect(object["k10"] == nil)
        #expect(object["k11"] == 11)
        #expect(object.keys[10] == "k11")
        #expect(object["k99"] == 99)
        object["k11"] = 1100
        #expect(object.keys[10] == "k11")
        // Shrinking below the threshold drops the index; lookups keep working.
        for index in 20..<100 { object["k\(index)"] = nil }
        #expect(object.count == 19)
        #expect(object["k19"] == 19)
        #expect(object["k50"] == nil)
        object["new"] = true
        #expect(object.keys.last == "new")
        // Equal members compare equal however the objects got there.
        var rebuilt = JSONObject()
        for (key, value) in object { rebuilt[key] = value }
        #expect(rebuilt == object)
        #expect(rebuilt.hashValue == object.hashValue)
    }

    @Test func parsingAnObjectWithManyDuplicateKeysStaysCorrect() throws {
        var text = "{"
        for index in 0..<1000 { text += "\"k\(index % 300)\":\(index)," }
        text += "\"end\":0}"
        let object = try #require(try JSONValue.parse(text).objectValue)
        #expect(object.count == 301)
        #expect(object.keys.first == "k0")
        #expect(object["k0"] == 900)
        #expect(object["k299"] == 899)
        #expect(object.keys.last == "end")
    }
}

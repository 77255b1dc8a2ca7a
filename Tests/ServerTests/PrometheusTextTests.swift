// Tests for PrometheusText: HELP/TYPE lines, sample lines, value formatting and escaping.

import Server
import Testing

@Suite struct PrometheusTextTests {
    /// A parsed sample line: name, labels (unescaped) and the value text.
    struct Sample: Equatable {
        var name: String
        var labels: [String: String]
        var value: String
    }

    /// Parses `name{a="x",b="y"} value` following the exposition format's escaping rules.
    static func parseSample(_ line: Substring) -> Sample? {
        var rest = line[...]
        let name = rest.prefix { $0 != "{" && $0 != " " }
        rest = rest.dropFirst(name.count)
        var labels: [String: String] = [:]
        if rest.first == "{" {
            rest = rest.dropFirst()
            while rest.first != "}" {
                let labelName = rest.prefix { $0 != "=" }
                rest = rest.dropFirst(labelName.count)
                guard rest.hasPrefix("=\"") else { return nil }
                rest = rest.dropFirst(2)
                var value = ""
                while let character = rest.first, character != "\"" {
                    rest = rest.dropFirst()
                    if character == "\\" {
                        guard let escaped = rest.first else { return nil }
                        rest = rest.dropFirst()
                        switch escaped {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: return nil
                        }
                    } else {
                        value.append(character)
                    }
                }
                guard rest.first == "\"" else { return nil }
                rest = rest.dropFirst()
                labels[String(labelName)] = value
                if rest.first == "," { rest = rest.dropFirst() }
            }
            rest = rest.dropFirst()
        }
        guard rest.first == " " else { return nil }
        return Sample(name: String(name), labels: labels, value: String(rest.dropFirst()))
    }

    static func unescapeHelp(_ text: Substring) -> String {
        var out = ""
        var escaping = false
        for character in text {
            if escaping {
                out.append(character == "n" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }

    @Test func rendersFamiliesLineByLine() throws {
        let text = PrometheusText.render([
            MetricFamily(name: "relay_sessions_total", help: "Sessions accepted.", type: .counter, samples: [
                MetricSample(labels: [("outcome", "ok")], value: 42),
                MetricSample(labels: [("outcome", "error"), ("code", "502")], value: 3),
            ]),
            MetricFamily(name: "relay_sessions_active", help: "Open sessions.", type: .gauge, samples: [
                MetricSample(value: 7),
            ]),
            MetricFamily(name: "relay_uptime_seconds", help: "Uptime.", type: .gauge, samples: [
                MetricSample(value: 12.5),
            ]),
        ])
        #expect(text.hasSuffix("\n"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(Array(lines) == [
            "# HELP relay_sessions_total Sessions accepted.",
            "# TYPE relay_sessions_total counter",
            "relay_sessions_total{outcome=\"ok\"} 42",
            "relay_sessions_total{outcome=\"error\",code=\"502\"} 3",
            "# HELP relay_sessions_active Open sessions.",
            "# TYPE relay_sessions_active gauge",
            "relay_sessions_active 7",
            "# HELP relay_uptime_seconds Uptime.",
            "# TYPE relay_uptime_seconds gauge",
            "relay_uptime_seconds 12.5",
        ])
        let sample = try #require(Self.parseSample(lines[3]))
        #expect(sample == Sample(name: "relay_sessions_total", labels: ["outcome": "error", "code": "502"], value: "3"))
    }

    @Test func escapesLabelValues() throws {
        let nasty = "a\\b \"quoted\"\nnext line } , ="
        let text = PrometheusText.render([
            MetricFamily(name: "m", help: "h", type: .counter, samples: [
                MetricSample(labels: [("path", nasty), ("plain", "x")], value: 1),
            ]),
        ])
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3, "a newline in a label value must not break the line")
        #expect(lines[2] == #"m{path="a\\b \"quoted\"\nnext line } , =",plain="x"} 1"#)
        let sample = try #require(Self.parseSample(lines[2]))
        #expect(sample.labels == ["path": nasty, "plain": "x"])
        #expect(sample.value == "1")
    }

    @Test func escapesHelp() {
        let help = "Line one\nline two with \\ backslash and \"quotes\""
        let text = PrometheusText.render([MetricFamily(name: "m", help: help, type: .gauge, samples: [])])
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == #"# HELP m Line one\nline two with \\ backslash and "quotes""#)
        #expect(Self.unescapeHelp(lines[0].dropFirst("# HELP m ".count)) == help)
        #expect(lines[1] == "# TYPE m gauge")
    }

    @Test func formatsValues() {
        #expect(PrometheusText.format(.int(0)) == "0")
        #expect(PrometheusText.format(.int(-17)) == "-17")
        #expect(PrometheusText.format(.int(Int.max)) == "9223372036854775807")
        #expect(PrometheusText.format(.double(3.0)) == "3")
        #expect(PrometheusText.format(.double(-0.0)) == "0")
        #expect(PrometheusText.format(.double(0.25)) == "0.25")
        #expect(PrometheusText.format(.double(1e300)) == "1e+300")
        #expect(PrometheusText.format(.double(.nan)) == "NaN")
        #expect(PrometheusText.format(.double(.infinity)) == "+Inf")
        #expect(PrometheusText.format(.double(-.infinity)) == "-Inf")
    }

    @Test func integerLiteralsPickTheIntegerInitializer() {
        let flag = Bool.random()
        #expect(MetricSample(value: flag ? 1 : 0).value == .int(flag ? 1 : 0))
        #expect(MetricSample(value: 2).value == .int(2))
        #expect(MetricSample(value: 2.5).value == .double(2.5))
    }

    @Test func emptyInputRendersNothing() {
        #expect(PrometheusText.render([]) == "")
    }

    @Test func contentType() {
        #expect(PrometheusText.contentType == "text/plain; version=0.0.4; charset=utf-8")
    }
}

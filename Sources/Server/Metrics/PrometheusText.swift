// PrometheusText: renders metric families in the Prometheus text exposition format 0.0.4.

/// A metric value: integers print without a fractional part.
package enum MetricValue: Sendable, Equatable {
    /// An integer value, printed as decimal digits.
    case int(Int)
    /// A floating-point value; integral values also print without `.0`.
    case double(Double)
}

/// One sample of a family: a label set and a value. The sample's name is the family's name.
package struct MetricSample: Sendable {
    /// Label names and values, printed in this order. Names must match `[a-zA-Z_][a-zA-Z0-9_]*`;
    /// values may be any text (they are escaped).
    package var labels: [(String, String)]
    /// The sample value.
    package var value: MetricValue
    /// Appended to the family name for this sample (`_bucket`, `_sum`, `_count` in a histogram).
    package var suffix = ""

    /// A sample with an integer value.
    package init(labels: [(String, String)] = [], value: Int) {
        self.labels = labels
        self.value = .int(value)
    }

    /// A sample with a floating-point value.
    package init(labels: [(String, String)] = [], value: Double) {
        self.labels = labels
        self.value = .double(value)
    }
}

/// A metric family: name, help text, type and samples.
package struct MetricFamily: Sendable {
    /// The metric types this renderer emits.
    package enum Kind: String, Sendable {
        /// A monotonically increasing count.
        case counter
        /// A value that can go up and down.
        case gauge
        /// Cumulative buckets (`_bucket{le=…}`), `_sum` and `_count` samples, named by their suffix.
        case histogram
    }

    /// The metric name, matching `[a-zA-Z_:][a-zA-Z0-9_:]*` (e.g. `relay_sessions_total`).
    package var name: String
    /// Help text; backslashes and newlines are escaped when rendered.
    package var help: String
    /// Counter or gauge.
    package var type: Kind
    /// The samples; a family with none still renders its `# HELP` and `# TYPE` lines.
    package var samples: [MetricSample]

    /// Creates a family.
    package init(name: String, help: String, type: Kind, samples: [MetricSample]) {
        self.name = name
        self.help = help
        self.type = type
        self.samples = samples
    }
}

/// Renderer for the Prometheus text exposition format, version 0.0.4.
package enum PrometheusText {
    /// The `Content-Type` of a rendered exposition.
    package static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Renders families in order, each as `# HELP`, `# TYPE` and one line per sample;
    /// every line, the last included, ends with `\n`.
    package static func render(_ families: [MetricFamily]) -> String {
        var out = ""
        out.reserveCapacity(families.count * 128)
        for family in families {
            out += "# HELP "
            out += family.name
            out += " "
            out += escapeHelp(family.help)
            out += "\n# TYPE "
            out += family.name
            out += " "
            out += family.type.rawValue
            out += "\n"
            for sample in family.samples {
                out += family.name
                out += sample.suffix
                if !sample.labels.isEmpty {
                    out += "{"
                    for (index, (name, value)) in sample.labels.enumerated() {
                        if index > 0 { out += "," }
                        out += name
                        out += "=\""
                        out += escapeLabelValue(value)
                        out += "\""
                    }
                    out += "}"
                }
                out += " "
                out += format(sample.value)
                out += "\n"
            }
        }
        return out
    }

    /// A value as the format expects: integers and integral doubles without `.0`,
    /// `NaN`, `+Inf` and `-Inf` for the special values.
    package static func format(_ value: MetricValue) -> String {
        switch value {
        case .int(let int):
            return String(int)
        case .double(let double):
            if double.isNaN { return "NaN" }
            if double.isInfinite { return double < 0 ? "-Inf" : "+Inf" }
            if double == double.rounded(), abs(double) < 9_007_199_254_740_992 {
                return String(Int64(double))
            }
            return String(double)
        }
    }

    /// Escapes a label value: `\` -> `\\`, `"` -> `\"`, newline -> `\n`.
    package static func escapeLabelValue(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 || $0 == 0x0A }) else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 8)
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Escapes help text: `\` -> `\\`, newline -> `\n`.
    package static func escapeHelp(_ help: String) -> String {
        guard help.utf8.contains(where: { $0 == 0x5C || $0 == 0x0A }) else { return help }
        var out = ""
        out.reserveCapacity(help.utf8.count + 8)
        for character in help.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}

extension MetricFamily {
    /// Adds `other`'s samples into this family's: equal suffix and labels sum, others are appended.
    /// Per-loop counters, gauges and histogram buckets all combine this way.
    package mutating func add(_ other: MetricFamily) {
        for sample in other.samples {
            if let index = samples.firstIndex(where: { $0.suffix == sample.suffix && $0.labels.elementsEqual(sample.labels, by: ==) }) {
                samples[index].value = samples[index].value + sample.value
            } else {
                samples.append(sample)
            }
        }
    }
}

extension MetricValue {
    static func + (lhs: MetricValue, rhs: MetricValue) -> MetricValue {
        switch (lhs, rhs) {
        case (.int(let a), .int(let b)): .int(a + b)
        case (.int(let a), .double(let b)): .double(Double(a) + b)
        case (.double(let a), .int(let b)): .double(a + Double(b))
        case (.double(let a), .double(let b)): .double(a + b)
        }
    }
}

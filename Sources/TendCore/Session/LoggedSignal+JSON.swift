import Foundation

/// Writing JSON text by hand, for the few values written on every live signal.
///
/// Foundation's `JSONEncoder` cost more server time per signal than anything else Tend does with
/// it (decision 012). What these write is what the synthesised `Codable` conformances read, and
/// the tests decode every case back with `JSONDecoder` to hold them to that.
public enum JSONText {
    /// A JSON string literal, quotes included, with quotes, backslashes and control characters escaped.
    public static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension LoggedSignal {
    /// This entry as JSON text, as `JSONEncoder` would write it (dates as seconds since 2001).
    public var jsonText: String {
        #"{"index":\#(index),"version":\#(version),"record":\#(record.jsonText)}"#
    }
}

extension SignalRecord {
    var jsonText: String {
        // Like the synthesised conformance, a record with no position leaves the key out.
        let position = position.map { #","position":\#($0.jsonText)"# } ?? ""
        return #"{"signal":\#(signal.jsonText),"by":"\#(by.rawValue)","at":\#(at.timeIntervalSinceReferenceDate)\#(position)}"#
    }
}

extension Signal {
    var jsonText: String {
        switch self {
        case .holdStill: #"{"holdStill":{}}"#
        case .softer: #"{"softer":{}}"#
        case .firmer: #"{"firmer":{}}"#
        case .pain(let level): #"{"pain":{"_0":\#(level)}}"#
        case .readyForNext: #"{"readyForNext":{}}"#
        }
    }
}

extension Position {
    var jsonText: String {
        switch self {
        case .phase(let phase): #"{"phase":{"_0":"\#(phase.rawValue)"}}"#
        case .point(let gate, let step): #"{"point":{"gate":\#(gate),"step":\#(step)}}"#
        case .checkIn(let gate): #"{"checkIn":{"gate":\#(gate)}}"#
        case .finished: #"{"finished":{}}"#
        }
    }
}

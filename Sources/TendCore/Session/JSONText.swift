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

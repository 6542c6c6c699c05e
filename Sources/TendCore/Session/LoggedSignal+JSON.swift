import Foundation

// The live signal log's entries as JSON text, written by hand (see `JSONText`, decision 012).

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
        case .here: #"{"here":{}}"#
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

/// The one name each intent goes by outside Swift: the `intent` a form posts, the JSON API's
/// `intent` field and the live protocol's. Every surface reads names through here, and the OpenAPI
/// document is tested against ``allCases``, so a new intent cannot be forgotten in one place.
public enum IntentName: String, CaseIterable, Codable, Sendable {
    case start, next, stayLonger, pause, resume, rate, enoughForToday, reflect, end
    case holdStill, softer, firmer, pain, ready, here

    /// Every name, as a sentence lists them.
    public static var list: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// The values some intents carry besides their name.
public struct IntentValues: Sendable {
    /// `pain`: how the touch feels, 1 to 5.
    public var level: Int?
    /// `rate`: tension 0–10.
    public var tension: Int?
    /// `rate`: pain 0–10.
    public var pain: Int?
    /// `reflect`: the reflection.
    public var reflection: Reflection?

    /// Gathers the values; each is optional.
    public init(level: Int? = nil, tension: Int? = nil, pain: Int? = nil, reflection: Reflection? = nil) {
        self.level = level
        self.tension = tension
        self.pain = pain
        self.reflection = reflection
    }
}

extension Intent {
    /// The intent a name stands for, with the values it carries; nil when one it needs is missing
    /// (a pain signal's level). Ranges are the engine's to check, so every surface refuses alike.
    public init?(_ name: IntentName, _ values: IntentValues = IntentValues()) {
        switch name {
        case .start: self = .start
        case .next: self = .next
        case .stayLonger: self = .stayLonger
        case .pause: self = .pause
        case .resume: self = .resume
        case .rate: self = .rate(tension: values.tension, pain: values.pain)
        case .enoughForToday: self = .enoughForToday
        case .reflect: self = .reflect(values.reflection ?? Reflection())
        case .end: self = .end
        case .holdStill: self = .signal(.holdStill)
        case .softer: self = .signal(.softer)
        case .firmer: self = .signal(.firmer)
        case .pain:
            guard let level = values.level else { return nil }
            self = .signal(.pain(level))
        case .ready: self = .signal(.readyForNext)
        case .here: self = .signal(.here)
        }
    }

    /// This intent's name.
    public var name: IntentName {
        switch self {
        case .start: .start
        case .next: .next
        case .stayLonger: .stayLonger
        case .pause: .pause
        case .resume: .resume
        case .rate: .rate
        case .enoughForToday: .enoughForToday
        case .reflect: .reflect
        case .end: .end
        case .signal(let signal): signal.name
        }
    }
}

extension Signal {
    /// This signal's name (the live protocol's `signal` field).
    public var name: IntentName {
        switch self {
        case .holdStill: .holdStill
        case .softer: .softer
        case .firmer: .firmer
        case .pain: .pain
        case .readyForNext: .ready
        case .here: .here
        }
    }
}

extension SessionRejection {
    /// The rejection's name for clients (the API's problem `code`, the live protocol's error
    /// `code`): the case's own name, so it is written once.
    public var code: String {
        let described = String(describing: self)
        return String(described.prefix { $0 != "(" })
    }
}

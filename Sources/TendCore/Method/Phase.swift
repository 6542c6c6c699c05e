/// One part of a practice session, in the order the method teaches them.
public enum Phase: String, Codable, Sendable, CaseIterable, Hashable {
    /// Preparing the room: warmth, support, lubricant within reach.
    case setUp
    /// Full-body massage before any genital touch.
    case warmUp
    /// Technique 1: a still, warm hand resting over the whole vulva.
    case fullHandHolding
    /// Technique 2: a fingertip resting at the entrance, waiting to be invited.
    case entranceHolding
    /// Technique 3: gentle pressure toward points of a clock face, gate by gate.
    case clockFace
    /// Checking in, resting, aftercare, a short reflection.
    case close
}

import Foundation
import TendCore

/// The clock face as inline SVG: twelve hour marks, six o'clock at the bottom (toward the back),
/// the gate's points in order, those already visited filled, the current one ringed.
///
/// Built from numbers only, so nothing a person typed ever reaches this markup.
enum ClockFaceSVG {
    static func render(gate: Gate, currentStep: Int?, visitedSteps: Set<Int>, size: Int = 240) -> String {
        let current = currentStep.flatMap { gate.sequence.indices.contains($0) ? gate.sequence[$0].hour : nil }
        let points = gate.points.map { point in
            let spot = place(point.hour)
            let steps = gate.sequence.indices.filter { gate.sequence[$0] == point }
            let state = point.hour == current ? "current" : steps.contains(where: visitedSteps.contains) ? "visited" : "ahead"
            return #"<circle cx="\#(number(spot.x))" cy="\#(number(spot.y))" r="\#(point.hour == current ? 14 : 9)" class="clock-point \#(state)"/>"#
        }
        let description = current.map { "Clock face at gate \(gate.number), now at \($0) o'clock" } ?? "Clock face at gate \(gate.number)"
        return svg(class: "clock-face", size: size, label: description, parts: points)
    }

    /// Where an hour's point sits: twelve at the top, six at the bottom.
    static func place(_ hour: Int, distance: Double = 66) -> (x: Double, y: Double) {
        let angle = (Double(hour % 12) / 12 * 2 * .pi) - .pi / 2
        return (120 + distance * cos(angle), 120 + distance * sin(angle))
    }

    static func number(_ value: Double) -> String { String(format: "%.1f", value) }

    /// A whole clock face: the rim and the twelve hour numbers, then `parts` on top. `label` is
    /// Tend's own words, never a person's text.
    static func svg(class className: String, size: Int, label: String, parts: [String]) -> String {
        let dial = [#"<circle cx="120" cy="120" r="106" class="clock-rim"/>"#] + (1...12).map { hour in
            let mark = place(hour, distance: 94)
            return #"<text x="\#(number(mark.x))" y="\#(number(mark.y))" class="clock-hour">\#(hour)</text>"#
        }
        return #"<svg class="\#(className)" viewBox="0 0 240 240" width="\#(size)" height="\#(size)" role="img" aria-label="\#(label)">"#
            + (dial + parts).joined() + "</svg>"
    }
}

/// Short, plain durations: "45 s", "12 min", "1 h 5 min".
func plainDuration(_ seconds: TimeInterval) -> String {
    let total = Int(seconds.rounded())
    if total < 60 { return "\(total) s" }
    let minutes = total / 60
    if minutes < 60 { return "\(minutes) min" }
    return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
}

extension Program {
    /// Where a position is, in words: "Gate 2 · 8 o'clock (point 3 of 9)"; a phase's title is
    /// worded for who reads it.
    func describe(_ position: Position, audience: Participant = .alone) -> String {
        switch position {
        case .phase(let phase): guide(for: phase, audience: audience)?.title ?? phase.rawValue
        case .point(let gateNumber, let step):
            "Gate \(gateNumber) · \(clockPoint(at: position)?.description ?? "") (point \(step + 1) of \(gate(gateNumber)?.sequence.count ?? 0))"
        case .checkIn(let gateNumber): "Check-in after gate \(gateNumber)"
        case .finished: "Finished"
        }
    }
}

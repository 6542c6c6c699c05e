import Foundation
import TendCore

/// The clock face as inline SVG: twelve hour marks, six o'clock at the bottom (toward the back),
/// the gate's points in order, those already visited filled, the current one ringed.
///
/// Built from numbers only, so nothing a person typed ever reaches this markup.
enum ClockFaceSVG {
    static func render(gate: Gate, currentStep: Int?, visitedSteps: Set<Int>, size: Int = 240) -> String {
        let centre = 120.0
        let radius = 92.0
        func point(_ hour: Int, _ distance: Double) -> (x: Double, y: Double) {
            let angle = (Double(hour % 12) / 12 * 2 * .pi) - .pi / 2
            return (centre + distance * cos(angle), centre + distance * sin(angle))
        }
        func number(_ value: Double) -> String { String(format: "%.1f", value) }

        var parts: [String] = []
        parts.append(#"<circle cx="120" cy="120" r="\#(number(radius + 14))" class="clock-rim"/>"#)
        for hour in 1...12 {
            let label = point(hour, radius + 2)
            parts.append(#"<text x="\#(number(label.x))" y="\#(number(label.y))" class="clock-hour">\#(hour)</text>"#)
        }
        let current = currentStep.map { gate.sequence[$0].hour }
        for hour in Set(gate.sequence.map(\.hour)).sorted() {
            let spot = point(hour, radius - 26)
            let steps = gate.sequence.indices.filter { gate.sequence[$0].hour == hour }
            let state = hour == current ? "current" : steps.contains(where: visitedSteps.contains) ? "visited" : "ahead"
            parts.append(#"<circle cx="\#(number(spot.x))" cy="\#(number(spot.y))" r="\#(hour == current ? 14 : 9)" class="clock-point \#(state)"/>"#)
        }
        let description = current.map { "Clock face at gate \(gate.number), now at \($0) o'clock" } ?? "Clock face at gate \(gate.number)"
        return #"<svg class="clock-face" viewBox="0 0 240 240" width="\#(size)" height="\#(size)" role="img" aria-label="\#(description)">"#
            + parts.joined() + "</svg>"
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
    /// Where a position is, in words: "Gate 2 · 8 o'clock (point 3 of 9)".
    func describe(_ position: Position) -> String {
        switch position {
        case .phase(let phase): guide(for: phase)?.title ?? phase.rawValue
        case .point(let gateNumber, let step):
            "Gate \(gateNumber) · \(clockPoint(at: position)?.description ?? "") (point \(step + 1) of \(gate(gateNumber)?.sequence.count ?? 0))"
        case .checkIn(let gateNumber): "Check-in after gate \(gateNumber)"
        case .finished: "Finished"
        }
    }
}

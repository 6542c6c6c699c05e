import Foundation
import TendCore

/// Progress pictures as inline SVG, built from numbers and Tend's own words only. Every chart is
/// paired with a table of the same figures on the page, for screen readers and for print.
enum Charts {
    private static func number(_ value: Double) -> String { ClockFaceSVG.number(value) }

    /// The colour band of a 0–10 figure: heat-0 (calm) to heat-5 (strong).
    static func heatClass(_ value: Double?) -> String {
        value.map { "heat-\(min(5, max(0, Int(($0 / 2).rounded(.down)))))" } ?? "heat-none"
    }

    /// A clock face (six o'clock at the bottom, toward the back) whose points are coloured by a
    /// 0–10 figure; points without a figure stay hollow.
    static func clockMap(gate: Gate, values: [Int: Double], label: String) -> String {
        // The gate's own points, then any other point rated there (one a practitioner's programme led to).
        let own = gate.points.map(\.hour)
        let hours = own + values.keys.filter { !own.contains($0) && (1...12).contains($0) }.sorted()
        let points = hours.map { hour in
            let spot = ClockFaceSVG.place(hour)
            let value = values[hour]
            let title = value.map { "\(hour) o'clock: \(number($0)) of 10" } ?? "\(hour) o'clock: no rating"
            return #"<circle cx="\#(number(spot.x))" cy="\#(number(spot.y))" r="13" class="map-point \#(heatClass(value))"><title>\#(title)</title></circle>"#
        }
        return ClockFaceSVG.svg(class: "clock-map", size: 200, label: label, parts: points)
    }

    /// One line of a weekly chart; nil where the week has no figure.
    struct Series {
        let name: String
        let className: String
        let values: [Double?]
    }

    /// A line chart over weeks, from 0 to `maxValue`, with gaps where weeks have no figure.
    static func weekly(_ series: [Series], weeks: [Day], maxValue: Double, label: String) -> String {
        // About a phone's width in the drawing's own units, so labels keep their size (14 px) on a phone.
        let width = 360.0, height = 200.0, left = 34.0, right = 8.0, top = 12.0, bottom = 30.0
        let count = max(weeks.count, 2)
        func x(_ index: Int) -> Double { left + Double(index) * (width - left - right) / Double(count - 1) }
        func y(_ value: Double) -> Double { top + (1 - min(value, maxValue) / maxValue) * (height - top - bottom) }
        var parts: [String] = []
        for tick in [0, maxValue / 2, maxValue] {
            parts.append(#"<line x1="\#(number(left))" x2="\#(number(width - right))" y1="\#(number(y(tick)))" y2="\#(number(y(tick)))" class="grid"/>"#)
            parts.append(#"<text x="\#(number(left - 6))" y="\#(number(y(tick)))" class="axis axis-y">\#(tick.rounded() == tick ? String(Int(tick)) : number(tick))</text>"#)
        }
        if let first = weeks.first, let last = weeks.last {
            parts.append(#"<text x="\#(number(left))" y="\#(number(height - 8))" class="axis">\#(first)</text>"#)
            parts.append(#"<text x="\#(number(width - right))" y="\#(number(height - 8))" class="axis axis-end">\#(last)</text>"#)
        }
        for line in series {
            var path = ""
            var drawing = false
            var dots: [String] = []
            for (index, value) in line.values.enumerated() {
                guard let value else {
                    drawing = false
                    continue
                }
                path += "\(drawing ? "L" : "M")\(number(x(index))) \(number(y(value))) "
                drawing = true
                dots.append(#"<circle cx="\#(number(x(index)))" cy="\#(number(y(value)))" r="2.5"/>"#)
            }
            parts.append(#"<g class="series \#(line.className)"><path d="\#(path)"/>\#(dots.joined())</g>"#)
        }
        return #"<svg class="weekly-chart" viewBox="0 0 \#(Int(width)) \#(Int(height))" role="img" aria-label="\#(attributeText(label))">"#
            + parts.joined() + "</svg>"
    }
}

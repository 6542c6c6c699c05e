import TendCore

/// A QR code as inline SVG: dark modules on a light square with the four-module quiet zone a
/// camera needs, the same in both themes. Built from the code's modules only.
enum QRCodeSVG {
    static func render(_ code: QRCode, label: String) -> String {
        let quiet = 4
        let side = code.size + 2 * quiet
        var path = ""
        for row in 0..<code.size {
            var column = 0
            while column < code.size {
                guard code.isDark(row: row, column: column) else {
                    column += 1
                    continue
                }
                let start = column
                while column < code.size && code.isDark(row: row, column: column) { column += 1 }
                path += "M\(start + quiet) \(row + quiet)h\(column - start)v1h-\(column - start)z"
            }
        }
        return ##"<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(side) \##(side)" role="img" aria-label="\##(label)" shape-rendering="crispEdges"><rect width="\##(side)" height="\##(side)" fill="#ffffff"/><path d="\##(path)" fill="#000000"/></svg>"##
    }
}

import Foundation

extension QRCode {
    /// A symbol under construction: which modules are dark, and which belong to function patterns
    /// (finder, separator, timing, alignment, format and version areas) and so carry no data.
    struct Grid: Sendable {
        /// The version being drawn.
        let version: Int
        /// Modules along each side.
        let size: Int
        /// Dark modules, row by row.
        var dark: [Bool]
        /// Modules reserved for function patterns, row by row.
        private(set) var isFunction: [Bool]

        /// A grid for `version` with every function pattern drawn and the format and version areas reserved
        /// (left light until ``drawFormatInformation(mask:)`` and ``drawVersionInformation()``).
        init(version: Int) {
            self.version = version
            self.size = 17 + 4 * version
            self.dark = Array(repeating: false, count: size * size)
            self.isFunction = Array(repeating: false, count: size * size)
            drawFinderPatterns()
            drawTimingPatterns()
            drawAlignmentPatterns()
            reserveFormatAndVersionAreas()
        }

        /// Whether the module at `row`, `column` is dark.
        subscript(row: Int, column: Int) -> Bool {
            get { dark[row * size + column] }
            set { dark[row * size + column] = newValue }
        }

        /// Whether the module at `row`, `column` belongs to a function pattern.
        func isFunction(row: Int, column: Int) -> Bool { isFunction[row * size + column] }

        /// Sets a function module, marking it reserved.
        mutating func setFunction(row: Int, column: Int, dark isDark: Bool) {
            self[row, column] = isDark
            isFunction[row * size + column] = true
        }

        // MARK: - Function patterns

        /// The three 7×7 finder patterns with their one-module light separators.
        private mutating func drawFinderPatterns() {
            for (top, left) in [(0, 0), (0, size - 7), (size - 7, 0)] {
                for row in (top - 1)...(top + 7) where (0..<size).contains(row) {
                    for column in (left - 1)...(left + 7) where (0..<size).contains(column) {
                        // Rings by distance from the centre: dark core (0–1), light (2), dark (3), separator (4).
                        let ring = max(abs(row - top - 3), abs(column - left - 3))
                        setFunction(row: row, column: column, dark: ring != 2 && ring != 4)
                    }
                }
            }
        }

        /// Alternating modules along row 6 and column 6 between the finder patterns, dark at even positions.
        private mutating func drawTimingPatterns() {
            for index in 8..<(size - 8) {
                setFunction(row: 6, column: index, dark: index % 2 == 0)
                setFunction(row: index, column: 6, dark: index % 2 == 0)
            }
        }

        /// The 5×5 alignment patterns at every pairing of centre coordinates, except over the finder patterns.
        private mutating func drawAlignmentPatterns() {
            let centers = alignmentCenters(version: version)
            guard let first = centers.first, let last = centers.last else { return }
            for centerRow in centers {
                for centerColumn in centers {
                    let overFinder = (centerRow == first && (centerColumn == first || centerColumn == last))
                        || (centerRow == last && centerColumn == first)
                    if overFinder { continue }
                    for row in (centerRow - 2)...(centerRow + 2) {
                        for column in (centerColumn - 2)...(centerColumn + 2) {
                            let ring = max(abs(row - centerRow), abs(column - centerColumn))
                            setFunction(row: row, column: column, dark: ring != 1)
                        }
                    }
                }
            }
        }

        /// Reserves both copies of the format information, the dark module and (version 7 and up) both
        /// version information blocks, all light for now.
        private mutating func reserveFormatAndVersionAreas() {
            for index in 0...8 where index != 6 {
                setFunction(row: 8, column: index, dark: false)
                setFunction(row: index, column: 8, dark: false)
            }
            for index in 0..<8 {
                setFunction(row: 8, column: size - 1 - index, dark: false)
                setFunction(row: size - 1 - index, column: 8, dark: false)  // includes the dark module's place
            }
            guard version >= 7 else { return }
            for short in 0..<6 {
                for long in (size - 11)..<(size - 8) {
                    setFunction(row: short, column: long, dark: false)
                    setFunction(row: long, column: short, dark: false)
                }
            }
        }

        // MARK: - Codeword placement

        /// Places `codewords` most significant bit first in the two-column zigzag (ISO/IEC 18004, 7.7.3):
        /// from the bottom-right corner, up then down, skipping the vertical timing column and all function
        /// modules. Modules left over are remainder bits, light.
        mutating func placeCodewords(_ codewords: [UInt8]) {
            var bitIndex = 0
            var upward = true
            var right = size - 1
            while right > 0 {
                if right == 6 { right -= 1 }  // the vertical timing pattern shifts the column pairs left
                for step in 0..<size {
                    let row = upward ? size - 1 - step : step
                    for column in [right, right - 1] where !isFunction(row: row, column: column) {
                        if bitIndex < codewords.count * 8 {
                            self[row, column] = (codewords[bitIndex / 8] >> (7 - UInt8(bitIndex % 8))) & 1 == 1
                        }
                        bitIndex += 1
                    }
                }
                upward.toggle()
                right -= 2
            }
            precondition(bitIndex >= codewords.count * 8, "codewords exceed the encoding region")
        }
    }
}

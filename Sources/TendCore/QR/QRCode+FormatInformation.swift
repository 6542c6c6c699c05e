import Foundation

extension QRCode {
    /// The two format bits of error correction level M (L = 01, M = 00, Q = 11, H = 10).
    static let levelMFormatBits = 0b00

    /// The remainder of `value` (already shifted up by the check bits) divided by `generator` over GF(2).
    static func polynomialRemainder(_ value: Int, generator: Int) -> Int {
        let generatorDegree = Int.bitWidth - 1 - generator.leadingZeroBitCount
        var remainder = value
        while remainder != 0, Int.bitWidth - 1 - remainder.leadingZeroBitCount >= generatorDegree {
            remainder ^= generator << (Int.bitWidth - 1 - remainder.leadingZeroBitCount - generatorDegree)
        }
        return remainder
    }

    /// The 15-bit format information for level M and `mask`: 5 data bits, a BCH(15,5) code with generator
    /// x¹⁰ + x⁸ + x⁵ + x⁴ + x² + x + 1 (0x537), then XORed with 0x5412 so it is never all light.
    static func formatInformation(mask: Int) -> Int {
        let data = levelMFormatBits << 3 | mask
        return (data << 10 | polynomialRemainder(data << 10, generator: 0x537)) ^ 0x5412
    }

    /// The 18-bit version information for `version` (7 and up): 6 version bits, then a BCH(18,6) code with
    /// generator x¹² + x¹¹ + x¹⁰ + x⁹ + x⁸ + x⁵ + x² + 1 (0x1F25).
    static func versionInformation(version: Int) -> Int {
        version << 12 | polynomialRemainder(version << 12, generator: 0x1F25)
    }
}

extension QRCode.Grid {
    /// Draws both copies of the format information for `mask`, and the dark module beside the lower copy.
    ///
    /// Bit 0 is the least significant. Copy one runs down column 8 (bits 0–7, skipping the timing row) then
    /// left along row 8 (bits 8–14); copy two runs left along row 8 from the right edge (bits 0–7) and
    /// down column 8 to the bottom edge (bits 8–14).
    mutating func drawFormatInformation(mask: Int) {
        let bits = QRCode.formatInformation(mask: mask)
        for index in 0..<15 {
            let isDark = (bits >> index) & 1 == 1
            // Copy one, around the top-left finder.
            if index < 8 {
                setFunction(row: index < 6 ? index : index + 1, column: 8, dark: isDark)
            } else {
                setFunction(row: 8, column: index < 9 ? 7 : 14 - index, dark: isDark)
            }
            // Copy two, split between the top-right and bottom-left finders.
            if index < 8 {
                setFunction(row: 8, column: size - 1 - index, dark: isDark)
            } else {
                setFunction(row: size - 15 + index, column: 8, dark: isDark)
            }
        }
        setFunction(row: size - 8, column: 8, dark: true)  // always dark (ISO/IEC 18004, 7.9.1)
    }

    /// Draws both copies of the version information for versions 7 and up; bit i sits at row i / 3 and
    /// column size − 11 + i % 3 in the top-right block, mirrored across the diagonal in the bottom-left.
    mutating func drawVersionInformation() {
        guard version >= 7 else { return }
        let bits = QRCode.versionInformation(version: version)
        for index in 0..<18 {
            let isDark = (bits >> index) & 1 == 1
            let short = index / 3
            let long = size - 11 + index % 3
            setFunction(row: short, column: long, dark: isDark)
            setFunction(row: long, column: short, dark: isDark)
        }
    }
}

import Foundation

// MARK: - Error correction blocks (level M)

extension QRCode {
    /// How one version's codewords split into Reed–Solomon blocks at level M.
    ///
    /// There are `shortBlocks` blocks of `shortDataCount` data codewords followed by `longBlocks` blocks
    /// with one data codeword more; every block carries `errorCorrectionCount` error correction codewords.
    struct BlockStructure: Sendable, Equatable {
        /// Error correction codewords in each block.
        let errorCorrectionCount: Int
        /// Blocks holding `shortDataCount` data codewords.
        let shortBlocks: Int
        /// Data codewords in a short block.
        let shortDataCount: Int
        /// Blocks holding `shortDataCount + 1` data codewords.
        let longBlocks: Int

        /// The number of blocks.
        var blockCount: Int { shortBlocks + longBlocks }
        /// The number of data codewords over all blocks.
        var dataCount: Int { shortBlocks * shortDataCount + longBlocks * (shortDataCount + 1) }
        /// The number of codewords (data and error correction) over all blocks.
        var totalCount: Int { dataCount + blockCount * errorCorrectionCount }
    }

    /// Level M block structures for versions 1–40 (ISO/IEC 18004, table 9), indexed by `version - 1`.
    static let levelMBlocks: [BlockStructure] = [
        (10, 1, 16, 0), (16, 1, 28, 0), (26, 1, 44, 0), (18, 2, 32, 0), (24, 2, 43, 0),
        (16, 4, 27, 0), (18, 4, 31, 0), (22, 2, 38, 2), (22, 3, 36, 2), (26, 4, 43, 1),
        (30, 1, 50, 4), (22, 6, 36, 2), (22, 8, 37, 1), (24, 4, 40, 5), (24, 5, 41, 5),
        (28, 7, 45, 3), (28, 10, 46, 1), (26, 9, 43, 4), (26, 3, 44, 11), (26, 3, 41, 13),
        (26, 17, 42, 0), (28, 17, 46, 0), (28, 4, 47, 14), (28, 6, 45, 14), (28, 8, 47, 13),
        (28, 19, 46, 4), (28, 22, 45, 3), (28, 3, 45, 23), (28, 21, 45, 7), (28, 19, 47, 10),
        (28, 2, 46, 29), (28, 10, 46, 23), (28, 14, 46, 21), (28, 14, 46, 23), (28, 12, 47, 26),
        (28, 6, 47, 34), (28, 29, 46, 14), (28, 13, 46, 32), (28, 40, 47, 7), (28, 18, 47, 31),
    ].map { BlockStructure(errorCorrectionCount: $0.0, shortBlocks: $0.1, shortDataCount: $0.2, longBlocks: $0.3) }

    /// The block structure of `version` at level M.
    static func blocks(version: Int) -> BlockStructure { levelMBlocks[version - 1] }

    // MARK: - Capacity

    /// Bits in the byte-mode character count indicator: 8 up to version 9, 16 from version 10.
    static func characterCountBits(version: Int) -> Int { version <= 9 ? 8 : 16 }

    /// The most bytes `version` holds at level M in one byte-mode segment.
    static func byteCapacity(version: Int) -> Int {
        let headerBits = 4 + characterCountBits(version: version)
        return (blocks(version: version).dataCount * 8 - headerBits) / 8
    }

    /// Modules available for codewords in `version` once function patterns and format/version areas are taken.
    ///
    /// Used to check the block table: these modules hold every codeword plus 0–7 remainder bits.
    static func dataModuleCount(version: Int) -> Int {
        let size = 17 + 4 * version
        var count = size * size
        count -= 3 * 64  // finder patterns with their separators
        count -= 2 * (size - 16)  // timing patterns between the separators
        count -= 31  // both copies of the format information and the dark module
        let alignments = alignmentCenters(version: version).count
        if alignments > 0 {
            let patterns = alignments * alignments - 3
            count -= 25 * patterns
            count += 2 * 5 * (alignments - 2)  // alignment patterns lying on a timing pattern overlap it
        }
        if version >= 7 { count -= 2 * 18 }
        return count
    }

    // MARK: - Alignment patterns

    /// Row and column coordinates of alignment pattern centres for versions 1–40 (ISO/IEC 18004, annex E).
    static let alignmentTable: [[Int]] = [
        [], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34],
        [6, 22, 38], [6, 24, 42], [6, 26, 46], [6, 28, 50], [6, 30, 54], [6, 32, 58], [6, 34, 62],
        [6, 26, 46, 66], [6, 26, 48, 70], [6, 26, 50, 74], [6, 30, 54, 78], [6, 30, 56, 82], [6, 30, 58, 86],
        [6, 34, 62, 90],
        [6, 28, 50, 72, 94], [6, 26, 50, 74, 98], [6, 30, 54, 78, 102], [6, 28, 54, 80, 106],
        [6, 32, 58, 84, 110], [6, 30, 58, 86, 114], [6, 34, 62, 90, 118],
        [6, 26, 50, 74, 98, 122], [6, 30, 54, 78, 102, 126], [6, 26, 52, 78, 104, 130],
        [6, 30, 56, 82, 108, 134], [6, 34, 60, 86, 112, 138], [6, 30, 58, 86, 114, 142],
        [6, 34, 62, 90, 118, 146],
        [6, 30, 54, 78, 102, 126, 150], [6, 24, 50, 76, 102, 128, 154], [6, 28, 54, 80, 106, 132, 158],
        [6, 32, 58, 84, 110, 136, 162], [6, 26, 54, 82, 110, 138, 166], [6, 30, 58, 86, 114, 142, 170],
    ]

    /// The alignment pattern centre coordinates of `version`; every pairing is a centre except the three
    /// that would sit on a finder pattern.
    static func alignmentCenters(version: Int) -> [Int] { alignmentTable[version - 1] }
}

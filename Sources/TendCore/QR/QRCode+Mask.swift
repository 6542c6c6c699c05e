import Foundation

extension QRCode {
    /// Whether data mask pattern `mask` (0–7, ISO/IEC 18004 table 10) inverts the module at `row`, `column`.
    static func maskInverts(_ mask: Int, row: Int, column: Int) -> Bool {
        switch mask {
        case 0: (row + column) % 2 == 0
        case 1: row % 2 == 0
        case 2: column % 3 == 0
        case 3: (row + column) % 3 == 0
        case 4: (row / 2 + column / 3) % 2 == 0
        case 5: (row * column) % 2 + (row * column) % 3 == 0
        case 6: ((row * column) % 2 + (row * column) % 3) % 2 == 0
        case 7: ((row + column) % 2 + (row * column) % 3) % 2 == 0
        default: preconditionFailure("mask pattern \(mask) does not exist")
        }
    }
}

extension QRCode.Grid {
    /// Inverts every non-function module that mask pattern `mask` selects.
    mutating func applyMask(_ mask: Int) {
        for row in 0..<size {
            for column in 0..<size where !isFunction(row: row, column: column) {
                if QRCode.maskInverts(mask, row: row, column: column) { self[row, column].toggle() }
            }
        }
    }

    /// The mask with the lowest penalty score, the lower number on a tie.
    ///
    /// Each candidate is scored before the format and version information (and the dark module) are drawn,
    /// with those areas light — the order segno follows, citing ISO/IEC 18004:2015 section 7.8. Encoders that
    /// score after drawing the format information may pick another mask; both give valid symbols.
    func lowestPenaltyMask() -> Int {
        var best = (mask: 0, score: Int.max)
        for mask in 0..<8 {
            var candidate = self
            candidate.applyMask(mask)
            let score = candidate.penalties().total
            if score < best.score { best = (mask, score) }
        }
        return best.mask
    }

    // MARK: - Penalty rules (ISO/IEC 18004, 7.8.3.1)

    /// The four penalty scores of one masked grid (ISO/IEC 18004, table 11).
    struct Penalties: Sendable, Equatable {
        /// N1: runs of five or more same-coloured modules in a row or column.
        var runs: Int
        /// N2: 2×2 blocks of one colour.
        var blocks: Int
        /// N3: finder-like 1:1:3:1:1 patterns beside four light modules.
        var finderLike: Int
        /// N4: the share of dark modules away from half.
        var balance: Int

        /// The sum that masks are compared by.
        var total: Int { runs + blocks + finderLike + balance }
    }

    /// The penalty scores of the grid as it stands.
    func penalties() -> Penalties {
        let rows = (0..<size).map { row in (0..<size).map { self[row, $0] } }
        let columns = (0..<size).map { column in (0..<size).map { self[$0, column] } }
        let lines = rows + columns
        return Penalties(
            runs: lines.map(Self.sameColourRunPenalty).reduce(0, +),
            blocks: sameColourBlockPenalty(),
            finderLike: lines.map(Self.finderLikePenalty).reduce(0, +),
            balance: darkProportionPenalty())
    }

    /// N1: each run of five or more same-coloured modules in a line scores 3, plus 1 per module beyond five.
    static func sameColourRunPenalty(_ line: [Bool]) -> Int {
        var penalty = 0
        var runLength = 0
        for (index, module) in line.enumerated() {
            runLength = index > 0 && module == line[index - 1] ? runLength + 1 : 1
            let runEnds = index == line.count - 1 || line[index + 1] != module
            if runEnds && runLength >= 5 { penalty += 3 + (runLength - 5) }
        }
        return penalty
    }

    /// N2: each 2×2 block of one colour scores 3 (overlapping blocks each count).
    func sameColourBlockPenalty() -> Int {
        var penalty = 0
        for row in 0..<(size - 1) {
            for column in 0..<(size - 1) {
                let colour = self[row, column]
                if self[row, column + 1] == colour && self[row + 1, column] == colour
                    && self[row + 1, column + 1] == colour
                {
                    penalty += 3
                }
            }
        }
        return penalty
    }

    /// The dark:light:dark:light:dark 1:1:3:1:1 pattern that N3 looks for.
    static let finderLike: [Bool] = [true, false, true, true, true, false, true]

    /// N3: each 1:1:3:1:1 pattern in a line with four light modules before or after it scores 40.
    /// Modules beyond the symbol's edge count as light, as the quiet zone is.
    static func finderLikePenalty(_ line: [Bool]) -> Int {
        func isLight(_ range: Range<Int>) -> Bool { range.allSatisfy { !line.indices.contains($0) || !line[$0] } }
        var penalty = 0
        for start in 0...(line.count - finderLike.count)
        where line[start..<(start + finderLike.count)].elementsEqual(finderLike) {
            let end = start + finderLike.count
            if isLight((start - 4)..<start) || isLight(end..<(end + 4)) { penalty += 40 }
        }
        return penalty
    }

    /// N4: 10 for every full 5 % step the share of dark modules lies away from 50 %.
    func darkProportionPenalty() -> Int {
        let darkCount = dark.count(where: { $0 })
        let total = dark.count
        // |100·dark/total − 50| / 5, floored, in integers.
        return 10 * (abs(20 * darkCount - 10 * total) / total)
    }
}

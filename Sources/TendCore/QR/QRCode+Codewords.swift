import Foundation

extension QRCode {
    /// Bits appended most significant first, read back as whole bytes.
    struct BitBuffer: Sendable {
        /// The bytes written so far; the last one may be partly filled from its high end.
        private(set) var bytes: [UInt8] = []
        /// The number of bits written.
        private(set) var count = 0

        /// Appends the low `width` bits of `value`, most significant first.
        mutating func append(_ value: Int, width: Int) {
            for shift in stride(from: width - 1, through: 0, by: -1) {
                if count % 8 == 0 { bytes.append(0) }
                if (value >> shift) & 1 == 1 { bytes[bytes.count - 1] |= 0x80 >> UInt8(count % 8) }
                count += 1
            }
        }
    }

    /// The pad codewords that fill unused data capacity, alternating (ISO/IEC 18004, 7.4.10).
    static let padCodewords: [UInt8] = [0xEC, 0x11]

    /// The data codewords for `bytes` in `version`: one byte-mode segment, terminator and padding.
    static func dataCodewords(bytes: [UInt8], version: Int) -> [UInt8] {
        let capacityBits = blocks(version: version).dataCount * 8
        var buffer = BitBuffer()
        buffer.append(0b0100, width: 4)  // byte mode indicator
        buffer.append(bytes.count, width: characterCountBits(version: version))
        for byte in bytes { buffer.append(Int(byte), width: 8) }
        precondition(buffer.count <= capacityBits, "the version was chosen too small")

        buffer.append(0, width: min(4, capacityBits - buffer.count))  // terminator, cut short when full
        var codewords = buffer.bytes  // a partly filled last byte is already padded with zeros
        var pad = 0
        while codewords.count * 8 < capacityBits {
            codewords.append(padCodewords[pad % 2])
            pad += 1
        }
        return codewords
    }

    /// The final message for `version`: data split into blocks, each with its Reed–Solomon codewords,
    /// then interleaved — data codewords column by column over the blocks, then error correction the same way.
    static func finalMessage(data: [UInt8], version: Int) -> [UInt8] {
        let structure = blocks(version: version)
        precondition(data.count == structure.dataCount, "data codewords do not fill the version")

        var dataBlocks: [ArraySlice<UInt8>] = []
        var start = 0
        for index in 0..<structure.blockCount {
            let length = structure.shortDataCount + (index < structure.shortBlocks ? 0 : 1)
            dataBlocks.append(data[start..<(start + length)])
            start += length
        }
        let divisor = ReedSolomon.generator(degree: structure.errorCorrectionCount)
        let errorBlocks = dataBlocks.map { ReedSolomon.remainder(of: Array($0), dividedBy: divisor) }

        var message: [UInt8] = []
        message.reserveCapacity(structure.totalCount)
        for column in 0...structure.shortDataCount {
            for block in dataBlocks where column < block.count {
                message.append(block[block.startIndex + column])
            }
        }
        for column in 0..<structure.errorCorrectionCount {
            for block in errorBlocks { message.append(block[column]) }
        }
        return message
    }
}

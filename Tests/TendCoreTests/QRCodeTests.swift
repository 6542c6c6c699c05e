import Foundation
import Testing

@testable import TendCore

// Expected symbols come from segno 1.6.6 (`segno.make(bytes, error="m", mode="byte", boost_error=False)`) with
// its open padding bug heuer/segno#148 corrected (it adds a 0x00 codeword where the spec pads with 0xEC/0x11
// whenever the bit stream ends on a byte boundary, which in byte mode is nearly always). The corrected segno
// matched python-qrcode 8.2 on 120 forced-mask symbols across versions 1–40. Modules are hex, row by row,
// most significant bit first, zero-padded to a whole digit at the very end.

@Suite("QR code: known symbols")
struct QRCodeKnownSymbolTests {
    /// A symbol segno produced, with the version and mask it chose itself.
    struct KnownSymbol: Sendable, CustomTestStringConvertible {
        /// What the case covers.
        let name: String
        /// The version segno chose.
        let version: Int
        /// The mask segno chose by the penalty rules.
        let mask: Int
        /// The encoded text.
        let text: String
        /// The expected modules as hex.
        let modules: String

        var testDescription: String { name }
    }

    static let knownSymbols: [KnownSymbol] = [
        KnownSymbol(
            name: "version 1, short text", version: 1, mask: 2,
            text: "Tend",
            modules: """
                FE33FC11D06EAABB75C5DBABAEC14507FAAFE01300BE0BE28B4B588D3C59C3C8B349006F2BF92C5057CCBAA915D44B2E
                AD2904834FEF4B0
                """),
        KnownSymbol(
            name: "a pairing URL filling version 3 exactly", version: 3, mask: 3,
            text: "https://192.168.1.20:8443/join?code=123456",
            modules: """
                FEDA13FC1457506E8B84BB7599F5DBA797AEC1001907FAAAAFE0195B00B750CA5A0214944D93826D22DC6F16A9D6C61A
                24CF9FDA19DAF22B12D2A20720D046FA23A4DEF9E86192A345E90EFE0059747FFB32EB5054A718BA08CFBDD7F8C66EAA
                240B0495372FE832B50
                """),
        KnownSymbol(
            name: "version 5, two blocks", version: 5, mask: 2,
            text: "Tend: scan this on the other phone to join the session. Code 123456.",
            modules: """
                FE5F058BFC118874D06EB82142BB7543C4C5DBAC97902EC147211D07FAAAAAAFE0150FA000BE5C9573E10E494E4B118A
                ED1EF65346784C3AB5B52FEFA0C24C84937A1EAAE7FAA7A316C12FF63E47FB6D4C2EC837F283BD6609DD4C209F2B242D
                2F963B7FC48AEF3710576B1F1CC2892F269447ADAACB7D0AE898F404D721A63B161A2D970EFB80555C9C73F9D48A2BB0
                51801518BADA2F5FF5D5BC2DBE6EAA8B294F04FD4B381FEE64AF078
                """),
        KnownSymbol(
            name: "version 8, UTF-8, short and long blocks, version information", version: 8, mask: 7,
            text: "Schöne Grüße ✓ — Tend pairs two phones on one session; the code below is valid for ten minutes "
                + "only. Code 123456. Keep it private.",
            modules: """
                FE2267C3ECBFC10B7CC389D06E9309F1ED6BB74E9A188825DBA2DC3F96C2EC16F2B163B107FAAAAAAAAAFE00053465DF
                0096D7BBED4B5074A56AE24A2E45E1F6550B406925EB1FB1CE09E169ABE6A18FA7B33E852C7C2E29D8C02B520A886B47
                98392B1795C0BEEEF2258E10C32AD7940E62E255253D62721D097DE864CDF0F31EA65822A3B0EDBEF56F8527E3F1524C
                761D131AFBB2BDEBA9D446B91E92C6F3E201F932BFEA3AC4A3371C1974EDDF23CB76EA98332EDCC8598897E2438EDA6F
                36F7B0ACF3F54D15783D364AE09D088348D3B6EEFF4E3A2C519B251768651464BAAA2F0EE7A00AFDA51A5CD92FE3EAE1
                1DC97BB7D1E2E5A3F2F8FB005C451A05C67F944AAF342B7057BCC61CF1DBA4277FA36F8DD66ABD844D4AE9943F56A4D1
                045BF4023988FEDC06AF9E0D8
                """),
        KnownSymbol(
            name: "version 10, 16-bit count, 5 blocks", version: 10, mask: 5,
            text: "Tend keeps a shared session between two people. Scan this code with the second phone to join; it "
                + "carries the address of this computer on the local network and a one-time code. Code 123456, "
                + "valid for ten minutes.",
            modules: """
                FE46DCFBBAE73FC141929A9D02906EAC6E37BC6BCBB75D7845DB7325DBA43AFBECDF92EC136F731D7E1107FAAAAAAAAA
                AAFE017DE6C5C3B30082EC133F3845673829D9F37F77D3B1A9E93209C4ACCE1381935C9DD1F5B4CC7CF8FAD6C5C8D3E6
                7E290ED8EBE8D121E97A2DBA8562C4CC214E9F5A5C675D301456CFB5C5E23AE64CF470397636302DA76E2B78D791F560
                EF8635835104ADFE1D7FF3FF79F97FDA44A83F0C79BE819D01735E16E9D108F8CF3C665B00D7A630E5D7EF2F4FD8C0BE
                C914B4E444C651DFAFA6A2A7F43A8246E3A710AFC4653E6928FB7777E32B6036B3C5D3764EDCD23B78148920BEB84E97
                579FFBD1E4599A80F1FAB049D63695B6C8E5CA950EEAF71C8B479CA2ABCFB52EA06799D91F6C9A563C4042420DDABFD8
                3B7C54383C1A7D496632F344F28300F7756AB3245417109126F62CF641D1D6019A01578D7777D2E29AA00BFDFA0B69F2
                9374A127727E03B58D7EEABFFC804ECBD16AB6C57F9BC9DAEB81EAD041F3F464C8F1DBA66B77F4C25F85D2FDFF7A4DA3
                72E94A62AB31337F040B233D89522CFEDC6C481E15610
                """),
    ]

    @Test(arguments: knownSymbols)
    func theSmallestVersionAndBestMaskGiveTheReferenceSymbol(_ symbol: KnownSymbol) throws {
        // Given a text segno encoded
        // When Tend encodes it, choosing version and mask itself
        let code = try QRCode(text: symbol.text)
        // Then version, mask and every module agree with segno
        #expect(code.version == symbol.version)
        #expect(code.mask == symbol.mask)
        #expect(code.size == 17 + 4 * symbol.version)
        #expect(QRCodeTests.firstDifference(code, symbol.modules) == nil)
    }

    /// "Tend" (version 1) with masks 0 through 7 forced, in order.
    static let tendWithEachMask = [
        // Mask 0.
        """
            FE53FC15106E92BB74F5DBADAEC10907FAAFE00000AA6894A3A8D6B5DFD3FB2B3D71806113F8A2704442BACA9DD0A8AE
            B5CB04BBAFE9738
            """,
        // Mask 1.
        """
            FE83FC13906EA6BB7455DBA0AEC16107FAAFE00A00A3392E090243E08B79518E6824804BBBFBF7304EE8BA1FCDD2022E
            A09F04110FEC268
            """,
        // Mask 2.
        """
            FE33FC11D06EAABB75C5DBABAEC14507FAAFE01300BE0BE28B4B588D3C59C3C8B349006F2BF92C5057CCBAA915D44B2E
            AD2904834FEF4B0
            """,
        // Mask 3.
        """
            FEB3FC17106E90BB75C5DBA62EC13107FAAFE01800B7625A8B4B75BBE7EB18A8B34900429FFA9A9057CCBA727DD726AE
            AD2904359FE9900
            """,
        // Mask 4.
        """
            FEF3FC13D06E84BB75B5DBAFAEC16507FAAFE014008BCFC90573BB830541B20FAF38804CA7FBCFD040D0BAEE0DD273EE
            831104F28FEB3A8
            """,
        // Mask 5.
        """
            FE03FC17D06EAABB7505DBA3AEC12507FAAFE01B00828E734C57188D3C7941CE6824804FABF92C504BBDBA2915D2432E
            809F04014FEF4B0
            """,
        // Mask 6.
        """
            FE83FC17D06EA2BB7405DBAAAEC13D07FAAFE00B009FACBB4C5711A9AE61204E6824804CA7FBBE105BBDBABB5DD7C52E
            809F040D7FED020
            """,
        // Mask 7.
        """
            FE53FC10106E96BB74F5DBA7AEC14107FAAFE0040096FD04A3A8C4FCFB9ADFBB3D7180735BF8EB505442BA6E0DD43AEE
            95CB04F28FE8570
            """,
    ]

    @Test(arguments: 0..<8)
    func eachForcedMaskGivesTheReferenceSymbol(mask: Int) throws {
        // Given "Tend" with one of the eight masks forced
        let code = try QRCode(text: "Tend", mask: mask)
        // Then the symbol is segno's with the same mask forced
        #expect(code.mask == mask)
        #expect(QRCodeTests.firstDifference(code, Self.tendWithEachMask[mask]) == nil)
    }

    @Test(arguments: [
        ("a", 1, 5), ("Hello, World!", 1, 3), ("Tend 1.0", 1, 7), ("https://tend.local/join", 2, 6),
        ("0123456789", 1, 7), ("Ünïcödé ✓", 2, 2), (String(repeating: "x", count: 100), 6, 3),
        (String(repeating: "y", count: 213), 10, 1), (String(repeating: "z", count: 500), 17, 0),
    ])
    func theAutomaticMaskIsSegnosChoice(text: String, version: Int, mask: Int) throws {
        // When Tend picks the mask with the lowest penalty
        let code = try QRCode(text: text)
        // Then it is the one segno picks for the same text
        #expect(code.version == version)
        #expect(code.mask == mask)
    }

    // Two masks share the lowest penalty for each of these: 3 and 7, 2 and 6, 6 and 7.
    @Test(arguments: [("Tend 60", 3), ("Tend 131", 2), ("Tend 362", 6)])
    func aTieGoesToTheLowerMaskAsInSegno(text: String, mask: Int) throws {
        #expect(try QRCode(text: text).mask == mask)
    }

    @Test func theFourPenaltiesOfEachMaskAreSegnos() {
        // Given "Tend" placed in version 1 before masking
        var grid = QRCode.Grid(version: 1)
        grid.placeCodewords(QRCode.finalMessage(data: QRCode.dataCodewords(bytes: Array("Tend".utf8), version: 1),
                                                version: 1))
        // segno's `mask_scores` (N1, N2, N3, N4) for masks 0–7
        let expected = [
            (182, 168, 760, 0), (231, 216, 800, 10), (210, 171, 720, 0), (209, 225, 720, 0),
            (215, 192, 720, 0), (220, 189, 720, 0), (219, 180, 720, 0), (217, 201, 720, 0),
        ]
        for (mask, (runs, blocks, finderLike, balance)) in expected.enumerated() {
            // When the mask is applied
            var masked = grid
            masked.applyMask(mask)
            // Then each rule scores as segno's does
            let penalties = masked.penalties()
            #expect(penalties == .init(runs: runs, blocks: blocks, finderLike: finderLike, balance: balance),
                    "mask \(mask)")
        }
    }
}

@Suite("QR code: parts")
struct QRCodeTests {
    /// The first module where `code` differs from the hex `expected`, or nil when all agree.
    static func firstDifference(_ code: QRCode, _ expected: String) -> (row: Int, column: Int)? {
        let digits = expected.filter { !$0.isWhitespace }
        let bits = digits.flatMap { digit in
            let value = Int(String(digit), radix: 16)!
            return (0..<4).map { value >> (3 - $0) & 1 == 1 }
        }
        guard bits.count >= code.size * code.size, bits.count < code.size * code.size + 4 else {
            return (-1, -1)  // the expected symbol has another size
        }
        for row in 0..<code.size {
            for column in 0..<code.size where code.isDark(row: row, column: column) != bits[row * code.size + column] {
                return (row, column)
            }
        }
        return nil
    }

    @Test func reedSolomonGivesTheSpecExampleBlock() {
        // Given the data codewords of "01234567" in version 1-M (ISO/IEC 18004, annex I)
        let data: [UInt8] = [
            0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
        ]
        // When the 10 error correction codewords are computed
        let ecc = QRCode.ReedSolomon.remainder(of: data, dividedBy: QRCode.ReedSolomon.generator(degree: 10))
        // Then they are the spec's (and segno's)
        #expect(ecc == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test func theFinalMessageInterleavesBothBlocksOfVersion5() {
        // Given a 68-byte text, which takes version 5-M: 2 blocks of 43 data and 24 error correction codewords
        let text = "Tend: scan this on the other phone to join the session. Code 123456."
        // When its codewords are built
        let data = QRCode.dataCodewords(bytes: Array(text.utf8), version: 5)
        let message = QRCode.finalMessage(data: data, version: 5)
        // Then they equal segno's final message, byte for byte
        let expected = """
            44E2450746465686E6524307A2360757363736361696E2F607E246E28604973632F60646F652E2030713462386335243
            0653F76246E086EC571122EC071106EC8611F6ECE61152EC071146ECF21106ECA611F6EC9611A961806254EE5DA6512D
            DF2698F32781B4C0815A763878BD971641C9F542D95FB6E64A77F1AF019B8EC785F6E9D3CC9A
            """.filter { !$0.isWhitespace }
        #expect(message.map { String(format: "%02X", $0) }.joined() == expected)
    }

    @Test func theDataIsPaddedWithAlternatingPadCodewords() {
        // Given "hi" in version 1: 4 mode bits, 8 count bits, 16 data bits and a 4-bit terminator fill 4 bytes
        let data = QRCode.dataCodewords(bytes: Array("hi".utf8), version: 1)
        // Then the other 12 of the 16 data codewords are 0xEC, 0x11, … in turn
        #expect(data == [0x40, 0x26, 0x86, 0x90] + Array(repeating: [0xEC, 0x11], count: 6).flatMap { $0 })
    }

    @Test func formatInformationForLevelMMatchesTheSpecTable() {
        // ISO/IEC 18004 table C.1, level M, masks 0–7
        let expected = [0x5412, 0x5125, 0x5E7C, 0x5B4B, 0x45F9, 0x40CE, 0x4F97, 0x4AA0]
        #expect((0..<8).map { QRCode.formatInformation(mask: $0) } == expected)
    }

    @Test func versionInformationMatchesTheSpecTable() {
        // ISO/IEC 18004 table D.1, versions 7–40
        let expected = [
            0x07C94, 0x085BC, 0x09A99, 0x0A4D3, 0x0BBF6, 0x0C762, 0x0D847, 0x0E60D, 0x0F928, 0x10B78, 0x1145D,
            0x12A17, 0x13532, 0x149A6, 0x15683, 0x168C9, 0x177EC, 0x18EC4, 0x191E1, 0x1AFAB, 0x1B08E, 0x1CC1A,
            0x1D33F, 0x1ED75, 0x1F250, 0x209D5, 0x216F0, 0x228BA, 0x2379F, 0x24B0B, 0x2542E, 0x26A64, 0x27541,
            0x28C69,
        ]
        #expect((7...40).map { QRCode.versionInformation(version: $0) } == expected)
    }

    @Test(arguments: 1...40)
    func theBlockTableFillsExactlyTheModulesLeftForData(version: Int) {
        // Given the grid of a version with its function patterns drawn
        let grid = QRCode.Grid(version: version)
        let free = grid.isFunction.count(where: { !$0 })
        // Then the modules left are the spec's count, and hold every codeword plus the spec's remainder bits
        #expect(free == QRCode.dataModuleCount(version: version))
        let remainderBits = [1: 0, 2: 7, 7: 0, 14: 3, 21: 4, 28: 3, 35: 0].filter { $0.key <= version }.max {
            $0.key < $1.key
        }!.value
        #expect(free == QRCode.blocks(version: version).totalCount * 8 + remainderBits)
    }

    @Test(arguments: zip(1...10, [14, 26, 42, 62, 84, 106, 122, 152, 180, 213]))
    func eachVersionTakesTextUpToItsCapacity(version: Int, capacity: Int) throws {
        // Given the byte-mode, level M capacity of a version (ISO/IEC 18004, table 7)
        #expect(QRCode.byteCapacity(version: version) == capacity)
        // Then a text that fills it takes that version, and one byte more takes the next
        #expect(try QRCode(text: String(repeating: "a", count: capacity)).version == version)
        #expect(try QRCode(text: String(repeating: "a", count: capacity + 1)).version == version + 1)
    }

    @Test func textLongerThanVersion40HoldsIsRefused() throws {
        // Given the most bytes version 40-M holds in byte mode
        #expect(QRCode.maximumByteCount == 2_331)
        #expect(try QRCode(text: String(repeating: "é", count: 1_165) + "a").version == 40)
        // When a text needs one byte more (UTF-8 bytes count, not characters)
        // Then encoding fails and says by how much
        #expect(throws: QRCode.Failure.textTooLong(byteCount: 2_332, maximum: 2_331)) {
            try QRCode(text: String(repeating: "é", count: 1_166))
        }
    }

    @Test(arguments: [-1, 8])
    func aMaskOutsideTheEightPatternsIsRefused(mask: Int) {
        #expect(throws: QRCode.Failure.maskOutOfRange(mask)) { try QRCode(text: "Tend", mask: mask) }
    }

    @Test func overlappingFinderLikePatternsEachCount() {
        // Given two 1:1:3:1:1 patterns sharing modules, light before the first and after the second
        let line = "0000" + "10111011101" + "0000"
        // Then each scores 40. segno 1.6.6 resumes its search after a counted pattern and scores 40 here,
        // so on rare symbols the two pick different masks (both valid); ZXing counts each, as here.
        #expect(QRCode.Grid.finderLikePenalty(line.map { $0 == "1" }) == 80)
    }

    @Test func finderLikePatternsAtTheEdgeSeeTheQuietZoneAsLight() {
        // Given the pattern flush with the start of a line and dark modules after it
        let line = "1011101" + "1111" + "1011101"
        // Then both count, the edge standing for the light quiet zone
        #expect(QRCode.Grid.finderLikePenalty(line.map { $0 == "1" }) == 80)
        // And with a dark module between each pattern and the edge, neither does
        #expect(QRCode.Grid.finderLikePenalty(("1" + line + "1").map { $0 == "1" }) == 0)
    }
}

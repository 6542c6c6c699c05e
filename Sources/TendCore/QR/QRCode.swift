import Foundation

/// A QR code symbol (ISO/IEC 18004) carrying text as UTF-8 bytes, in byte mode at error correction level M.
///
/// The smallest version (1–40) that holds the text is chosen, and the mask with the lowest penalty score.
public struct QRCode: Sendable, Equatable {
    /// Why a text could not be turned into a QR code.
    public enum Failure: Error, Equatable, Sendable {
        /// The text's UTF-8 form has `byteCount` bytes; the largest version holds at most `maximum`.
        case textTooLong(byteCount: Int, maximum: Int)
        /// A forced mask must be one of the eight patterns, 0 through 7.
        case maskOutOfRange(Int)
    }

    /// The symbol version, 1 (21×21 modules) through 40 (177×177).
    public let version: Int
    /// The data mask pattern applied to the encoding region, 0 through 7.
    public let mask: Int
    /// The number of modules along each side, `17 + 4 × version`; the quiet zone is not included.
    public let size: Int
    /// The modules row by row, `true` for dark.
    private let modules: [Bool]

    /// The number of versions supported.
    public static let versions = 1...40

    /// The most UTF-8 bytes a symbol can carry (version 40, level M, byte mode).
    public static var maximumByteCount: Int { byteCapacity(version: versions.upperBound) }

    /// Encodes `text`, choosing the smallest version that fits and the mask with the lowest penalty.
    public init(text: String) throws(Failure) {
        try self.init(bytes: Array(text.utf8), forcedMask: nil)
    }

    /// Encodes `text` with the given mask pattern instead of the best-scoring one (for tests and comparisons).
    public init(text: String, mask: Int) throws(Failure) {
        guard (0..<8).contains(mask) else { throw .maskOutOfRange(mask) }
        try self.init(bytes: Array(text.utf8), forcedMask: mask)
    }

    /// Whether the module at `row`, `column` (both from the top-left corner, 0-based) is dark.
    public func isDark(row: Int, column: Int) -> Bool {
        precondition((0..<size).contains(row) && (0..<size).contains(column), "module outside the symbol")
        return modules[row * size + column]
    }

    /// Runs the whole pipeline: codewords, function patterns, placement, masking, format and version information.
    private init(bytes: [UInt8], forcedMask: Int?) throws(Failure) {
        guard let version = Self.versions.first(where: { bytes.count <= Self.byteCapacity(version: $0) }) else {
            throw .textTooLong(byteCount: bytes.count, maximum: Self.maximumByteCount)
        }
        let data = Self.dataCodewords(bytes: bytes, version: version)
        let codewords = Self.finalMessage(data: data, version: version)

        var grid = Grid(version: version)
        grid.placeCodewords(codewords)
        let mask = forcedMask ?? grid.lowestPenaltyMask()
        grid.applyMask(mask)
        grid.drawFormatInformation(mask: mask)
        grid.drawVersionInformation()

        self.version = version
        self.mask = mask
        self.size = grid.size
        self.modules = grid.dark
    }
}

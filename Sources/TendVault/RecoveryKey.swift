import Crypto
import Foundation

/// A long random key, shown once at setup, that opens the space if the passphrase is lost.
///
/// Written as eight groups of four characters from an alphabet without look-alikes
/// (Crockford's base32), e.g. `7K2M-…`. Reading is forgiving: case, spaces and dashes are
/// ignored, and O/I/L are read as 0/1/1.
public struct RecoveryKey: Sendable, Equatable {
    static let byteCount = 20
    private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

    let bytes: Data

    init(bytes: Data) {
        self.bytes = bytes
    }

    /// A fresh random key.
    static func random() -> RecoveryKey {
        RecoveryKey(bytes: SymmetricKey(size: .init(bitCount: byteCount * 8)).withUnsafeBytes { Data($0) })
    }

    /// A short random code in the same easy-to-read alphabet, as groups of four (an invitation,
    /// say): 20 random bits a group.
    public static func randomGroups(_ groups: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<groups).map { _ in
            String((0..<4).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
        }.joined(separator: "-")
    }

    /// Reads a key typed by a person.
    public init(typed text: String) throws(VaultError) {
        var value: [UInt8] = []
        var buffer = 0
        var bits = 0
        for character in text.uppercased() where !" -\t\n".contains(character) {
            let normalised: Character = switch character {
            case "O": "0"
            case "I", "L": "1"
            default: character
            }
            guard let digit = Self.alphabet.firstIndex(of: normalised) else { throw .malformedRecoveryKey }
            buffer = buffer << 5 | digit
            bits += 5
            if bits >= 8 {
                bits -= 8
                value.append(UInt8(truncatingIfNeeded: buffer >> bits))
                buffer &= (1 << bits) - 1
            }
        }
        guard value.count == Self.byteCount, bits == 0 else { throw .malformedRecoveryKey }
        self.bytes = Data(value)
    }

    /// The key as a person writes it down: groups of four separated by dashes.
    public var displayText: String {
        var characters: [Character] = []
        var buffer = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | Int(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                characters.append(Self.alphabet[(buffer >> bits) & 31])
            }
            buffer &= (1 << bits) - 1
        }
        return stride(from: 0, to: characters.count, by: 4)
            .map { String(characters[$0..<min($0 + 4, characters.count)]) }
            .joined(separator: "-")
    }

    /// The key-encryption key this recovery key stands for. The key is already random, so a
    /// fast derivation (HKDF) is enough.
    func keyEncryptionKey(salt: Data) -> SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: bytes), salt: salt,
            info: Data("tend recovery key v1".utf8), outputByteCount: 32)
    }
}

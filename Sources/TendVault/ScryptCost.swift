import Crypto
import Foundation
import _CryptoExtras

/// The work factors of scrypt, stored beside each wrapped key so they can be raised later.
public struct ScryptCost: Codable, Hashable, Sendable {
    /// CPU/memory cost N, a power of two.
    public let rounds: Int
    /// Block size r.
    public let blockSize: Int
    /// Parallelism p.
    public let parallelism: Int

    /// Creates a cost.
    public init(rounds: Int, blockSize: Int, parallelism: Int) {
        self.rounds = rounds
        self.blockSize = blockSize
        self.parallelism = parallelism
    }

    /// N = 2^17, r = 8, p = 1: about 128 MiB and a fraction of a second per derivation.
    public static let standard = ScryptCost(rounds: 1 << 17, blockSize: 8, parallelism: 1)

    /// A deliberately cheap cost for tests only; never use it for real data.
    public static let testingOnly = ScryptCost(rounds: 1 << 10, blockSize: 8, parallelism: 1)

    /// Whether the cost is one scrypt accepts and we are willing to run.
    var isReasonable: Bool {
        rounds >= 2 && rounds <= 1 << 22 && rounds & (rounds - 1) == 0
            && (1...32).contains(blockSize) && (1...16).contains(parallelism)
    }

    /// Derives a 256-bit key-encryption key from a passphrase, on a background thread so the
    /// caller's event loop stays free while the (deliberately slow) work runs.
    func deriveKey(from passphrase: String, salt: Data) async throws(VaultError) -> SymmetricKey {
        guard isReasonable else { throw .keyMaterialDamaged }
        let bytes = Data(passphrase.precomposedStringWithCanonicalMapping.utf8)
        let cost = self
        let result: Result<SymmetricKey, VaultError> = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                do {
                    let key = try KDF.Scrypt.deriveKey(
                        from: bytes, salt: salt, outputByteCount: 32, rounds: cost.rounds,
                        blockSize: cost.blockSize, parallelism: cost.parallelism)
                    continuation.resume(returning: .success(key))
                } catch {
                    continuation.resume(returning: .failure(.keyMaterialDamaged))
                }
            }
        }
        return try result.get()
    }
}

import Crypto
import Foundation
import TendStore
import TendVault

/// How people come to have a space on this Tend.
public enum Hosting: Sendable, Equatable {
    /// One person on one computer: one space, opened by its passphrase alone.
    case single
    /// Many people on one hosted Tend, each signing in with a name they chose.
    case hosted(SignUp)

    /// Whether this Tend holds many spaces.
    public var isHosted: Bool { self != .single }
}

/// Who may make an account on a hosted Tend: the operator decides.
public enum SignUp: String, Sendable, CaseIterable {
    /// Anyone who can reach it.
    case open
    /// Anyone with an invitation code from the operator (`tend invites create`).
    case invitation
    /// Nobody new.
    case closed
}

/// The name a person signs in with on a hosted Tend: chosen by them, nothing intimate required.
public enum AccountName {
    /// Shortest and longest name.
    public static let lengths = 3...32

    /// The name as kept: trimmed and lower-cased, so "Willow" and "willow " are one name. Letters,
    /// digits, dots, dashes and underscores only, so a name is easy to type and never markup.
    public static func normalize(_ typed: String) throws(SpaceError) -> String {
        let name = typed.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard lengths.contains(name.count),
            name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-_".unicodeScalars.contains($0)) })
        else { throw .nameNotValid }
        return name
    }
}

/// Invitation codes for a hosted Tend with invitation-only sign-up. Only a digest of each code is
/// kept, so the database cannot hand one out again.
public enum Invitations {
    /// Makes `count` new codes, keeps their digests and returns the codes to give out.
    public static func create(count: Int, in store: any Store, at now: Date) async throws -> [String] {
        var codes: [String] = []
        for _ in 0..<count {
            let code = RecoveryKey.randomGroups(3)
            try await store.addInvitation(digest: digest(of: code), at: now)
            codes.append(code)
        }
        return codes
    }

    /// How many accounts there are and how many invitations wait: all an operator sees.
    public static func counts(in store: any Store) async throws -> (accounts: Int, waiting: Int) {
        (try await store.accountCount(), try await store.invitationCount())
    }

    /// The digest a code is kept as: capitals, spaces and dashes aside.
    public static func digest(of code: String) -> String {
        let plain = code.uppercased().filter { $0.isLetter || $0.isNumber }
        return Data(SHA256.hash(data: Data(("tend invitation v1:" + plain).utf8))).hexText
    }
}

import Crypto
import Foundation
import NIOSSL
import SwiftASN1
import X509

/// The self-signed certificate `tend serve --lan` uses, so a phone on the same network gets a
/// secure context (needed for wake lock, audio and more). Made once with swift-certificates and
/// kept in the data folder; its SHA-256 fingerprint is printed and shown on the pairing screen so
/// a person can check that the phone reached this computer.
struct TLSIdentity: Sendable {
    let certificateDER: [UInt8]
    let privateKeyPEM: String

    /// SHA-256 of the certificate, as colon-separated hex pairs.
    var fingerprint: String {
        SHA256.hash(data: certificateDER).map { String(format: "%02X", $0) }.joined(separator: ":")
    }

    /// Reads the identity from `folder`, or makes and saves a new one.
    static func loadOrCreate(in folder: URL, now: Date = Date()) throws -> TLSIdentity {
        let certificateFile = folder.appendingPathComponent("certificate.pem")
        let keyFile = folder.appendingPathComponent("private-key.pem")
        if let certificatePEM = try? String(contentsOf: certificateFile, encoding: .utf8),
            let keyPEM = try? String(contentsOf: keyFile, encoding: .utf8)
        {
            let certificate = try Certificate(pemEncoded: certificatePEM)
            var serializer = DER.Serializer()
            try serializer.serialize(certificate)
            return TLSIdentity(certificateDER: serializer.serializedBytes, privateKeyPEM: keyPEM)
        }
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName {
            CommonName("Tend on this computer")
            OrganizationName("Tend")
        }
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 825 * 86_400,
            issuer: name, subject: name,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                try ExtendedKeyUsage([.serverAuth])
                SubjectAlternativeNames([.dnsName("localhost")] + Self.localAddresses().map { .ipAddress(ASN1OctetString(contentBytes: $0[...])) })
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try certificate.serializeAsPEM().pemString.write(to: certificateFile, atomically: true, encoding: .utf8)
        try key.pemRepresentation.write(to: keyFile, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyFile.path)
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return TLSIdentity(certificateDER: serializer.serializedBytes, privateKeyPEM: key.pemRepresentation)
    }

    /// A server TLS configuration presenting this identity.
    func serverConfiguration() throws -> TLSConfiguration {
        TLSConfiguration.makeServerConfiguration(
            certificateChain: [.certificate(try NIOSSLCertificate(bytes: certificateDER, format: .der))],
            privateKey: .privateKey(try NIOSSLPrivateKey(bytes: Array(privateKeyPEM.utf8), format: .pem)))
    }

    /// This computer's IPv4 addresses on its networks (not loopback), as four bytes each.
    static func localAddresses() -> [[UInt8]] {
        lanAddresses().compactMap { text in
            let parts = text.split(separator: ".").compactMap { UInt8($0) }
            return parts.count == 4 ? parts : nil
        }
    }

    /// This computer's IPv4 addresses on its networks, as text.
    static func lanAddresses() -> [String] {
        var addresses: [String] = []
        var list: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&list) == 0, let first = list else { return [] }
        defer { freeifaddrs(list) }
        for pointer in sequence(first: first, next: { $0.pointee.ifa_next }) {
            guard let address = pointer.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            guard getnameinfo(address, socklen_t(MemoryLayout<sockaddr_in>.size), &host, socklen_t(host.count), nil, 0, NI_NUMERICHOST) == 0
            else { continue }
            let text = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !text.hasPrefix("127.") { addresses.append(text) }
        }
        return addresses
    }
}

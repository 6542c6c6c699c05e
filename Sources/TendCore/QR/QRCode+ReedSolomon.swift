import Foundation

extension QRCode {
    /// Reed–Solomon error correction over GF(256) as QR codes use it: field polynomial
    /// x⁸ + x⁴ + x³ + x² + 1 (0x11D), generator roots α⁰ … αⁿ⁻¹ with α = 2.
    enum ReedSolomon {
        /// The reducing polynomial of the field, x⁸ + x⁴ + x³ + x² + 1.
        static let fieldPolynomial = 0x11D

        /// `exponents[i]` is αⁱ for i in 0..<255.
        static let exponents: [UInt8] = {
            var table = [UInt8](repeating: 0, count: 255)
            var value = 1
            for power in 0..<255 {
                table[power] = UInt8(value)
                value <<= 1
                if value & 0x100 != 0 { value ^= fieldPolynomial }
            }
            return table
        }()

        /// `logarithms[x]` is the power i with αⁱ = x, for x in 1...255 (entry 0 is unused).
        static let logarithms: [Int] = {
            var table = [Int](repeating: 0, count: 256)
            for (power, value) in exponents.enumerated() { table[Int(value)] = power }
            return table
        }()

        /// The product of `a` and `b` in GF(256).
        static func multiply(_ a: UInt8, _ b: UInt8) -> UInt8 {
            if a == 0 || b == 0 { return 0 }
            return exponents[(logarithms[Int(a)] + logarithms[Int(b)]) % 255]
        }

        /// The generator polynomial (x − α⁰)(x − α¹)…(x − αⁿ⁻¹) of degree `degree`, as its coefficients from
        /// xⁿ⁻¹ down to x⁰; the leading coefficient of xⁿ is 1 and left out.
        static func generator(degree: Int) -> [UInt8] {
            var coefficients: [UInt8] = [1]  // highest power first, leading 1 included while building
            for root in 0..<degree {
                // Multiply by (x + αʳᵒᵒᵗ); subtraction is addition (XOR) in GF(2⁸).
                var product = coefficients + [0]
                for (index, coefficient) in coefficients.enumerated() {
                    product[index + 1] ^= multiply(coefficient, exponents[root])
                }
                coefficients = product
            }
            return Array(coefficients.dropFirst())
        }

        /// The error correction codewords for `data`: the remainder of data(x)·xⁿ divided by the generator,
        /// highest power first, where `divisor` comes from ``generator(degree:)``.
        static func remainder(of data: [UInt8], dividedBy divisor: [UInt8]) -> [UInt8] {
            var remainder = [UInt8](repeating: 0, count: divisor.count)
            for codeword in data {
                let factor = codeword ^ remainder[0]
                remainder.removeFirst()
                remainder.append(0)
                for index in remainder.indices { remainder[index] ^= multiply(divisor[index], factor) }
            }
            return remainder
        }
    }
}

#!/usr/bin/env python3
# Usage: python3 scripts/make-icons.py Sources/TendWeb/Resources/assets
# Makes Tend's PNG icons (a warm circle on the low-light background; the maskable one keeps the
# circle inside the safe zone). Standard library only: zlib and struct.
import struct, zlib, math, sys

def png(size, inner, background=(0x15, 0x13, 0x0f), accent=(0xd9, 0xa0, 0x66)):
    rows = []
    c = (size - 1) / 2
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            d = math.hypot(x - c, y - c) / (size / 2)
            # a soft-edged disc, and a darker centre: a calm "breath" mark
            edge = max(0.0, min(1.0, (inner - d) * size / 4))
            hole = max(0.0, min(1.0, (inner * 0.45 - d) * size / 4))
            mix = edge * (1 - hole * 0.75)
            pixel = [round(b + (a - b) * mix) for a, b in zip(accent, background)]
            row += bytes(pixel)
        rows.append(bytes(row))
    raw = b"".join(rows)
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)) + \
        chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")

out = sys.argv[1]
for name, size, inner in [("icon-192.png", 192, 0.8), ("icon-512.png", 512, 0.8), ("icon-maskable-512.png", 512, 0.55)]:
    open(f"{out}/{name}", "wb").write(png(size, inner))
# Discreet mode's icon: a plain grey page, like any notes app.
for name, size in [("icon-neutral-192.png", 192), ("icon-neutral-512.png", 512)]:
    open(f"{out}/{name}", "wb").write(png(size, 0.8, background=(0xee, 0xee, 0xee), accent=(0x9a, 0x9a, 0x9a)))

/**
 * @module Reads an uploaded image's type and size from its own bytes (magic numbers and header),
 * never from what the client declared: JPEG, PNG, WebP and AVIF, the formats the shop accepts.
 */
import type { ImageType } from './product'

/** What the header of an accepted image says. */
export interface ImageHeader {
  type: ImageType
  width: number
  height: number
}

/** The file extension of each accepted type (the R2 key and the public URL end with it). */
export const IMAGE_EXTENSIONS: Record<ImageType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/avif': 'avif',
}

/** Largest width or height accepted, in pixels. */
export const MAX_IMAGE_SIDE = 12_000

/**
 * The image's type and dimensions, or null when the bytes are none of the four formats or their
 * header is cut short or names no size. Only the header is read, not the pixel data.
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const found = png(bytes) ?? jpeg(bytes) ?? webp(bytes) ?? avif(bytes)
  if (!found || found.width < 1 || found.height < 1) return null
  return found
}

const u16be = (b: Uint8Array, at: number) => ((b[at] ?? 0) << 8) | (b[at + 1] ?? 0)
const u16le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8)
const u24le = (b: Uint8Array, at: number) => u16le(b, at) | ((b[at + 2] ?? 0) << 16)
const u32be = (b: Uint8Array, at: number) => u16be(b, at) * 0x10000 + u16be(b, at + 2)
const ascii = (b: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...b.subarray(at, at + length))
const startsWith = (b: Uint8Array, magic: number[], at = 0) =>
  b.length >= at + magic.length && magic.every((v, i) => b[at + i] === v)

// PNG: the 8-byte signature, then IHDR first with width and height as big-endian 32-bit.
function png(b: Uint8Array): ImageHeader | null {
  if (!startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return null
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return null
  return { type: 'image/png', width: u32be(b, 16), height: u32be(b, 20) }
}

// Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not.
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf])

// JPEG: SOI (FF D8 FF), then segments until a start-of-frame (height, then width, big-endian).
function jpeg(b: Uint8Array): ImageHeader | null {
  if (!startsWith(b, [0xff, 0xd8, 0xff])) return null
  let at = 2
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return null
    const marker = b[at + 1] ?? 0
    if (marker === 0xff) {
      at += 1 // fill byte
      continue
    }
    // Markers without a length: TEM, RST0-7; SOS/EOI before a frame means no size.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2
      continue
    }
    if (marker === 0xd9 || marker === 0xda) return null
    if (SOF.has(marker)) {
      if (at + 9 > b.length) return null
      return { type: 'image/jpeg', height: u16be(b, at + 5), width: u16be(b, at + 7) }
    }
    const length = u16be(b, at + 2)
    if (length < 2) return null
    at += 2 + length
  }
  return null
}

// WebP: a RIFF container of type WEBP whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X.
function webp(b: Uint8Array): ImageHeader | null {
  if (b.length < 16 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') return null
  const chunk = ascii(b, 12, 4)
  if (chunk === 'VP8 ') {
    if (b.length < 30 || !startsWith(b, [0x9d, 0x01, 0x2a], 23)) return null
    return { type: 'image/webp', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff }
  }
  if (chunk === 'VP8L') {
    if (b.length < 25 || b[20] !== 0x2f) return null
    const [b0, b1, b2, b3] = [b[21] ?? 0, b[22] ?? 0, b[23] ?? 0, b[24] ?? 0]
    return {
      type: 'image/webp',
      width: 1 + (b0 | ((b1 & 0x3f) << 8)),
      height: 1 + ((b1 >> 6) | (b2 << 2) | ((b3 & 0x0f) << 10)),
    }
  }
  if (chunk === 'VP8X' && b.length >= 30)
    return { type: 'image/webp', width: 1 + u24le(b, 24), height: 1 + u24le(b, 27) }
  return null
}

interface Box {
  type: string
  /** Where the box's content starts and where the box ends. */
  body: number
  end: number
}

// ISO-BMFF boxes between `from` and `to`: 32-bit size and type, a 64-bit size when size is 1.
function* boxes(b: Uint8Array, from: number, to: number): Generator<Box> {
  let at = from
  while (at + 8 <= to) {
    let size = u32be(b, at)
    const type = ascii(b, at + 4, 4)
    let body = at + 8
    if (size === 1) {
      if (at + 16 > to) return
      size = u32be(b, at + 8) * 2 ** 32 + u32be(b, at + 12)
      body = at + 16
    } else if (size === 0) size = to - at
    if (size < body - at || at + size > to) return
    yield { type, body, end: at + size }
    at += size
  }
}

const child = (b: Uint8Array, parent: { body: number; end: number }, type: string, skip = 0) => {
  for (const box of boxes(b, parent.body + skip, parent.end)) if (box.type === type) return box
  return undefined
}

// AVIF: an ftyp box naming avif/avis, then meta → iprp → ipco → ispe (image spatial extents).
// The first ispe is taken: an encoder writes the primary image's properties first.
function avif(b: Uint8Array): ImageHeader | null {
  const all = { body: 0, end: b.length }
  const [ftyp] = boxes(b, 0, Math.min(b.length, 4096))
  if (ftyp?.type !== 'ftyp' || ftyp.end - ftyp.body < 8) return null
  const brands = [ascii(b, ftyp.body, 4)]
  for (let at = ftyp.body + 8; at + 4 <= ftyp.end; at += 4) brands.push(ascii(b, at, 4))
  if (!brands.includes('avif') && !brands.includes('avis')) return null
  const meta = child(b, all, 'meta')
  // meta and ispe are full boxes: a version and flags word precedes their content.
  const iprp = meta && child(b, meta, 'iprp', 4)
  const ipco = iprp && child(b, iprp, 'ipco')
  const ispe = ipco && child(b, ipco, 'ispe')
  if (!ispe || ispe.end - ispe.body < 12) return null
  return { type: 'image/avif', width: u32be(b, ispe.body + 4), height: u32be(b, ispe.body + 8) }
}

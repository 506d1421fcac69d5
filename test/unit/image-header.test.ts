/** @module Unit tests of domain/catalog/image-header.ts (here: domain may not import test fixtures): sizes and refusals. */
import { describe, expect, it } from 'vitest'
import { readImageHeader } from '#domain/catalog/image-header'
import { avifHeader, jpegHeader, pngImage, webpHeader } from '#test/fixtures/images'

describe('readImageHeader', () => {
  it('reads the type and size of each accepted format from its bytes', () => {
    expect(readImageHeader(pngImage(40, 30))).toEqual({ type: 'image/png', width: 40, height: 30 })
    expect(readImageHeader(jpegHeader(1200, 800))).toEqual({
      type: 'image/jpeg',
      width: 1200,
      height: 800,
    })
    for (const kind of ['VP8', 'VP8L', 'VP8X'] as const)
      expect(readImageHeader(webpHeader(kind, 1000, 750)), kind).toEqual({
        type: 'image/webp',
        width: 1000,
        height: 750,
      })
    expect(readImageHeader(avifHeader(640, 480))).toEqual({
      type: 'image/avif',
      width: 640,
      height: 480,
    })
  })

  it('skips JPEG segments before the frame, whatever their length', () => {
    const exif = [0xff, 0xe1, 0x01, 0x02, ...new Array(0x0100).fill(0x45)]
    const bytes = jpegHeader(300, 200)
    const withExif = new Uint8Array([0xff, 0xd8, ...exif, ...bytes.subarray(2)])
    expect(readImageHeader(withExif)).toMatchObject({ width: 300, height: 200 })
  })

  it('refuses other formats, cut headers and zero sizes', () => {
    const gif = new TextEncoder().encode('GIF89a\x10\x00\x10\x00')
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')
    expect(readImageHeader(gif)).toBeNull()
    expect(readImageHeader(svg)).toBeNull()
    expect(readImageHeader(new Uint8Array())).toBeNull()
    expect(readImageHeader(pngImage(4, 4).subarray(0, 20))).toBeNull()
    expect(readImageHeader(jpegHeader(10, 10).subarray(0, 12))).toBeNull()
    expect(readImageHeader(jpegHeader(0, 10))).toBeNull()
    // An ftyp that names another brand (HEIC) is not AVIF.
    const heic = avifHeader(10, 10)
    heic.set(new TextEncoder().encode('heic'), 8)
    heic.set(new TextEncoder().encode('heic'), 16)
    expect(readImageHeader(heic)).toBeNull()
  })
})

/**
 * @module Product images in workerd: upload (raw and multipart) checked by the bytes, stored in R2
 * with their size on the product, served through the Cache API as immutable, reordered, deleted;
 * admin only for writes.
 */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '#api/index'
import { avifHeader, jpegHeader, pngImage, webpHeader } from '#test/fixtures/images'

const ADMIN = { authorization: 'Bearer test-admin-key' }

interface Image {
  id: string
  url: string
  width: number
  height: number
  alt: string
  contentType: string
}
interface Product {
  id: string
  handle: string
  version: number
  images: Image[]
}

async function call(path: string, init: RequestInit = {}) {
  const ctx = createExecutionContext()
  const res = await worker.fetch(new Request(`https://shop.test${path}`, init), env as Env, ctx)
  await waitOnExecutionContext(ctx)
  return res
}

async function createProduct(): Promise<Product> {
  const res = await call('/v1/admin/products', {
    method: 'POST',
    headers: { ...ADMIN, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: `Pour Over Kettle ${crypto.randomUUID().slice(0, 6)}`,
      category: 'kitchen',
      brand: 'Acme',
      status: 'active',
      variants: [{ sku: `IMG-${crypto.randomUUID().slice(0, 8)}`, priceMinor: 4_500 }],
    }),
  })
  expect(res.status).toBe(201)
  return (await res.json()) as Product
}

const upload = (id: string, bytes: Uint8Array, type: string, alt = '', headers = ADMIN) =>
  call(`/v1/admin/products/${id}/images?alt=${encodeURIComponent(alt)}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': type },
    body: bytes,
  })

const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code

describe('product images', () => {
  it('stores an upload in R2 with the size read from its header, and lists it on the product', async () => {
    const product = await createProduct()
    const res = await upload(product.id, pngImage(40, 30), 'image/png', 'A kettle pouring')
    expect(res.status).toBe(201)
    const stored = (await res.json()) as Product
    expect(stored.version).toBe(product.version + 1)
    const [image] = stored.images
    expect(image).toMatchObject({
      width: 40,
      height: 30,
      alt: 'A kettle pouring',
      contentType: 'image/png',
    })
    expect(image?.url).toBe(`/v1/images/${product.id}/${image?.id}.png`)
    const object = await env.PRODUCT_IMAGES.get(`${product.id}/${image?.id}.png`)
    expect(object?.httpMetadata?.contentType).toBe('image/png')
    expect(new Uint8Array(await (object as R2ObjectBody).arrayBuffer())).toEqual(pngImage(40, 30))
    // The public product carries it.
    const pub = (await (await call(`/v1/products/${product.id}`)).json()) as Product
    expect(pub.images.map((i) => i.id)).toEqual([image?.id])
  })

  it('takes every accepted format, raw or multipart, and the same bytes twice only once', async () => {
    const product = await createProduct()
    for (const [bytes, type] of [
      [jpegHeader(1200, 800), 'image/jpeg'],
      [webpHeader('VP8X', 1000, 750), 'image/webp'],
      [avifHeader(640, 480), 'image/avif'],
    ] as const)
      expect((await upload(product.id, bytes, type)).status, type).toBe(201)
    const form = new FormData()
    form.set('file', new File([pngImage(8, 6)], 'small.png', { type: 'image/png' }))
    form.set('alt', 'Small')
    const multipart = await call(`/v1/admin/products/${product.id}/images`, {
      method: 'POST',
      headers: ADMIN,
      body: form,
    })
    expect(multipart.status).toBe(201)
    const again = await upload(product.id, pngImage(8, 6), 'image/png')
    expect(again.status).toBe(200)
    const images = ((await again.json()) as Product).images
    expect(images.map((i) => [i.contentType, i.width, i.height, i.alt])).toEqual([
      ['image/jpeg', 1200, 800, ''],
      ['image/webp', 1000, 750, ''],
      ['image/avif', 640, 480, ''],
      ['image/png', 8, 6, 'Small'],
    ])
  })

  it('refuses bytes that are not the declared type, other types, empty and oversized bodies, and changes nothing', async () => {
    const product = await createProduct()
    const gif = new TextEncoder().encode('GIF89a\x01\x00\x01\x00')
    const cases: [Uint8Array, string, number, string][] = [
      [pngImage(4, 4), 'image/jpeg', 415, 'unsupported_media_type'],
      [gif, 'image/png', 415, 'unsupported_media_type'],
      [gif, 'image/gif', 415, 'unsupported_media_type'],
      [new TextEncoder().encode('<svg/>'), 'image/svg+xml', 415, 'unsupported_media_type'],
      [new Uint8Array(), 'image/png', 400, 'validation_failed'],
      [jpegHeader(20_000, 10), 'image/jpeg', 400, 'validation_failed'],
    ]
    for (const [bytes, type, status, code] of cases) {
      const res = await upload(product.id, bytes, type)
      expect([res.status, await errorCode(res)], type).toEqual([status, code])
    }
    const big = new Uint8Array(5 * 1024 * 1024 + 1)
    big.set(pngImage(4, 4))
    const tooBig = await upload(product.id, big, 'image/png')
    expect([tooBig.status, await errorCode(tooBig)]).toEqual([413, 'payload_too_large'])
    const listed = await env.PRODUCT_IMAGES.list({ prefix: `${product.id}/` })
    expect(listed.objects).toEqual([])
    const now = (await (await call(`/v1/products/${product.id}`)).json()) as Product
    expect([now.version, now.images]).toEqual([product.version, []])
    expect((await upload('no-such-product', pngImage(4, 4), 'image/png')).status).toBe(404)
  })

  it('lets only admins write images', async () => {
    const product = await createProduct()
    const anonymous = await call(`/v1/admin/products/${product.id}/images`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: pngImage(4, 4),
    })
    expect(anonymous.status).toBe(401)
    const register = await call('/v1/auth/register', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: `shopper-${crypto.randomUUID()}@example.com`,
        password: 'correct horse battery',
      }),
    })
    const { token } = (await register.json()) as { token: string }
    const shopper = { authorization: `Bearer ${token}` }
    expect((await upload(product.id, pngImage(4, 4), 'image/png', '', shopper)).status).toBe(403)
    const del = await call(`/v1/admin/products/${product.id}/images/${'a'.repeat(64)}`, {
      method: 'DELETE',
      headers: shopper,
    })
    expect(del.status).toBe(403)
    expect((await env.PRODUCT_IMAGES.list({ prefix: `${product.id}/` })).objects).toEqual([])
  })

  it('serves the bytes with a year of immutable caching, from the Cache API after the first read', async () => {
    const product = await createProduct()
    const bytes = pngImage(12, 9, [200, 30, 30], [30, 30, 200])
    const { images } = (await (await upload(product.id, bytes, 'image/png')).json()) as Product
    const url = images[0]?.url as string
    const first = await call(url)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('image/png')
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(first.headers.get('x-cache')).toBe('r2')
    expect(new Uint8Array(await first.arrayBuffer())).toEqual(bytes)
    // R2 no longer has it, yet this location still serves it: the answer came from the cache.
    await env.PRODUCT_IMAGES.delete(url.replace('/v1/images/', ''))
    const second = await call(url)
    expect(second.headers.get('x-cache')).toBe('edge')
    expect(new Uint8Array(await second.arrayBuffer())).toEqual(bytes)
    const etag = second.headers.get('etag') as string
    const revalidated = await call(url, { headers: { 'if-none-match': etag } })
    expect(revalidated.status).toBe(304)
    expect((await call(`/v1/images/${product.id}/${'0'.repeat(64)}.png`)).status).toBe(404)
    expect((await call(`/v1/images/${product.id}/not-a-hash.png`)).status).toBe(404)
  })

  it('reorders images, changes alt texts, and deletes one with its bytes and cached copy', async () => {
    const product = await createProduct()
    await upload(product.id, pngImage(4, 4), 'image/png', 'first')
    const { images } = (await (
      await upload(product.id, pngImage(6, 4), 'image/png', 'second')
    ).json()) as Product
    const [a, b] = images as [Image, Image]
    const patch = (body: object) =>
      call(`/v1/admin/products/${product.id}/images`, {
        method: 'PATCH',
        headers: { ...ADMIN, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    const reordered = await patch({ order: [b.id, a.id], alt: { [a.id]: 'now last' } })
    expect(reordered.status).toBe(200)
    expect(((await reordered.json()) as Product).images.map((i) => [i.id, i.alt])).toEqual([
      [b.id, 'second'],
      [a.id, 'now last'],
    ])
    // Not every image once: refused, nothing changes.
    expect((await patch({ order: [b.id] })).status).toBe(400)
    expect((await patch({ order: [b.id, b.id] })).status).toBe(400)
    await call(a.url) // cached at this location
    const del = await call(`/v1/admin/products/${product.id}/images/${a.id}`, {
      method: 'DELETE',
      headers: ADMIN,
    })
    expect(del.status).toBe(200)
    expect(((await del.json()) as Product).images.map((i) => i.id)).toEqual([b.id])
    expect(await env.PRODUCT_IMAGES.head(a.url.replace('/v1/images/', ''))).toBeNull()
    expect((await call(a.url)).status).toBe(404)
    const again = await call(`/v1/admin/products/${product.id}/images/${a.id}`, {
      method: 'DELETE',
      headers: ADMIN,
    })
    expect(again.status).toBe(404)
  })
})

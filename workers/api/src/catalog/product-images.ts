/**
 * @module Product images: bytes in R2 under a content address (`<productId>/<sha256>.<ext>`),
 * their list (size, alt, order) on the product. Uploads are checked by their own bytes (magic
 * numbers and header), never by the declared type alone.
 */
import { IMAGE_EXTENSIONS, MAX_IMAGE_SIDE, readImageHeader } from '#domain/catalog/image-header'
import {
  IMAGE_TYPES,
  type ImageType,
  MAX_IMAGES,
  type Product,
  type ProductImage,
} from '#domain/catalog/product'
import { AppError } from '#domain/errors'
import { changeProduct, type WriteDeps } from './write-product'

/** Largest image accepted, in bytes (the body limit of the upload route follows it). */
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024

/**
 * How long browsers and shared caches keep an image: a year, immutable. Safe because a URL names
 * its bytes (their SHA-256): new bytes get a new URL, so nothing cached can be stale.
 */
export const IMAGE_CACHE_CONTROL = 'public, max-age=31536000, immutable'

/** The longest alt text kept. */
export const MAX_ALT_LENGTH = 300

/** What the image routes need besides a write's dependencies. */
export interface ImageDeps extends WriteDeps {
  bucket: R2Bucket
}

/** The R2 key and public URL of an image of a product. */
export const imageKey = (productId: string, id: string, type: ImageType) =>
  `${productId}/${id}.${IMAGE_EXTENSIONS[type]}`
export const imageUrl = (productId: string, id: string, type: ImageType) =>
  `/v1/images/${imageKey(productId, id, type)}`

/** A public image path's parts, or null when it cannot name an image. */
export function parseImagePath(productId: string, file: string): { key: string } | null {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(productId)) return null
  const match = /^([0-9a-f]{64})\.(jpg|png|webp|avif)$/.exec(file)
  return match ? { key: `${productId}/${file}` } : null
}

/** The content type an image key's extension names. */
export function typeOfKey(key: string): ImageType {
  const ext = key.slice(key.lastIndexOf('.') + 1)
  return (Object.entries(IMAGE_EXTENSIONS).find(([, e]) => e === ext)?.[0] ??
    'application/octet-stream') as ImageType
}

/**
 * Checks an upload: size, a declared type the shop takes, bytes that are that type (the header
 * read from them), and dimensions it can show. Returns what the header says.
 */
export function checkUpload(bytes: Uint8Array, declared: string) {
  if (bytes.length === 0) throw new AppError('validation_failed', 'The image is empty')
  if (bytes.length > MAX_IMAGE_BYTES)
    throw new AppError('payload_too_large', `Images are at most ${MAX_IMAGE_BYTES} bytes`)
  const type = declared.split(';')[0]?.trim().toLowerCase() ?? ''
  if (!(IMAGE_TYPES as readonly string[]).includes(type))
    throw new AppError(
      'unsupported_media_type',
      `Send a JPEG, PNG, WebP or AVIF image (got ${type || 'no content type'})`,
    )
  const header = readImageHeader(bytes)
  if (!header)
    throw new AppError(
      'unsupported_media_type',
      'The bytes are not a JPEG, PNG, WebP or AVIF image',
    )
  if (header.type !== type)
    throw new AppError(
      'unsupported_media_type',
      `The bytes are ${header.type}, not the declared ${type}`,
    )
  if (header.width > MAX_IMAGE_SIDE || header.height > MAX_IMAGE_SIDE)
    throw new AppError(
      'validation_failed',
      `Images are at most ${MAX_IMAGE_SIDE} pixels wide and high (this one is ${header.width}×${header.height})`,
    )
  return header
}

/**
 * Adds an image to a product: bytes to R2 first, then the product's list. A repeated upload of
 * the same bytes changes nothing and answers the product as it is (`created: false`). If the
 * product write fails after R2 took the bytes, the object stays unlisted: harmless, and the
 * same upload retried reuses it.
 */
export async function addImage(
  deps: ImageDeps,
  productId: string,
  upload: { bytes: Uint8Array; type: string; alt: string },
): Promise<{ product: Product; created: boolean }> {
  const header = checkUpload(upload.bytes, upload.type)
  const alt = upload.alt.trim().slice(0, MAX_ALT_LENGTH)
  const current = await deps.catalog.get(productId)
  if (!current) throw new AppError('not_found', 'No such product')
  const id = await sha256Hex(upload.bytes)
  if (current.images.some((image) => image.id === id)) return { product: current, created: false }
  refuseFull(current)
  await deps.bucket.put(imageKey(productId, id, header.type), upload.bytes, {
    httpMetadata: { contentType: header.type, cacheControl: IMAGE_CACHE_CONTROL },
    customMetadata: { width: String(header.width), height: String(header.height) },
    sha256: id,
  })
  const image: ProductImage = {
    id,
    url: imageUrl(productId, id, header.type),
    contentType: header.type,
    width: header.width,
    height: header.height,
    alt,
    bytes: upload.bytes.length,
  }
  const product = await changeProduct(deps, productId, (p) => {
    if (p.images.some((i) => i.id === id)) return bump(deps, p, p.images)
    refuseFull(p)
    return bump(deps, p, [...p.images, image])
  })
  return { product, created: true }
}

/**
 * Removes an image from a product, then its bytes from R2 and this location's cached copy.
 * Other locations may serve their cached copy until it is evicted (README, image budget); the
 * product no longer links it.
 */
export async function removeImage(
  deps: ImageDeps,
  productId: string,
  imageId: string,
  purge: (url: string) => Promise<unknown>,
): Promise<Product> {
  let removed: ProductImage | undefined
  const product = await changeProduct(deps, productId, (p) => {
    removed = p.images.find((i) => i.id === imageId)
    if (!removed) throw new AppError('not_found', 'The product has no such image')
    return bump(
      deps,
      p,
      p.images.filter((i) => i.id !== imageId),
    )
  })
  if (removed) {
    const key = imageKey(productId, removed.id, removed.contentType)
    await deps.bucket.delete(key)
    await purge(removed.url).catch((error) =>
      deps.log('image cache purge failed', { key, error: String(error) }),
    )
  }
  return product
}

/**
 * Puts the product's images in the order of `order` (every image id exactly once) and changes
 * alt texts given in `alt` (by image id).
 */
export function arrangeImages(
  deps: ImageDeps,
  productId: string,
  change: { order?: string[]; alt?: Record<string, string> },
): Promise<Product> {
  return changeProduct(deps, productId, (p) => {
    const byId = new Map(p.images.map((i) => [i.id, i]))
    const order = change.order ?? p.images.map((i) => i.id)
    if (order.length !== p.images.length || new Set(order).size !== order.length)
      throw new AppError('validation_failed', 'List every image of the product exactly once', {
        images: p.images.map((i) => i.id),
      })
    const unknown = [...order, ...Object.keys(change.alt ?? {})].filter((id) => !byId.has(id))
    if (unknown.length)
      throw new AppError('validation_failed', 'The product has no such images', { unknown })
    return bump(
      deps,
      p,
      order.map((id) => {
        const image = byId.get(id) as ProductImage
        const alt = change.alt?.[id]
        return alt === undefined ? image : { ...image, alt: alt.trim().slice(0, MAX_ALT_LENGTH) }
      }),
    )
  })
}

function refuseFull(product: Product) {
  if (product.images.length >= MAX_IMAGES)
    throw new AppError('conflict', `A product has at most ${MAX_IMAGES} images; delete one first`)
}

const bump = (deps: WriteDeps, p: Product, images: ProductImage[]): Product => ({
  ...p,
  images,
  version: p.version + 1,
  updatedAt: deps.now(),
})

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

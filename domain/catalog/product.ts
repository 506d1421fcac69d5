/** @module Products and variants: the catalog's shapes and the zod schemas that validate admin input. */
import { z } from 'zod'
import { TAX_CLASSES, type TaxClass } from '../tax/rates'

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const
export type ProductStatus = (typeof PRODUCT_STATUSES)[number]

/** Largest price accepted, in minor units (1,000,000.00 in the store currency). */
export const MAX_PRICE_MINOR = 100_000_000

const Slug = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case words joined by hyphens')
/**
 * A product's handle: its readable URL (`/products/<handle>`). Lower-case words joined by
 * hyphens, unique across the catalog (a taken handle is a 409 `handle_taken`).
 */
export const Handle = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters and digits joined by hyphens')
const Attributes = z
  .record(z.string().min(1).max(40), z.string().max(200))
  .refine((a) => Object.keys(a).length <= 20, 'at most 20 attributes')
/**
 * A SKU as callers may spell it. SKUs ignore case: the catalog stores them upper-cased, and every
 * SKU entering the API (path, body) is upper-cased here, so objects, carts, KV keys and the
 * database (whose collations differ: D1 compares case-sensitively, MySQL not) see one spelling.
 */
export const Sku = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, dot, underscore and hyphen')
  .toUpperCase()

export const VariantInput = z.strictObject({
  sku: Sku,
  title: z.string().min(1).max(200).optional(),
  priceMinor: z.number().int().min(0).max(MAX_PRICE_MINOR),
  attributes: Attributes.default({}),
  /** Shipping weight in grams; a variant without one weighs nothing for weight-rated shipping. */
  weightGrams: z.number().int().min(0).max(1_000_000).optional(),
})

const variantsField = z
  .array(VariantInput)
  .min(1)
  .max(50)
  .refine((v) => new Set(v.map((x) => x.sku.toUpperCase())).size === v.length, 'duplicate SKU')

/** The body of POST /v1/admin/products. */
export const ProductInput = z.strictObject({
  title: z.string().trim().min(1).max(200),
  /** Derived from the title when absent (with the id's tail when that handle is taken). */
  handle: Handle.optional(),
  description: z.string().max(5_000).default(''),
  category: Slug,
  brand: z.string().trim().min(1).max(80),
  status: z.enum(PRODUCT_STATUSES).default('draft'),
  attributes: Attributes.default({}),
  /** Which tax rate applies: standard, reduced (food, books) or zero-rated. */
  taxClass: z.enum(TAX_CLASSES).default('standard'),
  variants: variantsField,
})
export type ProductInput = z.infer<typeof ProductInput>

/** The body of PATCH /v1/admin/products/:id; `variants`, when given, replaces the whole set. */
export const ProductPatch = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    handle: Handle,
    description: z.string().max(5_000),
    category: Slug,
    brand: z.string().trim().min(1).max(80),
    status: z.enum(PRODUCT_STATUSES),
    attributes: Attributes,
    taxClass: z.enum(TAX_CLASSES),
    variants: variantsField,
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, 'at least one field')
export type ProductPatch = z.infer<typeof ProductPatch>

export interface Variant {
  sku: string
  title: string
  priceMinor: number
  currency: string
  attributes: Record<string, string>
  /** Grams; absent (or null from the database) when the merchant gave none. */
  weightGrams?: number | null
}

/**
 * An image of a product, stored in R2 under `<productId>/<id>.<ext>` where `id` is the SHA-256 of
 * its bytes (content-addressed: a URL never changes what it shows, so it can be cached for good).
 */
export interface ProductImage {
  /** SHA-256 of the bytes, 64 hex digits. */
  id: string
  /** Where the bytes are served: `/v1/images/<productId>/<id>.<ext>`. */
  url: string
  contentType: ImageType
  width: number
  height: number
  alt: string
  bytes: number
}

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/avif'] as const
export type ImageType = (typeof IMAGE_TYPES)[number]
/** Images a product may have. */
export const MAX_IMAGES = 12

export interface Product {
  id: string
  /** Unique readable name of the product's page, `/products/<handle>`. */
  handle: string
  title: string
  description: string
  category: string
  brand: string
  status: ProductStatus
  attributes: Record<string, string>
  /** Absent on products written before tax classes: they are standard-rated. */
  taxClass?: TaxClass
  variants: Variant[]
  /** In display order; the first is the product's main image (cards, og:image). */
  images: ProductImage[]
  /** Bumped by every write; caches and the search index compare it. */
  version: number
  createdAt: number
  updatedAt: number
}

/** The handle a title gives: its words, lower-cased, without accents, joined by hyphens. */
export function handleFor(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 120)
    .replace(/-+$/, '')
  return base || 'product'
}

/** A derived handle made unique by the product id's tail (used when `handleFor` is taken). */
export function handleWithTail(handle: string, id: string): string {
  const tail = id
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(-6)
  return `${handle.slice(0, 121)}-${tail || 'x'}`
}

/** Builds a new product from validated input. */
export function newProduct(
  input: ProductInput,
  id: string,
  currency: string,
  now: number,
): Product {
  return {
    id,
    handle: input.handle ?? handleFor(input.title),
    title: input.title,
    description: input.description,
    category: input.category,
    brand: input.brand,
    status: input.status,
    attributes: input.attributes,
    taxClass: input.taxClass,
    variants: input.variants.map((v) => toVariant(v, input.title, currency)),
    images: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
  }
}

/** Applies a validated patch; the caller stores the result only if the version it read still holds. */
export function patchProduct(
  product: Product,
  patch: ProductPatch,
  currency: string,
  now: number,
): Product {
  const title = patch.title ?? product.title
  return {
    ...product,
    ...patch,
    title,
    variants: patch.variants
      ? patch.variants.map((v) => toVariant(v, title, currency))
      : product.variants,
    version: product.version + 1,
    updatedAt: now,
  }
}

function toVariant(
  v: z.infer<typeof VariantInput>,
  productTitle: string,
  currency: string,
): Variant {
  return {
    sku: v.sku.toUpperCase(),
    title: v.title ?? productTitle,
    priceMinor: v.priceMinor,
    currency,
    attributes: v.attributes,
    ...(v.weightGrams === undefined ? {} : { weightGrams: v.weightGrams }),
  }
}

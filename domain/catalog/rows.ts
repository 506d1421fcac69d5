/** @module Assembles products from the flat rows both database dialects return. */
import type { TaxClass } from '../tax/rates'
import type { Product, ProductImage, ProductStatus, Variant } from './product'

/** A products row as drizzle returns it (JSON columns already parsed). */
export interface ProductRow {
  id: string
  handle: string
  title: string
  description: string
  category: string
  brand: string
  status: string
  attributes: unknown
  taxClass?: string
  images: unknown
  version: number
  createdAt: number
  updatedAt: number
}

/** A variants row as drizzle returns it. */
export interface VariantRow {
  sku: string
  productId: string
  title: string
  priceMinor: number
  currency: string
  attributes: unknown
  weightGrams?: number | null
  position: number
  createdAt: number
  updatedAt: number
}

/** Products in the order of `products`, each with its variants in position order. */
export function assembleProducts(products: ProductRow[], variants: VariantRow[]): Product[] {
  const byProduct = new Map<string, VariantRow[]>()
  for (const v of variants) byProduct.set(v.productId, [...(byProduct.get(v.productId) ?? []), v])
  return products.map((p) => ({
    id: p.id,
    handle: p.handle,
    title: p.title,
    description: p.description,
    category: p.category,
    brand: p.brand,
    status: p.status as ProductStatus,
    attributes: asRecord(p.attributes),
    taxClass: (p.taxClass ?? 'standard') as TaxClass,
    images: asImages(p.images),
    version: Number(p.version),
    createdAt: Number(p.createdAt),
    updatedAt: Number(p.updatedAt),
    variants: (byProduct.get(p.id) ?? []).sort((a, b) => a.position - b.position).map(toVariant),
  }))
}

/** The rows that store `product`. */
export function productRows(product: Product): { product: ProductRow; variants: VariantRow[] } {
  const { variants, ...rest } = product
  return {
    product: rest,
    variants: variants.map((v, position) => ({
      ...v,
      productId: product.id,
      position,
      createdAt: product.createdAt,
      updatedAt: product.updatedAt,
    })),
  }
}

function toVariant(v: VariantRow): Variant {
  return {
    sku: v.sku,
    title: v.title,
    priceMinor: Number(v.priceMinor),
    currency: v.currency,
    attributes: asRecord(v.attributes),
    ...(v.weightGrams === null || v.weightGrams === undefined
      ? {}
      : { weightGrams: Number(v.weightGrams) }),
  }
}

function asImages(value: unknown): ProductImage[] {
  const parsed = typeof value === 'string' ? JSON.parse(value) : value
  return Array.isArray(parsed) ? (parsed as ProductImage[]) : []
}

// MySQL JSON columns arrive parsed; a string means the driver handed back the JSON text.
function asRecord(value: unknown): Record<string, string> {
  const parsed = typeof value === 'string' ? JSON.parse(value) : value
  return (parsed ?? {}) as Record<string, string>
}

/** @module The catalog on PlanetScale: products and variants written in one transaction. */
import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm'
import type { Product } from '#domain/catalog/product'
import { assembleProducts, productRows } from '#domain/catalog/rows'
import { AppError } from '#domain/errors'
import type { CatalogStore, PricedVariant, ProductListQuery } from '#domain/ports/catalog-store'
import type { TaxClass } from '#domain/tax/rates'
import type { PlanetScaleDb } from './db'
import { products, variants } from './schema'
import { guard } from './upstream'

export class PlanetScaleCatalog implements CatalogStore {
  constructor(private readonly db: PlanetScaleDb) {}

  insert(product: Product): Promise<void> {
    const rows = productRows(product)
    return guard(() =>
      this.db.transaction(async (tx) => {
        await refuseTakenSkus(tx, product)
        await refuseTakenHandle(tx, product)
        await tx.insert(products).values(rows.product).catch(handleTakenOr(product))
        try {
          await tx.insert(variants).values(rows.variants)
        } catch (err) {
          // A concurrent write took a SKU after the check: the primary key refused it, and
          // throwing rolls the product row back with it.
          if (/Duplicate entry/.test(String((err as Error).message ?? err)))
            throw new AppError('sku_taken', 'Some SKUs belong to another product', {
              skus: product.variants.map((v) => v.sku),
            })
          throw err
        }
      }),
    )
  }

  replace(product: Product): Promise<boolean> {
    const rows = productRows(product)
    const { id, createdAt, ...fields } = rows.product
    return guard(() =>
      this.db.transaction(async (tx) => {
        // The row lock makes the version check and the writes one step for concurrent writers.
        const [current] = await tx
          .select({ version: products.version })
          .from(products)
          .where(eq(products.id, id))
          .for('update')
        if (!current || current.version !== product.version - 1) return false
        await refuseTakenSkus(tx, product)
        await refuseTakenHandle(tx, product)
        await tx
          .update(products)
          .set(fields)
          .where(eq(products.id, id))
          .catch(handleTakenOr(product))
        await tx.delete(variants).where(eq(variants.productId, id))
        await tx.insert(variants).values(rows.variants)
        return true
      }),
    )
  }

  get(id: string): Promise<Product | null> {
    return guard(async () => {
      const [row] = await this.db.select().from(products).where(eq(products.id, id))
      if (!row) return null
      const rows = await this.db.select().from(variants).where(eq(variants.productId, id))
      return assembleProducts([row], rows)[0] ?? null
    })
  }

  getByHandle(handle: string): Promise<Product | null> {
    return guard(async () => {
      const [row] = await this.db.select().from(products).where(eq(products.handle, handle))
      if (!row) return null
      const rows = await this.db.select().from(variants).where(eq(variants.productId, row.id))
      return assembleProducts([row], rows)[0] ?? null
    })
  }

  list(query: ProductListQuery): Promise<{ items: Product[]; nextCursor: string | null }> {
    return guard(async () => {
      const where = and(
        query.category ? eq(products.category, query.category) : undefined,
        query.brand ? eq(products.brand, query.brand) : undefined,
        query.status ? eq(products.status, query.status) : undefined,
        query.cursor ? gt(products.id, query.cursor) : undefined,
      )
      const page = await this.db
        .select()
        .from(products)
        .where(where)
        .orderBy(asc(products.id))
        .limit(query.limit + 1)
      const items = page.slice(0, query.limit)
      const ids = items.map((p) => p.id)
      const rows = ids.length
        ? await this.db.select().from(variants).where(inArray(variants.productId, ids))
        : []
      const nextCursor = page.length > query.limit ? (items.at(-1)?.id ?? null) : null
      return { items: assembleProducts(items, rows), nextCursor }
    })
  }

  summary(): Promise<{ active: number; lastUpdatedAt: number | null }> {
    return guard(async () => {
      const [row] = await this.db
        .select({
          active: sql<number>`coalesce(sum(case when ${products.status} = 'active' then 1 else 0 end), 0)`,
          lastUpdatedAt: sql<number | null>`max(${products.updatedAt})`,
        })
        .from(products)
      return {
        active: Number(row?.active ?? 0),
        lastUpdatedAt: row?.lastUpdatedAt == null ? null : Number(row.lastUpdatedAt),
      }
    })
  }

  variantsBySku(skus: string[]): Promise<PricedVariant[]> {
    if (skus.length === 0) return Promise.resolve([])
    return guard(async () => {
      const rows = await this.db
        .select({
          variant: variants,
          productTitle: products.title,
          productStatus: products.status,
          productCategory: products.category,
          taxClass: products.taxClass,
        })
        .from(variants)
        .innerJoin(products, eq(products.id, variants.productId))
        .where(inArray(variants.sku, skus))
      return rows.map(({ variant, productTitle, productStatus, productCategory, taxClass }) => ({
        sku: variant.sku,
        title: variant.title,
        priceMinor: variant.priceMinor,
        currency: variant.currency,
        attributes: (variant.attributes ?? {}) as Record<string, string>,
        productId: variant.productId,
        productTitle,
        productStatus: productStatus as PricedVariant['productStatus'],
        productCategory,
        taxClass: taxClass as TaxClass,
        ...(variant.weightGrams === null ? {} : { weightGrams: Number(variant.weightGrams) }),
      }))
    })
  }
}

type Tx = Parameters<Parameters<PlanetScaleDb['transaction']>[0]>[0]

// A friendly 409 naming the SKUs; the primary key on variants.sku still decides under races.
async function refuseTakenSkus(tx: Tx, product: Product) {
  const skus = product.variants.map((v) => v.sku)
  const taken = await tx
    .select({ sku: variants.sku, productId: variants.productId })
    .from(variants)
    .where(inArray(variants.sku, skus))
  const others = taken.filter((t) => t.productId !== product.id).map((t) => t.sku)
  if (others.length)
    throw new AppError('sku_taken', 'Some SKUs belong to another product', { skus: others })
}

const handleTaken = (product: Product) =>
  new AppError('handle_taken', 'Another product has this handle', { handle: product.handle })

// A friendly 409 before writing; the unique index on the handle still decides under races.
async function refuseTakenHandle(tx: Tx, product: Product) {
  const [taken] = await tx
    .select({ id: products.id })
    .from(products)
    .where(and(eq(products.handle, product.handle), ne(products.id, product.id)))
  if (taken) throw handleTaken(product)
}

// The unique index on the handle refused a write a concurrent one won: the same 409.
const handleTakenOr = (product: Product) => (err: unknown) => {
  if (/Duplicate entry.*products_slug_uq/.test(String((err as Error).message ?? err)))
    throw handleTaken(product)
  throw err
}

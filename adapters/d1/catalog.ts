/** @module The catalog on D1: products and variants written together in one atomic batch. */
import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Product } from '#domain/catalog/product'
import { assembleProducts, productRows } from '#domain/catalog/rows'
import { AppError } from '#domain/errors'
import type { CatalogStore, PricedVariant, ProductListQuery } from '#domain/ports/catalog-store'
import type { TaxClass } from '#domain/tax/rates'
import type { D1Db } from './db'
import { products, variants } from './schema'

export class D1Catalog implements CatalogStore {
  constructor(private readonly db: D1Db) {}

  async insert(product: Product): Promise<void> {
    await this.refuseTakenSkus(product)
    await this.refuseTakenHandle(product)
    const rows = productRows(product)
    try {
      await this.run([
        this.db.insert(products).values(rows.product),
        this.db.insert(variants).values(rows.variants),
      ])
    } catch (err) {
      // A concurrent write took a SKU between the check above and this batch: the primary key
      // refused it and the batch wrote nothing.
      if (String((err as Error).cause ?? err).includes('UNIQUE constraint failed: variants.sku'))
        throw new AppError('sku_taken', 'Some SKUs belong to another product', {
          skus: product.variants.map((v) => v.sku),
        })
      throw handleTakenOr(err, product)
    }
  }

  async replace(product: Product): Promise<boolean> {
    await this.refuseTakenSkus(product)
    await this.refuseTakenHandle(product)
    const rows = productRows(product)
    const { id, createdAt, ...fields } = rows.product
    try {
      await this.run([
        this.db
          .update(products)
          .set(fields)
          .where(and(eq(products.id, id), eq(products.version, product.version - 1))),
        // D1 has no interactive transactions, but a batch is one: when the update above matched
        // no row (another write won), json('version_conflict') raises and rolls everything back.
        this.db.run(sql`select case when changes() = 0 then json('version_conflict') else 1 end`),
        this.db.delete(variants).where(eq(variants.productId, id)),
        this.db.insert(variants).values(rows.variants),
      ])
      return true
    } catch (err) {
      if (String((err as Error).cause ?? err).includes('malformed JSON')) return false
      throw handleTakenOr(err, product)
    }
  }

  async get(id: string): Promise<Product | null> {
    const [row] = await this.db.select().from(products).where(eq(products.id, id))
    if (!row) return null
    const rows = await this.db.select().from(variants).where(eq(variants.productId, id))
    return assembleProducts([row], rows)[0] ?? null
  }

  async getByHandle(handle: string): Promise<Product | null> {
    const [row] = await this.db.select().from(products).where(eq(products.handle, handle))
    if (!row) return null
    const rows = await this.db.select().from(variants).where(eq(variants.productId, row.id))
    return assembleProducts([row], rows)[0] ?? null
  }

  async list(query: ProductListQuery): Promise<{ items: Product[]; nextCursor: string | null }> {
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
  }

  async summary(): Promise<{ active: number; lastUpdatedAt: number | null }> {
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
  }

  async variantsBySku(skus: string[]): Promise<PricedVariant[]> {
    if (skus.length === 0) return []
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
  }

  // A friendly 409 naming the SKUs; the primary key on variants.sku still decides under races.
  private async refuseTakenSkus(product: Product) {
    const skus = product.variants.map((v) => v.sku)
    const taken = await this.db
      .select({ sku: variants.sku, productId: variants.productId })
      .from(variants)
      .where(inArray(variants.sku, skus))
    const others = taken.filter((t) => t.productId !== product.id).map((t) => t.sku)
    if (others.length)
      throw new AppError('sku_taken', 'Some SKUs belong to another product', { skus: others })
  }

  // A friendly 409 before writing; the unique index on the handle still decides under races.
  private async refuseTakenHandle(product: Product) {
    const [taken] = await this.db
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.handle, product.handle), ne(products.id, product.id)))
    if (taken) throw handleTaken(product)
  }

  private async run(statements: BatchItem<'sqlite'>[]) {
    await this.db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]])
  }
}

const handleTaken = (product: Product) =>
  new AppError('handle_taken', 'Another product has this handle', { handle: product.handle })

// The unique index on the handle refused a write a concurrent one won: the same 409.
function handleTakenOr(err: unknown, product: Product): unknown {
  return String((err as Error).cause ?? err).includes('UNIQUE constraint failed: products.slug')
    ? handleTaken(product)
    : err
}

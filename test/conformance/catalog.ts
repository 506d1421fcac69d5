/** @module The catalog store's conformance suite; every Database adapter must pass it unchanged. */
import { describe, expect, it } from 'vitest'
import { newProduct, type ProductInput, patchProduct } from '#domain/catalog/product'
import type { DatabasePort } from '#domain/ports/database'

/** Runs the suite; `key` must give ids and SKUs unique to this run. */
export function describeCatalogConformance(
  name: string,
  make: () => DatabasePort,
  key: (k: string) => string,
) {
  const input = (sku: string, over: Partial<ProductInput> = {}): ProductInput => ({
    title: 'Trail Runner Größe 42 😀',
    // Every product of the suite has its own handle (the SKU's), as the catalog requires.
    handle: handleOf(sku),
    description: 'Light shoe',
    category: 'shoes',
    brand: 'Acme',
    status: 'active',
    attributes: { colour: 'blue' },
    taxClass: 'standard',
    variants: [
      { sku: `${sku}-S`, priceMinor: 5_000, attributes: { size: 'S' }, weightGrams: 850 },
      { sku: `${sku}-M`, priceMinor: 5_500, attributes: { size: 'M' } },
    ],
    ...over,
  })
  const sku = (k: string) =>
    key(k)
      .toUpperCase()
      .replace(/[^A-Z0-9-]/g, '-')
  const handleOf = (sku: string) =>
    sku
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')

  describe(`Catalog conformance: ${name}`, () => {
    it('stores a product with its variants and reads it back unchanged', async () => {
      const db = make()
      const product = newProduct(input(sku('a')), key('prod-a'), 'EUR', 1_700_000_000_000)
      await db.catalog.insert(product)
      expect(await db.catalog.get(product.id)).toEqual(product)
      expect(await db.catalog.get(key('missing'))).toBeNull()
    })

    it('refuses a SKU that another product owns, and writes nothing', async () => {
      const db = make()
      const first = newProduct(input(sku('b')), key('prod-b1'), 'EUR', 1)
      await db.catalog.insert(first)
      const clash = newProduct(input(sku('b')), key('prod-b2'), 'EUR', 2)
      await expect(db.catalog.insert(clash)).rejects.toMatchObject({ code: 'sku_taken' })
      expect(await db.catalog.get(clash.id)).toBeNull()
    })

    it('replaces a product and its variants when the version still holds, and only then', async () => {
      const db = make()
      const original = newProduct(input(sku('c')), key('prod-c'), 'EUR', 1)
      await db.catalog.insert(original)
      const patched = patchProduct(
        original,
        { title: 'New', variants: [{ sku: `${sku('c')}-L`, priceMinor: 1, attributes: {} }] },
        'EUR',
        2,
      )
      expect(await db.catalog.replace(patched)).toBe(true)
      expect(await db.catalog.get(original.id)).toEqual(patched)
      // A second writer that read version 1 loses, and its variants are not written.
      const stale = patchProduct(
        original,
        { title: 'Stale', variants: [{ sku: `${sku('c')}-XL`, priceMinor: 2, attributes: {} }] },
        'EUR',
        3,
      )
      expect(await db.catalog.replace(stale)).toBe(false)
      expect(await db.catalog.get(original.id)).toEqual(patched)
      expect(await db.catalog.variantsBySku([`${sku('c')}-XL`])).toEqual([])
    })

    it('lists by category and brand in id order with a cursor', async () => {
      const db = make()
      const category = key('cat')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
      const ids = ['1', '2', '3'].map((n) => key(`list-${n}`))
      for (const [i, id] of ids.entries()) {
        await db.catalog.insert(
          newProduct(
            input(sku(`l${i}`), { category, brand: i === 1 ? 'Other' : 'Acme' }),
            id,
            'EUR',
            i,
          ),
        )
      }
      const first = await db.catalog.list({ category, limit: 2 })
      expect(first.items.map((p) => p.id)).toEqual(ids.slice(0, 2))
      expect(first.nextCursor).toBe(ids[1])
      const second = await db.catalog.list({ category, limit: 2, cursor: first.nextCursor ?? '' })
      expect(second.items.map((p) => p.id)).toEqual([ids[2]])
      expect(second.nextCursor).toBeNull()
      expect(
        (await db.catalog.list({ category, brand: 'Other', limit: 10 })).items.map((p) => p.id),
      ).toEqual([ids[1]])
      expect((await db.catalog.list({ category, limit: 10 })).items[0]?.variants).toHaveLength(2)
    })

    it('summarises the active products and the last change', async () => {
      const db = make()
      const before = await db.catalog.summary()
      const product = newProduct(input(sku('e')), key('prod-e'), 'EUR', 9_000_000_000_000)
      await db.catalog.insert(product)
      await db.catalog.insert(
        newProduct(input(sku('f'), { status: 'draft' }), key('prod-f'), 'EUR', 1),
      )
      expect(await db.catalog.summary()).toEqual({
        active: before.active + 1,
        lastUpdatedAt: 9_000_000_000_000,
      })
    })

    it('prices SKUs with their product', async () => {
      const db = make()
      const product = newProduct(input(sku('d')), key('prod-d'), 'EUR', 1)
      await db.catalog.insert(product)
      const priced = await db.catalog.variantsBySku([`${sku('d')}-M`, 'NO-SUCH-SKU'])
      expect(priced).toEqual([
        {
          sku: `${sku('d')}-M`,
          title: product.title,
          priceMinor: 5_500,
          currency: 'EUR',
          attributes: { size: 'M' },
          productId: product.id,
          productTitle: product.title,
          productStatus: 'active',
          productCategory: 'shoes',
          taxClass: 'standard',
        },
      ])
    })

    it('finds a product by handle and refuses a handle another product has', async () => {
      const db = make()
      const first = newProduct(input(sku('h1')), key('prod-h1'), 'EUR', 1)
      await db.catalog.insert(first)
      expect((await db.catalog.getByHandle(first.handle))?.id).toBe(first.id)
      expect(await db.catalog.getByHandle(handleOf(sku('no-such-handle')))).toBeNull()
      const clash = newProduct(input(sku('h2'), { handle: first.handle }), key('prod-h2'), 'EUR', 2)
      await expect(db.catalog.insert(clash)).rejects.toMatchObject({ code: 'handle_taken' })
      expect(await db.catalog.get(clash.id)).toBeNull()
      const second = newProduct(input(sku('h3')), key('prod-h3'), 'EUR', 3)
      await db.catalog.insert(second)
      const renamed = patchProduct(second, { handle: first.handle }, 'EUR', 4)
      await expect(db.catalog.replace(renamed)).rejects.toMatchObject({ code: 'handle_taken' })
      expect((await db.catalog.get(second.id))?.handle).toBe(second.handle)
    })

    it('stores the images of a product in their order', async () => {
      const db = make()
      const product = newProduct(input(sku('i')), key('prod-i'), 'EUR', 1)
      await db.catalog.insert(product)
      const image = (id: string, alt: string) => ({
        id: id.repeat(64),
        url: `/v1/images/${product.id}/${id.repeat(64)}.png`,
        contentType: 'image/png' as const,
        width: 40,
        height: 30,
        alt,
        bytes: 1234,
      })
      const next = { ...product, images: [image('b', 'Side'), image('a', 'Front')], version: 2 }
      expect(await db.catalog.replace(next)).toBe(true)
      expect((await db.catalog.get(product.id))?.images).toEqual(next.images)
    })
  })
}

/** @module drizzle-orm's planetscale-serverless driver works unchanged through the bridge. */
import { Client } from '@planetscale/database'
import { asc, eq } from 'drizzle-orm'
import { decimal, int, json, mysqlTable, varchar } from 'drizzle-orm/mysql-core'
import { drizzle } from 'drizzle-orm/planetscale-serverless'
import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PlanetScaleBridge } from './server'
import { requireMysql, startTestBridge, uniqueTable } from './test-helpers'

const tableName = uniqueTable('drizzle')
const products = mysqlTable(tableName, {
  id: int('id').primaryKey().autoincrement(),
  sku: varchar('sku', { length: 32 }).notNull().unique(),
  price: decimal('price', { precision: 10, scale: 2 }).notNull(),
  meta: json('meta').$type<{ tags: string[] }>(),
})

describe('planetscale bridge with drizzle-orm', () => {
  let admin: Connection
  let bridge: PlanetScaleBridge
  let db: ReturnType<typeof drizzle>

  async function skus(): Promise<string[]> {
    const rows = await db.select({ sku: products.sku }).from(products).orderBy(asc(products.sku))
    return rows.map((row) => row.sku)
  }

  beforeAll(async () => {
    admin = await requireMysql()
    bridge = await startTestBridge()
    db = drizzle(new Client({ url: bridge.url }))
    await admin.query(`CREATE TABLE ${tableName} (id INT PRIMARY KEY AUTO_INCREMENT,
      sku VARCHAR(32) NOT NULL UNIQUE, price DECIMAL(10,2) NOT NULL, meta JSON) ENGINE=InnoDB`)
  })

  afterAll(async () => {
    await admin?.query(`DROP TABLE IF EXISTS ${tableName}`)
    await admin?.end()
    await bridge?.close()
  })

  it('inserts and selects typed rows', async () => {
    const inserted = await db
      .insert(products)
      .values({ sku: 'mug-😀', price: '12.50', meta: { tags: ['kitchen', "o'k"] } })
    const id = Number(inserted.insertId)
    expect(id).toBeGreaterThan(0)
    const [row] = await db.select().from(products).where(eq(products.id, id))
    expect(row).toEqual({ id, sku: 'mug-😀', price: '12.50', meta: { tags: ['kitchen', "o'k"] } })
  })

  it('rolls back db.transaction when it fails, keeping released savepoints otherwise', async () => {
    const failed = db.transaction(async (tx) => {
      await tx.insert(products).values({ sku: 'ghost', price: '1.00' })
      tx.rollback()
    })
    await expect(failed).rejects.toThrow()
    await db.transaction(async (tx) => {
      await tx.insert(products).values({ sku: 'outer', price: '2.00' })
      // A failing nested transaction rolls back to its savepoint; the outer one still commits.
      await tx
        .transaction(async (nested) => {
          await nested.insert(products).values({ sku: 'inner', price: '3.00' })
          nested.rollback()
        })
        .catch(() => undefined)
    })
    const committed = await skus()
    expect(committed).toContain('outer')
    expect(committed).not.toContain('ghost')
    expect(committed).not.toContain('inner')
  })
})

/** @module Invariant 2, read straight from the dedicated MySQL database with mysql2. */
import { expect } from 'vitest'
import type { Platform } from './platform'
import { until } from './poll'

/** How long the archive may take to catch up once its dependencies answer again. */
const CATCH_UP_MS = 60_000

/** One archived order: how many events (one per version) and lines the archive holds for it. */
export interface ArchivedOrder {
  id: string
  events: number
  lines: number
}

/** Every order of the archive with its event and line counts. */
export async function archivedOrders(platform: Platform): Promise<ArchivedOrder[]> {
  const rows = await platform.query<ArchivedOrder>(
    `SELECT o.id,
       (SELECT COUNT(*) FROM order_events e WHERE e.order_id = o.id) AS events,
       (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id) AS \`lines\`
     FROM orders o`,
  )
  return rows.map((r) => ({ id: r.id, events: Number(r.events), lines: Number(r.lines) }))
}

/**
 * Waits until the archive holds at least `ids.length` orders and as many events as expected,
 * then checks that it holds exactly these orders, each once, with one line each and `events`
 * events each (one per version; a function gives each order's own count).
 */
export async function expectArchivedOnce(
  platform: Platform,
  ids: readonly string[],
  events: number | ((id: string) => number) = 1,
  ms = CATCH_UP_MS,
) {
  const eventsOf = typeof events === 'number' ? () => events : events
  const expected = new Set(ids)
  expect(expected.size).toBe(ids.length)
  const wanted = ids.reduce((n, id) => n + eventsOf(id), 0)
  let rows: ArchivedOrder[] = []
  await until(
    `the archive holds ${ids.length} orders and ${wanted} events`,
    async () => {
      rows = await archivedOrders(platform)
      return rows.length >= ids.length && rows.reduce((n, r) => n + r.events, 0) >= wanted
    },
    ms,
  ).catch((err: Error) => {
    const held = rows.reduce((n, r) => n + r.events, 0)
    throw new Error(`${err.message}; it holds ${rows.length} orders and ${held} events`)
  })
  expect(rows.map((r) => r.id).sort()).toEqual([...expected].sort())
  for (const row of rows) expect(row).toEqual({ id: row.id, events: eventsOf(row.id), lines: 1 })
}

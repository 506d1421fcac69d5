/** @module The Archive store's conformance suite; every Database adapter must pass it unchanged. */
import { describe, expect, it } from 'vitest'
import { newPseudonym } from '#domain/auth/user'
import { type OrderEvent, orderEvent } from '#domain/orders/events'
import { createOrder, type Order } from '#domain/orders/order'
import { transition } from '#domain/orders/transitions'
import type { DatabasePort } from '#domain/ports/database'

/** Runs the suite; `key` must give ids unique to this run (at most 36 characters). */
export function describeArchiveConformance(
  name: string,
  make: () => DatabasePort,
  key: (k: string) => string,
) {
  describe(`Archive conformance: ${name}`, () => {
    let clock = 1_900_000_000_000 + Math.floor(Math.random() * 1_000_000)
    const placed = (id: string, userId: string): Order => {
      clock += 1_000
      return createOrder({
        id,
        userId,
        currency: 'EUR',
        lines: [
          {
            sku: 'sku-b',
            productId: 'p-2',
            title: 'Größe 😀 – B',
            unitPriceMinor: 250,
            quantity: 2,
          },
          { sku: 'sku-a', productId: 'p-1', title: 'A', unitPriceMinor: 1_000, quantity: 1 },
        ],
        now: clock,
        expiresAt: clock + 900_000,
      })
    }
    const event = (order: Order): OrderEvent => orderEvent(order, crypto.randomUUID())

    it('archives an order with its lines and moves it forward with each newer event', async () => {
      const archive = make().archive
      const order = placed(key('o-fwd'), key('u-fwd'))
      const paid = transition(order, 'paid', clock + 10, { paymentId: 'pay-1' })
      await archive.applyOrderEvent(event(order))
      await archive.applyOrderEvent(event(paid))
      const stored = await archive.getOrder(order.id)
      expect(stored).toEqual({
        id: order.id,
        userId: order.userId,
        status: 'paid',
        currency: 'EUR',
        totalMinor: 1_500,
        version: 2,
        createdAt: order.createdAt,
        updatedAt: paid.updatedAt,
        expiresAt: order.expiresAt,
        email: null,
        refundedMinor: 0,
        lines: order.lines,
        contact: null,
        shippingAddress: null,
        billingAddress: null,
        totals: order.totals,
      })
      expect((await archive.getOrderEvents(order.id)).map((e) => [e.type, e.data.version])).toEqual(
        [
          ['order.placed', 1],
          ['order.paid', 2],
        ],
      )
      expect(await archive.getOrder(key('o-none'))).toBeNull()
    })

    it('keeps the contact, addresses and breakdown an order was placed with', async () => {
      const archive = make().archive
      const base = placed(key('o-addr'), key('u-addr'))
      const address = {
        name: 'Zoë Müller 😀',
        line1: 'Unter den Linden 1',
        city: 'Berlin',
        postalCode: '10117',
        country: 'DE',
      }
      const order = createOrder({
        id: base.id,
        userId: base.userId,
        currency: 'EUR',
        lines: base.lines.map(({ lineTotalMinor: _t, ...l }) => l),
        now: base.createdAt,
        expiresAt: base.expiresAt,
        totals: { ...base.totals, shipping: null },
        contact: { email: 'zoe@example.com', phone: '+4930123456' },
        shippingAddress: address,
        billingAddress: { ...address, name: 'Acme GmbH' },
      })
      await archive.applyOrderEvent(event(order))
      expect(await archive.getOrder(order.id)).toMatchObject({
        totalMinor: order.totalMinor,
        contact: order.contact,
        shippingAddress: address,
        billingAddress: order.billingAddress,
        totals: order.totals,
      })
      // Deleting the account takes the contact and addresses with it; the breakdown stays.
      await archive.anonymiseUser(order.userId, key('anon-addr'))
      expect(await archive.getOrder(order.id)).toMatchObject({
        userId: key('anon-addr'),
        contact: null,
        shippingAddress: null,
        billingAddress: null,
        totals: order.totals,
      })
      const [placedEvent] = await archive.getOrderEvents(order.id)
      expect(placedEvent?.data).toMatchObject({
        userId: key('anon-addr'),
        contact: null,
        shippingAddress: null,
        billingAddress: null,
      })
    })

    it('changes nothing on a redelivered event, and never lets an older version win', async () => {
      const archive = make().archive
      const order = placed(key('o-old'), key('u-old'))
      const placedEvent = event(order)
      const cancelled = event(transition(order, 'cancelled', clock + 10))
      const before = await archive.countOrders()
      await archive.applyOrderEvent(cancelled)
      await archive.applyOrderEvent(placedEvent)
      await archive.applyOrderEvent(placedEvent)
      await archive.applyOrderEvent(cancelled)
      expect(await archive.getOrder(order.id)).toMatchObject({ status: 'cancelled', version: 2 })
      expect(await archive.countOrders()).toBe(before + 1)
      const history = await archive.getOrderEvents(order.id)
      expect(history.map((e) => e.id)).toEqual([placedEvent.id, cancelled.id])
      expect(history[1]).toEqual(cancelled)
    })

    it('applies a batch of events at once: any order, two versions of one order, redelivered', async () => {
      const archive = make().archive
      const one = placed(key('o-batch1'), key('u-batch'))
      const two = placed(key('o-batch2'), key('u-batch'))
      const placedOne = event(one)
      const paidOne = event(transition(one, 'paid', clock + 10, { paymentId: 'pay-b' }))
      const placedTwo = event(two)
      const before = await archive.countOrders()
      await archive.applyOrderEvents([])
      // The newer version first: the older one after it in the same batch must not win.
      await archive.applyOrderEvents([paidOne, placedTwo, placedOne])
      expect(await archive.getOrder(one.id)).toMatchObject({ status: 'paid', version: 2 })
      expect(await archive.getOrder(two.id)).toMatchObject({
        status: 'pending_payment',
        version: 1,
        lines: two.lines,
      })
      expect(await archive.countOrders()).toBe(before + 2)
      await archive.applyOrderEvents([placedOne, placedTwo, paidOne])
      expect(await archive.countOrders()).toBe(before + 2)
      expect((await archive.getOrderEvents(one.id)).map((e) => e.id)).toEqual([
        placedOne.id,
        paidOne.id,
      ])
      expect(await archive.getOrder(one.id)).toMatchObject({ status: 'paid', version: 2 })
    })

    it('moves an archived order to the newest of several versions in one batch, in any order', async () => {
      const archive = make().archive
      const order = placed(key('o-moves'), key('u-moves'))
      const paid = transition(order, 'paid', clock + 10, { paymentId: 'pay-m' })
      const fulfilled = transition(paid, 'fulfilled', clock + 20)
      await archive.applyOrderEvent(event(order))
      // The newest first, then the one between: the batch must leave the newest.
      await archive.applyOrderEvents([event(fulfilled), event(paid)])
      expect(await archive.getOrder(order.id)).toMatchObject({ status: 'fulfilled', version: 3 })
      // An order first seen at a later version, beside an unrelated placed order.
      const late = placed(key('o-late'), key('u-moves'))
      const latePaid = transition(late, 'paid', clock + 30, { paymentId: 'pay-l' })
      const other = placed(key('o-other'), key('u-moves'))
      await archive.applyOrderEvents([event(latePaid), event(other)])
      await archive.applyOrderEvents([event(late)])
      expect(await archive.getOrder(late.id)).toMatchObject({
        status: 'paid',
        version: 2,
        lines: late.lines,
      })
      expect(await archive.getOrder(other.id)).toMatchObject({ status: 'pending_payment' })
      expect(await archive.getOrderEvents(late.id)).toHaveLength(2)
    })

    it('archives a full queue batch whole: more orders, lines and events than one statement binds', async () => {
      const archive = make().archive
      // 25 orders of two lines: a consumer batch's size, past D1's 100 bound values per statement
      // for every table written.
      const orders = Array.from({ length: 25 }, (_, i) =>
        placed(key(`o-full${i}`), key(`u-full${i % 3}`)),
      )
      const events = orders.map(event)
      const before = await archive.countOrders()
      await archive.applyOrderEvents(events)
      expect(await archive.countOrders()).toBe(before + 25)
      for (const [i, order] of orders.entries()) {
        expect(await archive.getOrder(order.id)).toMatchObject({
          id: order.id,
          userId: order.userId,
          version: 1,
          totalMinor: order.totalMinor,
          lines: order.lines,
        })
        expect((await archive.getOrderEvents(order.id)).map((e) => e.id)).toEqual([events[i]?.id])
      }
      expect(await archive.archivedVersions(orders.map((o) => o.id))).toEqual(
        new Map(orders.map((o) => [o.id, 1])),
      )
    })

    it("lists a shopper's orders newest first, page by page, and nobody else's", async () => {
      const archive = make().archive
      const user = key('u-list')
      const ids = ['o-l1', 'o-l2', 'o-l3', 'o-l4', 'o-l5'].map(key)
      for (const id of ids) await archive.applyOrderEvent(event(placed(id, user)))
      await archive.applyOrderEvent(event(placed(key('o-other'), key('u-other'))))
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const page = await archive.listOrdersByUser(user, 2, cursor)
        expect(page.items.length).toBeLessThanOrEqual(2)
        for (const o of page.items) expect(o.lines).toHaveLength(2)
        seen.push(...page.items.map((o) => o.id))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      expect(seen).toEqual([...ids].reverse())
      await expect(archive.listOrdersByUser(user, 2, 'not a cursor')).rejects.toMatchObject({
        code: 'validation_failed',
      })
      expect(await archive.listOrdersByUser(key('u-nobody'), 10)).toEqual({
        items: [],
        nextCursor: null,
      })
    })

    it('lists every shopper’s orders of one status newest first, page by page', async () => {
      const archive = make().archive
      const ids = ['o-s1', 'o-s2', 'o-s3'].map(key)
      for (const [i, id] of ids.entries()) {
        const order = placed(id, key(`u-s${i}`))
        const paid = transition(order, 'paid', clock + 1, { paymentId: `pay-${i}` })
        await archive.applyOrderEvent(event(order))
        await archive.applyOrderEvent(event(transition(paid, 'refunded', clock + 2)))
      }
      await archive.applyOrderEvent(event(placed(key('o-s-open'), key('u-s9'))))
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const page = await archive.listOrders({ limit: 2, status: 'refunded', cursor })
        expect(page.items.every((o) => o.status === 'refunded')).toBe(true)
        seen.push(...page.items.map((o) => o.id))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      expect(seen.filter((id) => ids.includes(id))).toEqual([...ids].reverse())
      const all = await archive.listOrders({ limit: 50 })
      expect(all.items.map((o) => o.id)).toContain(key('o-s-open'))
    })

    it('searches orders by contact email, account email or id start, and sums customers’ spend less refunds', async () => {
      const db = make()
      const archive = db.archive
      const userId = key('u-find')
      const email = `${userId}@find.example`
      const now = Date.now()
      await db.users.create({
        id: userId,
        email,
        name: null,
        role: 'shopper',
        passwordHash: 'x',
        passwordSalt: 'eA==',
        createdAt: now,
        updatedAt: now,
        sessionVersion: 0,
      })
      // Another part of checkout stores the contact on the order; the archive keeps its email.
      const guest = {
        ...placed(key('o-find-g'), key('u-find-g')),
        contact: { email: `G_${userId}@x.example` },
      }
      const mine = placed(crypto.randomUUID().replaceAll('-', ''), userId)
      const paid = transition(mine, 'paid', clock + 1, { paymentId: 'pay-f' })
      const partly = { ...paid, version: 3, refundedMinor: 400 }
      for (const e of [event(guest as Order), event(mine), event(paid), event(partly)])
        await archive.applyOrderEvent(e)
      const ids = async (q: string, status?: Order['status']) =>
        (await archive.listOrders({ limit: 50, q, ...(status ? { status } : {}) })).items.map(
          (o) => [o.id, o.email],
        )
      expect(await ids(`g_${userId}`)).toEqual([[guest.id, `g_${userId}@x.example`]])
      expect(await ids(email)).toEqual([[mine.id, email]])
      expect(await ids(email, 'cancelled')).toEqual([])
      expect(await ids('%')).not.toContainEqual([mine.id, email])
      expect(await ids(mine.id.slice(0, 10).toUpperCase())).toEqual([[mine.id, email]])
      const customers = await archive.listCustomers({ limit: 10, q: userId })
      expect(customers).toEqual({
        items: [
          {
            userId,
            email,
            createdAt: now,
            orders: 1,
            spentMinor: 1_100,
            refundedMinor: 400,
            lastOrderAt: mine.createdAt,
          },
        ],
        nextCursor: null,
      })
      expect(await archive.getCustomer(userId)).toEqual(customers.items[0])
      expect(await archive.getCustomer(key('u-nobody'))).toBeNull()
      await expect(archive.listCustomers({ limit: 1, cursor: 'bad cursor' })).rejects.toMatchObject(
        {
          code: 'validation_failed',
        },
      )
      // Account deletion forgets the contact email with the user id.
      expect(await archive.anonymiseUser(guest.userId, key('anon-g'))).toBe(1)
      expect(await archive.getOrder(guest.id)).toMatchObject({ userId: key('anon-g'), email: null })
      expect(await ids(`g_${userId}`)).toEqual([])
    })

    it('anonymises one user’s orders and their events, and nobody else’s', async () => {
      const archive = make().archive
      const [leaving, staying] = [key('u-gone'), key('u-stay')]
      const a = placed(key('o-gone-1'), leaving)
      const b = placed(key('o-gone-2'), leaving)
      const c = placed(key('o-stay'), staying)
      for (const o of [a, b, c]) await archive.applyOrderEvent(event(o))
      await archive.applyOrderEvent(event(transition(a, 'paid', clock + 10, { paymentId: 'p' })))
      // The pseudonym as account deletion makes it: it must fit the user id column.
      const pseudonym = newPseudonym()
      expect(await archive.anonymiseUser(leaving, pseudonym)).toBe(2)
      expect((await archive.listOrdersByUser(leaving, 10)).items).toEqual([])
      const kept = await archive.listOrdersByUser(pseudonym, 10)
      expect(kept.items.map((o) => [o.id, o.totalMinor]).sort()).toEqual(
        [
          [a.id, 1_500],
          [b.id, 1_500],
        ].sort(),
      )
      for (const id of [a.id, b.id])
        for (const e of await archive.getOrderEvents(id)) expect(e.data.userId).toBe(pseudonym)
      expect((await archive.getOrder(c.id))?.userId).toBe(staying)
      expect(await archive.anonymiseUser(leaving, pseudonym)).toBe(0)
      // A late event that still names the old owner updates the order, never its owner.
      const paidB = transition(b, 'paid', clock + 20, { paymentId: 'p-b' })
      await archive.applyOrderEvent(event(paidB))
      expect(await archive.getOrder(b.id)).toMatchObject({ status: 'paid', userId: pseudonym })
    })

    it('tells which orders it holds, and at which version', async () => {
      const archive = make().archive
      const order = placed(key('o-v1'), key('u-v'))
      await archive.applyOrderEvent(event(order))
      await archive.applyOrderEvent(event(transition(order, 'cancelled', clock + 1)))
      const versions = await archive.archivedVersions([key('o-v1'), key('o-v-none')])
      expect([...versions]).toEqual([[key('o-v1'), 2]])
      expect(await archive.archivedVersions([])).toEqual(new Map())
    })

    it('stores order ids that are Durable Object ids (64 hex digits)', async () => {
      const archive = make().archive
      const id = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) =>
        b.toString(16).padStart(2, '0'),
      ).join('')
      await archive.applyOrderEvent(event(placed(id, key('u-do'))))
      expect(await archive.getOrder(id)).toMatchObject({ id, version: 1 })
    })
  })
}

/** @module What a fault scenario does as shoppers, admins and operators: the HTTP contract. */
import { randomUUID } from 'node:crypto'
import { sign } from 'hono/jwt'
import { expect } from 'vitest'
import { readConfig, SECRETS } from '#bench/serve'
import { signPayload } from '#domain/payments/signature'

/** A received answer: status, parsed JSON body (or the text) and the raw text; status 0 = none. */
export interface Answer {
  status: number
  body: unknown
  text: string
}

/** One request to the api; a connection error is status 0, so a scenario can count and retry it. */
export async function call(
  url: string,
  path: string,
  init: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers }
  if (init.json !== undefined) headers['content-type'] = 'application/json'
  if (init.token) headers.authorization = `Bearer ${init.token}`
  try {
    const res = await fetch(`${url}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.json === undefined ? undefined : JSON.stringify(init.json),
    })
    const text = await res.text()
    let body: unknown = text
    try {
      body = JSON.parse(text)
    } catch {
      // Not JSON: the text is the body.
    }
    return { status: res.status, body, text }
  } catch (err) {
    return { status: 0, body: undefined, text: String(err) }
  }
}

/** An admin call with the ADMIN_API_KEY bearer that must succeed (2xx); its body. */
export async function admin<T>(url: string, path: string, json?: unknown): Promise<T> {
  const res = await call(url, path, { method: 'POST', token: SECRETS.ADMIN_API_KEY, json })
  if (res.status < 200 || res.status >= 300)
    throw new Error(`${path} answered ${res.status}: ${res.text.slice(0, 300)}`)
  return res.body as T
}

/** An ops GET with the ADMIN_API_KEY bearer. */
export function opsGet(url: string, path: string): Promise<Answer> {
  return call(url, path, { token: SECRETS.ADMIN_API_KEY })
}

/** Creates an active product with `variants` SKUs priced 1,000 each and `units` of each in stock. */
export async function stockedProduct(url: string, variants: number, units: number) {
  const tag = randomUUID().slice(0, 8).toUpperCase()
  const skus = Array.from({ length: variants }, (_, i) => `FLT-${tag}-${i}`)
  const title = `Fault item ${tag}`
  const { id } = await admin<{ id: string }>(url, '/v1/admin/products', {
    title,
    category: 'faults',
    brand: 'Acme',
    status: 'active',
    variants: skus.map((sku) => ({ sku, priceMinor: 1_000 })),
  })
  for (const sku of skus)
    await admin(url, `/v1/admin/inventory/${sku}/adjust`, { receive: units, reason: 'delivery' })
  return { id, title, skus }
}

/** A shopper (no sign-up: a token signed the way sign-in signs them, with the suite's secret). */
export async function shopper(): Promise<{ id: string; token: string }> {
  const id = randomUUID()
  const { JWT_ISSUER, JWT_AUDIENCE } = readConfig('wrangler.toml').vars
  const iat = Math.floor(Date.now() / 1000)
  // The claims of workers/api/src/middleware/auth.ts; an hour covers any scenario.
  const claims = {
    iss: JWT_ISSUER,
    aud: JWT_AUDIENCE,
    sub: id,
    role: 'shopper',
    iat,
    exp: iat + 3_600,
  }
  return { id, token: await sign(claims, SECRETS.JWT_SECRET, 'HS256') }
}

/** A checkout as a client makes it: its key, body and token, kept so it can be sent again. */
export interface Checkout {
  key: string
  token: string
  body: { items: { sku: string; quantity: number }[] }
}

export async function checkoutOf(sku: string, quantity = 1): Promise<Checkout> {
  return {
    key: `fault-${randomUUID()}`,
    token: (await shopper()).token,
    body: { items: [{ sku, quantity }] },
  }
}

/** POST /v1/orders with the checkout's Idempotency-Key. */
export function placeOrder(url: string, checkout: Checkout): Promise<Answer> {
  return call(url, '/v1/orders', {
    method: 'POST',
    token: checkout.token,
    json: checkout.body,
    headers: { 'idempotency-key': checkout.key },
  })
}

/** The id of an order from a 201 answer. */
export function orderId(answer: Answer): string {
  return (answer.body as { id: string }).id
}

/** Runs `tasks` with at most `width` of them at once; their results in order. */
export async function inPool<T>(width: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length)
  let next = 0
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await (tasks[i] as () => Promise<T>)()
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker))
  return results
}

/** Pays a placed order through the signed payment webhook; the webhook's answer. */
export async function pay(
  url: string,
  order: { id: string; totalMinor: number; currency: string },
) {
  const body = JSON.stringify({
    type: 'payment.succeeded',
    paymentId: `pay-${order.id.slice(0, 16)}`,
    orderId: order.id,
    amountMinor: order.totalMinor,
    currency: order.currency,
  })
  const at = Math.floor(Date.now() / 1000)
  const signature = await signPayload(SECRETS.PAYMENT_WEBHOOK_SECRET, at, body)
  try {
    const res = await fetch(`${url}/v1/webhooks/payments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signature },
      body,
    })
    return { status: res.status, text: await res.text() }
  } catch (err) {
    return { status: 0, text: String(err) }
  }
}

/** The error envelope of docs/architecture.md with this status and code. */
export function expectEnvelope(answer: Answer, status: number, code: string) {
  expect([answer.status, answer.text.slice(0, 300)]).toEqual([status, expect.any(String)])
  expect(answer.body).toMatchObject({
    error: { code, message: expect.any(String), requestId: expect.any(String) },
  })
}

/** @module What a fault scenario does as shoppers, admins and operators: the HTTP contract. */
import { randomUUID } from 'node:crypto'
import { expect } from 'vitest'
import { SECRETS } from '#bench/serve'
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

/**
 * A registered shopper and their token. Registered through the API, not minted: the API refuses
 * tokens whose user it does not hold. Create shoppers while the database answers.
 */
export async function shopper(url: string): Promise<{ id: string; token: string }> {
  const register = () =>
    call(url, '/v1/auth/register', {
      method: 'POST',
      // A fresh address each attempt: an attempt answered 503 may still have stored its user.
      json: { email: `fault-${randomUUID()}@example.test`, password: 'fault shopper password' },
      // Each shopper signs up from an address of their own, as real ones do: the sign-up limit
      // (20 a minute per IP) would otherwise stop a crowd of them coming from this one machine.
      headers: {
        'CF-Connecting-IP': `10.${[0, 0, 0].map(() => Math.floor(Math.random() * 250) + 1).join('.')}`,
      },
    })
  let res = await register()
  // Sixty sign-ups at once on a loaded machine have had the local D1 refuse one with a retryable
  // 503 (upstream_unavailable); a client retries that, and the scenarios test what comes after.
  for (let attempt = 1; res.status === 503 && attempt <= 3; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 250 * attempt))
    res = await register()
  }
  if (res.status !== 201) throw new Error(`register answered ${res.status}: ${res.text}`)
  const { user, token } = res.body as { user: { id: string }; token: string }
  return { id: user.id, token }
}

/** A checkout as a client makes it: its key, body and token, kept so it can be sent again. */
export interface Checkout {
  key: string
  token: string
  body: { items: { sku: string; quantity: number }[] }
}

export async function checkoutOf(url: string, sku: string, quantity = 1): Promise<Checkout> {
  return {
    key: `fault-${randomUUID()}`,
    token: (await shopper(url)).token,
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

/** @module Prepares a served platform: the generated catalog through the admin API, and shoppers. */
import { generated, type ProductBody } from '#dev/seed/sources'
import { SECRETS } from './serve'

/** What the scenarios need from the seeded shop. */
export interface Seeded {
  productIds: string[]
  skus: string[]
  tokens: string[]
}

const BATCH = 50

/** Imports `products` generated products in batches, rebuilds search, registers `shoppers`. */
export async function seed(url: string, products: number, shoppers: number): Promise<Seeded> {
  const productIds: string[] = []
  const skus: string[] = []
  let batch: ProductBody[] = []
  const flush = async () => {
    const { results } = (await admin(url, '/v1/admin/products/batch', { products: batch })) as {
      results: { id?: string; error?: { code: string } }[]
    }
    results.forEach((r, i) => {
      if (!r.id) throw new Error(`seeding failed: ${JSON.stringify(r.error)}`)
      productIds.push(r.id)
      for (const v of batch[i]?.variants ?? []) skus.push(v.sku)
    })
    batch = []
  }
  for await (const product of generated(products)) {
    batch.push(product)
    if (batch.length === BATCH) await flush()
  }
  if (batch.length) await flush()
  await admin(url, '/v1/admin/search/reindex', undefined)
  const tokens: string[] = new Array(shoppers)
  let next = 0
  // Sign-up hashes a password (PBKDF2, 100 000 rounds): a few at a time keep both cores busy.
  const register = async () => {
    for (let n = next++; n < shoppers; n = next++) tokens[n] = await signUp(url, n)
  }
  await Promise.all(Array.from({ length: 8 }, register))
  return { productIds, skus, tokens }
}

/** Registers shopper `n`; their token. */
async function signUp(url: string, n: number): Promise<string> {
  const res = await fetch(`${url}/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `shopper-${n}-${Date.now()}@bench.test`,
      password: 'bench-password-1',
      name: `Shopper ${n}`,
    }),
  })
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`register answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as { token: string }).token
}

/** An admin call with the ADMIN_API_KEY bearer; returns the status and parsed body. */
export async function adminCall(url: string, path: string, body: unknown, method = 'POST') {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${SECRETS.ADMIN_API_KEY}`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined }
}

async function admin(url: string, path: string, body: unknown) {
  const { status, body: parsed } = await adminCall(url, path, body)
  if (status < 200 || status >= 300)
    throw new Error(`${path} answered ${status}: ${JSON.stringify(parsed)}`)
  return parsed
}

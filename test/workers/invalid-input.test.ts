/**
 * @module Every operation of the OpenAPI document, called with bad input by a caller the access
 * table lets through: malformed JSON and unknown fields in bodies, non-numbers in numeric query
 * parameters, required query parameters left out, path parameters that break their pattern
 * (400), malformed order ids (404); always with the error envelope.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { ACCESS } from '#api/access'
import { ADMIN_KEY, call, signUp } from './accounts'

interface Parameter {
  name: string
  in: 'path' | 'query' | 'header'
  required?: boolean
  schema?: { type?: string; pattern?: string; maxLength?: number }
}
interface Operation {
  parameters?: Parameter[]
  requestBody?: { content: Record<string, unknown> }
}
type Document = { paths: Record<string, Record<string, Operation>> }

// The payment webhook authenticates the raw body's HMAC before it parses anything, so bad input
// without a valid signature is a 401 there (test/workers/checkout-payments.test.ts covers it).
const CHECKS_SIGNATURE_FIRST = new Set(['POST /v1/webhooks/payments'])

let doc: Document
let shopper: string

beforeAll(async () => {
  doc = (await (await call('/v1/openapi.json')).json()) as Document
  shopper = (await signUp('shopper')).token
}, 30_000)

function operations() {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  )
}

/** A token the access table accepts for this route. */
function tokenFor(method: string, path: string): string | undefined {
  const access = ACCESS[`${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`]
  if (access === undefined || access === 'anyone') return undefined
  return access === 'user' || access === 'shopper' ? shopper : ADMIN_KEY
}

/** The bad requests this operation must refuse, each with a label. */
function badRequests(path: string, op: Operation) {
  const concrete = path.replace(/\{\w+\}/g, 'x1')
  const cases: { label: string; path: string; body?: string; statuses?: number[] }[] = []
  if (op.requestBody?.content['application/json']) {
    cases.push({ label: 'malformed JSON', path: concrete, body: '{"a":' })
    cases.push({
      label: 'an unknown field',
      path: concrete,
      body: JSON.stringify({ __unknown_field__: 1 }),
    })
  }
  if ((op.parameters ?? []).some((p) => p.in === 'query' && p.required)) {
    cases.push({ label: 'no query parameters, some required', path: concrete })
  }
  for (const p of op.parameters ?? []) {
    if (p.in === 'query' && (p.schema?.type === 'integer' || p.schema?.type === 'number')) {
      cases.push({ label: `a non-number ${p.name}`, path: `${concrete}?${p.name}=not-a-number` })
    }
    // Without a pattern (order ids; uuids have a format instead): a malformed order id is just an
    // id nobody owns, so 404 like another shopper's order, which must not be told apart; a
    // malformed uuid is 400.
    if (p.in === 'path' && !p.schema?.pattern) {
      cases.push({
        label: `a malformed ${p.name}`,
        path: path
          .replace(`{${p.name}}`, encodeURIComponent('bad value!'))
          .replace(/\{\w+\}/g, 'x1'),
        statuses: [400, 404],
      })
    }
    if (p.in === 'path' && p.schema?.pattern) {
      cases.push({
        label: `a malformed ${p.name}`,
        path: path
          .replace(`{${p.name}}`, encodeURIComponent('bad value!'))
          .replace(/\{\w+\}/g, 'x1'),
      })
    }
  }
  // Only optional text parameters (the priced cart's): one longer than its schema allows.
  const long = (op.parameters ?? []).find(
    (p) => p.in === 'query' && p.schema?.type === 'string' && p.schema.maxLength !== undefined,
  )
  if (cases.length === 0 && long?.schema?.maxLength !== undefined)
    cases.push({
      label: `a ${long.name} over ${long.schema.maxLength} characters`,
      path: `${concrete}?${long.name}=${'x'.repeat(long.schema.maxLength + 1)}`,
    })
  return cases
}

describe('invalid input on every route', () => {
  it('refuses bad bodies and parameters with 400 and the envelope', async () => {
    const failures: string[] = []
    let checked = 0
    for (const { method, path, op } of operations()) {
      const key = `${method} ${path}`
      if (CHECKS_SIGNATURE_FIRST.has(key.replace(/\{(\w+)\}/g, ':$1'))) continue
      const cases = badRequests(path, op)
      // An operation with nothing to refuse must truly take no input.
      if (
        cases.length === 0 &&
        (op.requestBody || (op.parameters ?? []).some((p) => p.in !== 'header'))
      ) {
        failures.push(`${key}: takes input but no bad case was derived for it`)
      }
      for (const bad of cases) {
        checked++
        const token = tokenFor(method, path)
        const res = await call(bad.path, {
          method,
          headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
          ...(bad.body === undefined ? {} : { body: bad.body }),
          ...(token ? { token } : {}),
        })
        const json = (await res.json().catch(() => null)) as {
          error?: { code?: string; requestId?: string }
        } | null
        if (
          !(bad.statuses ?? [400]).includes(res.status) ||
          !json?.error?.code ||
          !json.error.requestId
        ) {
          failures.push(`${key} with ${bad.label}: ${res.status} ${JSON.stringify(json)}`)
        }
      }
    }
    expect(failures).toEqual([])
    expect(checked).toBeGreaterThan(40)
  }, 120_000)
})

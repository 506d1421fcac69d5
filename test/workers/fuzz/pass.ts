/**
 * @module The fuzz pass: requests generated from the OpenAPI document the app serves, over every
 * route (path parameters, query, headers, bodies valid and not), as an anonymous caller, a
 * shopper and an admin. No answer may be a 5xx, and no 4xx may change anything (state digest).
 * The operations are dealt round-robin to `SHARDS` test files (openapi-fuzz-N.test.ts), each with
 * storage of its own, so they run side by side and each digest reads a smaller store.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ADMIN_KEY, call, storedUser } from '../accounts'
import { productWith, receive } from '../checkout-helpers'
import { type Schema, schemaArbitraries } from './arbitraries'
import { changedParts, stateDigest } from './state-digest'

type Parameter = {
  name: string
  in: 'path' | 'query' | 'header'
  schema?: Schema
  required?: boolean
}
type Operation = {
  parameters?: Parameter[]
  requestBody?: { content?: Record<string, { schema?: Schema }> }
}
type Document = {
  paths: Record<string, Record<string, Operation>>
  components?: { schemas?: Record<string, Schema> }
}

const RUNS_PER_ROUTE = 30
/** The test files the operations are dealt to. */
export const SHARDS = 4

/** The pass over this shard's operations: those at positions `shard`, `shard + SHARDS`, … */
export function fuzzPass(shard: number) {
  const counts = { requests: 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, checked4xx: 0 }

  describe(`OpenAPI fuzz pass, shard ${shard + 1} of ${SHARDS}`, async () => {
    const doc = (await (await call('/v1/openapi.json')).json()) as Document
    const all = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    )
    const operations = all.filter((_, i) => i % SHARDS === shard)

    it('the document lists every route, and this shard takes its share', () => {
      expect(all.length).toBeGreaterThan(40)
      expect(operations.length).toBe(Math.ceil((all.length - shard) / SHARDS))
    })

    for (const { path, method, op } of operations) {
      it(`${method} ${path}: no 5xx, and nothing written on a 4xx`, async () => {
        const [sku] = (await productWith([1_250])) as [string]
        await receive(sku, 3)
        const { arb, text } = schemaArbitraries(doc.components?.schemas ?? {}, {
          strings: [sku, sku.toLowerCase(), 'x', crypto.randomUUID(), 'f'.repeat(64)],
        })
        const params = op.parameters ?? []
        const bodySchema = op.requestBody?.content?.['application/json']?.schema
        const request = fc.record({
          caller: fc.constantFrom('anonymous', 'shopper', 'admin'),
          path: fc.tuple(
            ...params
              .filter((p) => p.in === 'path')
              .map((p) =>
                fc.oneof(text, arb(p.schema).map(String)).map((v) => [p.name, v] as const),
              ),
          ),
          query: fc.array(
            fc.oneof(
              ...params
                .filter((p) => p.in === 'query')
                .map((p) => arb(p.schema).map((v) => [p.name, String(v)] as const)),
              fc.tuple(fc.constantFrom('unknown', 'limit', 'page'), text),
            ),
            { maxLength: 4 },
          ),
          // Header values a client can send: visible ASCII, empty and oversized included.
          idempotencyKey: fc.option(fc.stringMatching(/^[\x21-\x7e]{0,300}$/), { freq: 3 }),
          body: bodySchema
            ? fc.oneof(
                { weight: 8, arbitrary: arb(bodySchema).map((v) => JSON.stringify(v)) },
                { weight: 1, arbitrary: fc.constantFrom('{"a":', '[', 'null', '"x"', '{}{}') },
                { weight: 1, arbitrary: fc.constant(undefined) },
              )
            : fc.option(fc.constant('{"unexpected":true}'), { freq: 5, nil: undefined }),
          contentType: fc.constantFrom(
            'application/json',
            'application/json',
            'application/json',
            'text/plain',
            undefined,
          ),
        })

        await fc.assert(
          fc.asyncProperty(request, async (r) => {
            const token =
              r.caller === 'admin'
                ? ADMIN_KEY
                : r.caller === 'shopper'
                  ? (await storedUser()).token
                  : undefined
            let url = path
            for (const [name, value] of r.path)
              url = url.replace(`{${name}}`, encodeURIComponent(value) || '%20')
            const query = new URLSearchParams(r.query.map(([k, v]) => [k, v]))
            if (query.size > 0) url += `?${query}`
            const headers: Record<string, string> = {}
            if (r.contentType && r.body !== undefined && method !== 'GET')
              headers['content-type'] = r.contentType
            if (r.idempotencyKey !== null) headers['idempotency-key'] = r.idempotencyKey
            const before = await stateDigest()
            const res = await call(url, {
              method,
              headers,
              ...(token ? { token } : {}),
              ...(r.body !== undefined && method !== 'GET' ? { body: r.body } : {}),
            })
            const answer = await res.text()
            counts.requests++
            const family = `${Math.floor(res.status / 100)}xx` as '2xx' | '3xx' | '4xx' | '5xx'
            counts[family]++
            expect(res.status, `${method} ${url} ${r.body ?? ''} → ${answer}`).toBeLessThan(500)
            if (res.status >= 400) {
              const changed = changedParts(before, await stateDigest())
              expect(changed, `${method} ${url} ${r.body ?? ''} → ${res.status} ${answer}`).toEqual(
                [],
              )
              counts.checked4xx++
            }
          }),
          { numRuns: RUNS_PER_ROUTE },
        )
      }, 120_000)
    }

    it('reports its counts', () => {
      console.log(
        `openapi fuzz, shard ${shard + 1} of ${SHARDS}: ${operations.length} of ${all.length} operations, ${JSON.stringify(counts)}`,
      )
      expect(counts['5xx']).toBe(0)
      expect(counts.requests).toBe(operations.length * RUNS_PER_ROUTE)
    })
  })
}

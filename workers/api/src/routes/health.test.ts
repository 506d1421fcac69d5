/** @module Tests of GET /v1/health against the real embedded adapters in workerd. */
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import worker from '../index'

async function getHealth(bindings: Record<string, unknown>) {
  const ctx = createExecutionContext()
  const res = await worker.fetch(
    new Request('http://api.test/v1/health'),
    { ...env, ...bindings } as Env,
    ctx,
  )
  await waitOnExecutionContext(ctx)
  return {
    status: res.status,
    body: (await res.json()) as {
      status: string
      failing: string[]
      ports: { port: string; adapter: string; ok: boolean; error?: string }[]
    },
  }
}

describe('health', () => {
  it('names the embedded adapter of every port and answers 200 when all answer', async () => {
    const { status, body } = await getHealth({})
    expect(status).toBe(200)
    expect(body.failing).toEqual([])
    expect(Object.fromEntries(body.ports.map((p) => [p.port, p.adapter]))).toEqual({
      database: 'd1',
      search: 'durable-object-fts5',
      counters: 'durable-object',
      rateLimit: 'workers-ratelimit',
    })
    expect(body.ports.every((p) => p.ok)).toBe(true)
  })

  it('answers 503 naming the database when its adapter cannot reach PlanetScale', async () => {
    // Nothing listens on port 9 of loopback: the real client gets a refused connection.
    const { status, body } = await getHealth({ DATABASE_URL: 'http://user:pass@127.0.0.1:9' })
    expect(status).toBe(503)
    expect(body.status).toBe('failing')
    expect(body.failing).toEqual(['database'])
    const database = body.ports.find((p) => p.port === 'database')
    expect(database).toMatchObject({ adapter: 'planetscale', ok: false })
    expect(database?.error).toBeTruthy()
  })

  it('answers 503 naming search and counters when Meilisearch and Upstash are unreachable', async () => {
    const { status, body } = await getHealth({
      MEILISEARCH_HOST: 'http://127.0.0.1:9',
      MEILISEARCH_API_KEY: 'key',
      UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:9',
      UPSTASH_REDIS_REST_TOKEN: 'token',
    })
    expect(status).toBe(503)
    expect(body.failing.sort()).toEqual(['counters', 'rateLimit', 'search'])
  })

  it('answers 503 naming the database when D1 is not migrated', async () => {
    await env.DB.exec('DROP TABLE orders')
    const { status, body } = await getHealth({})
    expect(status).toBe(503)
    expect(body.failing).toEqual(['database'])
  })
})

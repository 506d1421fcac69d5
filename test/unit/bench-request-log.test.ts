/**
 * @module The bench's reading of the api's request log: the sales report each checkout's time
 * inside the Worker from it, so it must keep exactly the watched route's durations, however
 * stdout is cut into chunks, and nothing while no route is watched.
 */
import { describe, expect, it } from 'vitest'
import { percentiles } from '#bench/scenarios/flash-sale'
import { RequestLog } from '#bench/serve'

const line = (method: string, path: string, durationMs: number, status = 201) =>
  `${JSON.stringify({ level: 'info', msg: 'request', time: '2026-11-27T13:11:50.575Z', requestId: 'r', method, path, status, durationMs })}\n`

describe('RequestLog', () => {
  it("keeps the watched route's durations, across chunk boundaries", () => {
    const log = new RequestLog()
    const stop = log.watch('POST', '/v1/orders')
    const text = [
      line('POST', '/v1/orders', 12),
      line('GET', '/v1/orders', 3, 200),
      line('POST', '/v1/orders/abc/cancel', 40, 200),
      '{"level":"warn","msg":"outbox send failed","path":"/v1/orders"}\n',
      'plain console output\n',
      line('POST', '/v1/orders', 7, 409),
      line('POST', '/v1/orders', 30),
    ].join('')
    // Cut at every 17th character: lines arrive split as a pipe may split them.
    for (let i = 0; i < text.length; i += 17) log.read(text.slice(i, i + 17))
    expect(stop()).toEqual([12, 7, 30])
  })

  it('keeps nothing before a watch or after its stop', () => {
    const log = new RequestLog()
    log.read(line('POST', '/v1/orders', 5))
    const stop = log.watch('POST', '/v1/orders')
    log.read(line('POST', '/v1/orders', 6))
    expect(stop()).toEqual([6])
    log.read(line('POST', '/v1/orders', 8))
    expect(log.watch('POST', '/v1/orders')()).toEqual([])
  })
})

describe('percentiles', () => {
  it('gives nearest-rank p50 and p99', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i)
    expect(percentiles(hundred)).toEqual({ requests: 100, p50Ms: 50, p99Ms: 99 })
    expect(percentiles([4])).toEqual({ requests: 1, p50Ms: 4, p99Ms: 4 })
    expect(percentiles([])).toBeUndefined()
  })
})

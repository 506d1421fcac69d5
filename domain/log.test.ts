/** @module Unit tests of the structured logger: levels, context and error serialisation. */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppError, UpstreamError } from './errors'
import { createLogger, errorMessage, serializeError } from './log'

afterEach(() => vi.restoreAllMocks())

/** The JSON lines written to the console method `method` while `run` runs. */
function lines(method: 'log' | 'info' | 'warn' | 'error', run: () => void): unknown[] {
  const spy = vi.spyOn(console, method).mockImplementation(() => {})
  run()
  return spy.mock.calls.map(([line]) => JSON.parse(String(line)))
}

describe('createLogger', () => {
  it('writes entries at or above its level only, as one JSON line each', () => {
    const log = createLogger('warn')
    expect(lines('info', () => log.info('quiet'))).toEqual([])
    expect(lines('warn', () => log.warn('loud', { n: 1 }))).toEqual([
      expect.objectContaining({ level: 'warn', msg: 'loud', n: 1, time: expect.any(String) }),
    ])
    expect(lines('error', () => createLogger('silent').error('never'))).toEqual([])
  })

  it('adds its context (an object or request id) to every entry, and defaults to info', () => {
    const log = createLogger(undefined, { object: 'SKU-1' }).with({ requestId: 'r1' })
    expect(lines('log', () => log.debug('hidden'))).toEqual([])
    expect(lines('info', () => log.info('seen'))).toEqual([
      expect.objectContaining({ object: 'SKU-1', requestId: 'r1', msg: 'seen' }),
    ])
  })

  it('serialises an error field, keeping an AppError code and an Upstream cause', () => {
    const cause = new TypeError('socket closed')
    const err = new UpstreamError('d1', 'no answer', undefined, true, { cause })
    const [entry] = lines('warn', () => createLogger('debug').warn('failed', { error: err }))
    expect(entry).toMatchObject({
      error: {
        name: 'UpstreamError',
        message: 'no answer',
        code: 'upstream_unavailable',
        details: { service: 'd1', retryable: true },
        cause: { name: 'TypeError', message: 'socket closed' },
      },
    })
  })
})

describe('serializeError and errorMessage', () => {
  it('handle values that are not errors', () => {
    expect(serializeError('boom')).toEqual({ name: 'string', message: 'boom' })
    expect(errorMessage(42)).toBe('42')
    expect(errorMessage(new AppError('x', 'why'))).toBe('why')
  })
})

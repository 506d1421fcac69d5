/** @module The operations meter's read-out (GET) and reset (DELETE): 404 unless the bench enabled it. */
import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '#domain/errors'
import { meterEnabled, readMeter, resetMeter } from '#objects/shared/ops-meter'
import { errorResponse } from '../catalog/schemas'
import { createRouter } from '../router'

const description =
  'Exists only when the OPS_METER variable is "on", which only `npm run bench` sets; otherwise 404. Counts cover every object of this Worker since the last reset.'

const read = createRoute({
  method: 'get',
  path: '/ops/meter',
  summary: 'Operations counted since the last reset (bench only)',
  description,
  responses: {
    200: {
      description: 'Object calls, objects created, SQLite rows, alarm writes, KV, queue, DB',
      content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
    },
    404: errorResponse('The meter is off'),
  },
})

const reset = createRoute({
  method: 'delete',
  path: '/ops/meter',
  summary: 'Resets the operations meter to zero (bench only)',
  description,
  responses: {
    204: { description: 'Reset' },
    404: errorResponse('The meter is off'),
  },
})

/** Off, the route answers exactly as an unknown route does. */
function requireMeter(env: unknown, method: string, path: string) {
  if (!meterEnabled(env)) throw new AppError('not_found', `No route for ${method} ${path}`)
}

export const opsMeter = createRouter()
  .openapi(read, (c) => {
    requireMeter(c.env, c.req.method, c.req.path)
    c.header('Cache-Control', 'no-store')
    return c.json(readMeter() as unknown as Record<string, unknown>, 200)
  })
  .openapi(reset, (c) => {
    requireMeter(c.env, c.req.method, c.req.path)
    resetMeter()
    return c.body(null, 204)
  })

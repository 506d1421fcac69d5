/** @module The router factory every resource uses: zod validation failures become 400 envelopes. */
import { OpenAPIHono } from '@hono/zod-openapi'
import { AppError } from '#domain/errors'
import type { AppEnv } from './types'

/** A Hono sub-app whose request validators answer 400 `validation_failed` with zod's issues. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((i) => ({
          path: i.path.join('.'),
          message: i.message,
          code: i.code,
        }))
        throw new AppError('validation_failed', 'Request failed validation', issues)
      }
    },
  })
}

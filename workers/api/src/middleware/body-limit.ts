/** @module Refuses request bodies over MAX_BODY_BYTES with 413 before any handler reads them. */
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError } from '#domain/errors'
import type { AppEnv } from '../types'

/** Hono's bodyLimit, sized from configuration, failing with the envelope's `payload_too_large`. */
export const limitBody: MiddlewareHandler<AppEnv> = (c, next) => {
  const maxSize = Number(c.env.MAX_BODY_BYTES) || 65_536
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError('payload_too_large', `Request body is larger than ${maxSize} bytes`)
    },
  })(c, next)
}

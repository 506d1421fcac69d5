/** @module Refuses request bodies over MAX_BODY_BYTES with 413 before any handler reads them. */
import type { MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { AppError } from '#domain/errors'
import { MAX_IMAGE_BYTES } from '../catalog/product-images'
import type { AppEnv } from '../types'

/** The image upload route, whose bodies are images (the route checks their exact size). */
const IMAGE_UPLOAD = /^\/v1\/admin\/products\/[^/]+\/images\/?$/

/**
 * Hono's bodyLimit, sized from configuration, failing with the envelope's `payload_too_large`.
 * Image uploads get the image limit instead, with room for a multipart envelope around it.
 */
export const limitBody: MiddlewareHandler<AppEnv> = (c, next) => {
  const maxSize =
    c.req.method === 'POST' && IMAGE_UPLOAD.test(c.req.path)
      ? MAX_IMAGE_BYTES + 16_384
      : Number(c.env.MAX_BODY_BYTES) || 65_536
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError('payload_too_large', `Request body is larger than ${maxSize} bytes`)
    },
  })(c, next)
}

/**
 * @module GET /v1/images/:productId/:file: product image bytes from R2, through this location's
 * Cache API. A URL names its bytes (their SHA-256), so responses are cached for a year, immutable.
 */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { AppError } from '#domain/errors'
import { IMAGE_CACHE_CONTROL, parseImagePath, typeOfKey } from '../catalog/product-images'
import { errorResponse, ProductId } from '../catalog/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import type { AppEnv } from '../types'

const getImage = createRoute({
  method: 'get',
  path: '/images/{productId}/{file}',
  summary: 'The bytes of a product image (the `url` of a product image)',
  description:
    'Content-addressed (`<sha256>.<ext>`): cached by browsers and each location for a year as ' +
    'immutable. 304 for a matching If-None-Match.',
  request: {
    params: z.object({
      productId: ProductId.openapi({ param: { name: 'productId', in: 'path' } }),
      file: z
        .string()
        .max(80)
        .openapi({ param: { name: 'file', in: 'path' }, example: `${'0'.repeat(64)}.png` }),
    }),
  },
  responses: {
    200: {
      description: 'The image',
      content: {
        'image/jpeg': { schema: { type: 'string', format: 'binary' } },
        'image/png': { schema: { type: 'string', format: 'binary' } },
        'image/webp': { schema: { type: 'string', format: 'binary' } },
        'image/avif': { schema: { type: 'string', format: 'binary' } },
      },
    },
    304: { description: 'Unchanged (it never changes)' },
    404: errorResponse('No such image'),
  },
})

/** This location's cache key of an image: its path on one internal host, whatever the query. */
const edgeKey = (path: string) => new Request(`https://image-cache.internal${path}`)

/** Drops this location's cached copy of an image (after its product stopped listing it). */
export function purgeImage(_c: Context<AppEnv>, url: string): Promise<boolean> {
  return caches.default.delete(edgeKey(url))
}

export const images = createRouter().openapi(getImage, async (c) => {
  const { productId, file } = c.req.valid('param')
  const parsed = parseImagePath(productId, file)
  if (!parsed) throw new AppError('not_found', 'No such image')
  const path = `/v1/images/${parsed.key}`
  const warn = (msg: string, error: unknown) =>
    log(c.env, 'warn', msg, { requestId: c.get('requestId'), key: parsed.key, error })
  // A failing Cache API is a miss: the bytes come from R2 (invariant 7).
  const cached = await caches.default.match(edgeKey(path)).catch((error) => {
    warn('image cache read failed; reading R2', error)
    return undefined
  })
  if (cached) return answer(c, cached, 'edge')
  const object = await c.env.PRODUCT_IMAGES.get(parsed.key)
  if (!object) throw new AppError('not_found', 'No such image')
  const response = new Response(object.body, {
    headers: {
      'content-type': object.httpMetadata?.contentType ?? typeOfKey(parsed.key),
      'content-length': String(object.size),
      'cache-control': IMAGE_CACHE_CONTROL,
      etag: `"${file.slice(0, 64)}"`,
    },
  })
  c.executionCtx.waitUntil(
    caches.default
      .put(edgeKey(path), response.clone())
      .catch((error) => warn('image cache fill failed', error)),
  )
  return answer(c, response, 'r2')
})

function answer(c: Context<AppEnv>, response: Response, source: string) {
  const headers = new Headers(response.headers)
  headers.set('x-cache', source)
  // The bytes are never run or framed: a plain image wherever it is opened.
  headers.set('content-security-policy', "default-src 'none'; sandbox")
  headers.set('x-content-type-options', 'nosniff')
  const etag = headers.get('etag')
  if (
    etag &&
    c.req
      .header('if-none-match')
      ?.split(/\s*,\s*/)
      .includes(etag)
  ) {
    headers.delete('content-type')
    headers.delete('content-length')
    return new Response(null, { status: 304, headers }) as never
  }
  return new Response(response.body, { status: 200, headers }) as never
}

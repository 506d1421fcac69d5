/** @module Admin product images: upload (raw bytes or multipart), delete, order and alt texts. */
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { AppError } from '#domain/errors'
import {
  addImage,
  arrangeImages,
  type ImageDeps,
  MAX_ALT_LENGTH,
  MAX_IMAGE_BYTES,
  removeImage,
} from '../catalog/product-images'
import { errorResponse, ProductId, ProductSchema } from '../catalog/schemas'
import { createRouter } from '../router'
import type { AppEnv } from '../types'
import { writeDeps } from './admin-products'
import { purgeImage } from './images'

const ImageId = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the image, 64 hex digits')
  .openapi({ param: { name: 'imageId', in: 'path' } })

const product = (description: string) => ({
  description,
  content: { 'application/json': { schema: ProductSchema } },
})
// Plain OpenAPI schemas, not zod: the route reads and checks the body itself (its bytes decide).
const binary = { schema: { type: 'string' as const, format: 'binary' } }

const upload = createRoute({
  method: 'post',
  path: '/admin/products/{id}/images',
  summary: 'Add an image to a product (JPEG, PNG, WebP or AVIF, at most 5 MiB)',
  description:
    'The body is the image itself with its Content-Type (alt text in the `alt` query parameter), ' +
    'or multipart/form-data with a `file` part and an optional `alt` field. The bytes must be the ' +
    'declared type (read from their header, with the width and height). The same bytes again ' +
    'answer 200 with the product unchanged.',
  security: [{ bearer: [] }],
  request: {
    params: z.object({ id: ProductId }),
    query: z.strictObject({ alt: z.string().max(MAX_ALT_LENGTH).optional() }),
    body: {
      required: true,
      content: {
        'image/jpeg': binary,
        'image/png': binary,
        'image/webp': binary,
        'image/avif': binary,
        'multipart/form-data': {
          schema: {
            type: 'object' as const,
            required: ['file'],
            properties: { file: binary.schema, alt: { type: 'string' as const } },
          },
        },
      },
    },
  },
  responses: {
    201: product('Added; the image is last in the list'),
    200: product('These bytes were already an image of the product'),
    400: errorResponse('Empty body, no file part, or dimensions out of range'),
    404: errorResponse('No such product'),
    409: errorResponse('The product already has the most images it may have'),
    413: errorResponse('Larger than 5 MiB'),
    415: errorResponse('Not a JPEG, PNG, WebP or AVIF image, or not the declared type'),
  },
})

const remove = createRoute({
  method: 'delete',
  path: '/admin/products/{id}/images/{imageId}',
  summary: 'Remove an image from a product (and its bytes from the bucket)',
  security: [{ bearer: [] }],
  request: { params: z.object({ id: ProductId, imageId: ImageId }) },
  responses: {
    200: product('Removed'),
    400: errorResponse('Malformed id'),
    404: errorResponse('No such product or image'),
  },
})

const arrange = createRoute({
  method: 'patch',
  path: '/admin/products/{id}/images',
  summary: "Reorder a product's images and change their alt texts",
  security: [{ bearer: [] }],
  request: {
    params: z.object({ id: ProductId }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .strictObject({
              order: z.array(ImageId).max(50).optional().openapi({
                description: 'Every image id of the product once, first shown first',
              }),
              alt: z.record(ImageId, z.string().max(MAX_ALT_LENGTH)).optional(),
            })
            .refine((b) => b.order !== undefined || b.alt !== undefined, 'order or alt'),
        },
      },
    },
  },
  responses: {
    200: product('Rearranged'),
    400: errorResponse('Not every image once, or an unknown image'),
    404: errorResponse('No such product'),
  },
})

function imageDeps(c: Context<AppEnv>): ImageDeps {
  return { ...writeDeps(c), bucket: c.env.PRODUCT_IMAGES }
}

export const adminProductImages = createRouter()
  .openapi(upload, async (c) => {
    const { id } = c.req.valid('param')
    const upload = await readUpload(c, c.req.valid('query').alt ?? '')
    const { product, created } = await addImage(imageDeps(c), id, upload)
    return c.json(product, created ? 201 : 200)
  })
  .openapi(remove, async (c) => {
    const { id, imageId } = c.req.valid('param')
    return c.json(await removeImage(imageDeps(c), id, imageId, (url) => purgeImage(c, url)), 200)
  })
  .openapi(arrange, async (c) =>
    c.json(await arrangeImages(imageDeps(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )

// The upload as bytes, declared type and alt text, from a raw body or a multipart form.
async function readUpload(c: Context<AppEnv>, queryAlt: string) {
  const contentType = c.req.header('content-type') ?? ''
  if (/^multipart\/form-data/i.test(contentType)) {
    const form = await c.req.formData().catch(() => {
      throw new AppError('validation_failed', 'The multipart body could not be read')
    })
    const file = form.get('file')
    if (!(file instanceof File))
      throw new AppError('validation_failed', 'Send the image in a part named `file`')
    if (file.size > MAX_IMAGE_BYTES)
      throw new AppError('payload_too_large', `Images are at most ${MAX_IMAGE_BYTES} bytes`)
    const alt = form.get('alt')
    return {
      bytes: new Uint8Array(await file.arrayBuffer()),
      type: file.type,
      alt: typeof alt === 'string' ? alt.slice(0, MAX_ALT_LENGTH) : '',
    }
  }
  return {
    bytes: new Uint8Array(await c.req.arrayBuffer()),
    type: contentType,
    alt: queryAlt,
  }
}

/** @module OpenAPI schemas of catalog responses and parameters, shared by public and admin routes. */
import { z } from '@hono/zod-openapi'

export const ProductId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, underscore and hyphen, at most 64')
  .openapi({ param: { name: 'id', in: 'path' }, example: 'p000001' })

const VariantSchema = z.object({
  sku: z.string(),
  title: z.string(),
  priceMinor: z.number().int(),
  currency: z.string(),
  attributes: z.record(z.string(), z.string()),
  weightGrams: z.number().int().nullable().optional().describe('Shipping weight in grams'),
})

/** A product's handle as a path parameter. */
export const HandleParam = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters and digits joined by hyphens')
  .max(128)
  .openapi({ param: { name: 'handle', in: 'path' }, example: 'espresso-grinder' })

export const ProductImageSchema = z
  .object({
    id: z
      .string()
      .openapi({ description: 'SHA-256 of the bytes (the image is content-addressed)' }),
    url: z.string().openapi({ example: '/v1/images/p000001/9f86d0….png' }),
    contentType: z.enum(['image/jpeg', 'image/png', 'image/webp', 'image/avif']),
    width: z.number().int(),
    height: z.number().int(),
    alt: z.string(),
    bytes: z.number().int(),
  })
  .openapi('ProductImage')

export const ProductSchema = z
  .object({
    id: z.string(),
    handle: z.string().openapi({ description: 'Unique; the page is /products/<handle>' }),
    title: z.string(),
    description: z.string(),
    category: z.string(),
    brand: z.string(),
    status: z.enum(['draft', 'active', 'archived']),
    attributes: z.record(z.string(), z.string()),
    taxClass: z
      .enum(['standard', 'reduced', 'zero'])
      .optional()
      .describe('Absent on products written before tax classes: standard'),
    variants: z.array(VariantSchema),
    images: z.array(ProductImageSchema).openapi({ description: 'In display order' }),
    version: z.number().int(),
    createdAt: z.number().int(),
    updatedAt: z.number().int(),
  })
  .openapi('Product')

export const ProductListSchema = z
  .object({ items: z.array(ProductSchema), nextCursor: z.string().nullable() })
  .openapi('ProductList')

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string(),
    }),
  })
  .openapi('Error')

/** The JSON error response of a status, for `responses` of createRoute. */
export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
})

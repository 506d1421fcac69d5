/**
 * @module Store settings for admins: shipping zones with their methods and rates
 * (/v1/admin/shipping-zones) and the tax settings, tax mode included (/v1/admin/tax-rates).
 */
import { createRoute, z } from '@hono/zod-openapi'
import { ShippingZones } from '#domain/shipping/shipping'
import { TaxSettings } from '#domain/tax/rates'
import { errorResponse } from '../catalog/schemas'
import { log } from '../middleware/logger'
import { createRouter } from '../router'
import { jsonBody, jsonResponse, settingsOf } from '../settings/objects'

const ZonesBody = z.strictObject({ zones: ShippingZones }).openapi('ShippingZones')
const TaxBody = z.strictObject({ tax: TaxSettings.nullable() }).openapi('TaxSettingsDocument', {
  description: 'null until an admin sets them: no tax is collected',
})

const getZones = createRoute({
  method: 'get',
  path: '/admin/shipping-zones',
  summary: 'The shipping zones, their methods and rates',
  responses: { 200: jsonResponse('Every zone, in the order stored', ZonesBody) },
})

const putZones = createRoute({
  method: 'put',
  path: '/admin/shipping-zones',
  summary: 'Replace every shipping zone',
  description:
    'The set is checked whole: a country belongs to one zone at most and method ids are unique store-wide. Rates are in minor units of the store currency.',
  request: { body: jsonBody(ZonesBody) },
  responses: {
    200: jsonResponse('The zones as stored', ZonesBody),
    400: errorResponse('Invalid zones; nothing was written'),
  },
})

const getTax = createRoute({
  method: 'get',
  path: '/admin/tax-rates',
  summary: 'The tax settings: tax mode (prices include tax or not), shipping rule and rates',
  responses: { 200: jsonResponse('The tax settings, or null', TaxBody) },
})

const putTax = createRoute({
  method: 'put',
  path: '/admin/tax-rates',
  summary: 'Replace the tax settings, the tax mode (`pricesIncludeTax`) included',
  request: { body: jsonBody(z.strictObject({ tax: TaxSettings }).openapi('TaxSettingsInput')) },
  responses: {
    200: jsonResponse('The settings as stored', TaxBody),
    400: errorResponse('Invalid settings; nothing was written'),
  },
})

/** Admin-only (see access.ts). Reads come from the object itself, so an admin sees their writes. */
export const adminSettings = createRouter()
  .openapi(getZones, async (c) => {
    c.header('cache-control', 'private, no-store')
    return c.json({ zones: (await settingsOf(c).fresh()).shippingZones }, 200)
  })
  .openapi(putZones, async (c) => {
    const zones = await settingsOf(c).putShippingZones(c.req.valid('json').zones)
    log(c.env, 'info', 'shipping zones replaced', {
      requestId: c.get('requestId'),
      zones: zones.length,
    })
    return c.json({ zones }, 200)
  })
  .openapi(getTax, async (c) => {
    c.header('cache-control', 'private, no-store')
    return c.json({ tax: (await settingsOf(c).fresh()).tax }, 200)
  })
  .openapi(putTax, async (c) => {
    const tax = await settingsOf(c).putTax(c.req.valid('json').tax)
    log(c.env, 'info', 'tax settings replaced', {
      requestId: c.get('requestId'),
      rates: tax.rates.length,
      inclusive: tax.pricesIncludeTax,
    })
    return c.json({ tax }, 200)
  })

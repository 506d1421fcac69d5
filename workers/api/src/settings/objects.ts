/** @module The store-settings and discount-code adapters a request uses, built from its env. */
import type { Context } from 'hono'
import { DiscountCodes } from '#objects/discount-code/adapter'
import { StoreSettingsStore } from '#objects/store-settings/adapter'
import type { AppEnv } from '../types'

export const settingsOf = (c: Context<AppEnv>) =>
  new StoreSettingsStore(c.env.STORE_SETTINGS, c.env.CATALOG_KV)
export const discountCodesOf = (c: Context<AppEnv>) => new DiscountCodes(c.env.DISCOUNT_CODE)

/** The JSON request body of a route, required. */
export const jsonBody = <T>(schema: T) => ({
  content: { 'application/json': { schema } },
  required: true as const,
})

/** A 200 JSON response. */
export const jsonResponse = <T>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
})

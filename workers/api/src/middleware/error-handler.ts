/** @module The one error envelope: maps AppError codes to statuses and logs 5xx with context. */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { AppError, UpstreamError } from '#domain/errors'
import type { AppEnv } from '../types'
import { log } from './logger'
import { notFoundPage, PAGE_CSP, wantsPage } from './not-found-page'

/** HTTP status of each error code; codes not listed are 400. */
const STATUS: Record<string, ContentfulStatusCode> = {
  bad_request: 400,
  cart_empty: 400,
  idempotency_key_required: 400,
  malformed_json: 400,
  validation_failed: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_signature: 401,
  token_expired: 401,
  refresh_token_invalid: 401,
  csrf_refused: 403,
  guest_token_invalid: 403,
  guest_email_mismatch: 409,
  guest_already_claimed: 409,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  email_taken: 409,
  sku_taken: 409,
  handle_taken: 409,
  insufficient_stock: 409,
  discount_exhausted: 409,
  invalid_transition: 409,
  orders_in_progress: 409,
  placement_expired: 409,
  reservation_committed: 409,
  reservation_conflict: 409,
  reservation_not_active: 409,
  reservation_not_found: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  discount_not_found: 422,
  discount_not_started: 422,
  discount_expired: 422,
  discount_currency_mismatch: 422,
  discount_minimum_not_met: 422,
  discount_not_applicable: 422,
  discount_customer_limit: 422,
  shipping_method_unavailable: 422,
  payment_mismatch: 422,
  purchase_limit: 422,
  refund_exceeds_order: 422,
  sku_unavailable: 422,
  rate_limited: 429,
  internal_error: 500,
  upstream_unavailable: 503,
  search_unavailable: 503,
}

/** What a 5xx says, per code: fixed texts, whatever the cause (logged with the request id). */
const SERVER_MESSAGES: Record<string, string> = {
  upstream_unavailable: 'A service this request needs is unavailable; retry later',
  search_unavailable: 'Search is unavailable; catalog pages still work',
}

/** The JSON error envelope of the HTTP contract. */
export function errorBody(c: Context<AppEnv>, code: string, message: string, details?: unknown) {
  return {
    error: {
      code,
      message,
      ...(details === undefined ? {} : { details }),
      requestId: c.get('requestId'),
    },
  }
}

/** Turns any thrown value into the envelope; a 5xx hides its cause from the caller. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  if (err instanceof AppError) {
    const status = STATUS[err.code] ?? 400
    if (status >= 500) logFailure(c, err)
    const details = err instanceof UpstreamError || status >= 500 ? undefined : err.details
    // A 5xx never repeats its cause: an upstream's message can carry SQL or transport text.
    const message = status >= 500 ? (SERVER_MESSAGES[err.code] ?? 'Internal error') : err.message
    // Every 429 says when to come back, whoever counted (a binding, a shopper's object).
    const retryAfter = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds
    if (status === 429 && typeof retryAfter === 'number')
      c.header('Retry-After', String(retryAfter))
    return c.json(errorBody(c, err.code, message, details), status)
  }
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode
    if (status >= 500) logFailure(c, err)
    const code = err.message.startsWith('Malformed JSON') ? 'malformed_json' : codeOf(status)
    return c.json(errorBody(c, code, status >= 500 ? 'Internal error' : err.message), status)
  }
  logFailure(c, err)
  return c.json(errorBody(c, 'internal_error', 'Internal error'), 500)
}

/** Unknown paths answer with the envelope too, except a browser asking for a page gets one. */
export const notFound: NotFoundHandler<AppEnv> = async (c) => {
  if (c.req.method === 'GET' && wantsPage(c.req.path, c.req.header('accept'))) {
    c.header('Content-Security-Policy', PAGE_CSP)
    return c.html(await notFoundPage(c.req.path), 404)
  }
  return c.json(errorBody(c, 'not_found', `No route for ${c.req.method} ${c.req.path}`), 404)
}

function codeOf(status: number): string {
  return Object.entries(STATUS).find(([, s]) => s === status)?.[0] ?? 'bad_request'
}

function logFailure(c: Context<AppEnv>, err: unknown) {
  log(c.env, 'error', 'request failed', {
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    error: err,
  })
}

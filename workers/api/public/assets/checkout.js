/**
 * @module Checkout from the cart page: posts {fromCart: true} with an Idempotency-Key made once per
 * attempt and kept until the shop gives a final answer, so a retry after a lost answer or a
 * timeout finds the same order instead of placing a second one.
 */
import { ApiError, announce, api, explain } from './app.js'

const ATTEMPT = 'ec.checkout-attempt'

/** The key of the checkout attempt in progress, or a new one. */
function attemptKey() {
  let key = sessionStorage.getItem(ATTEMPT)
  if (!key) {
    key = `web-${crypto.randomUUID()}`
    sessionStorage.setItem(ATTEMPT, key)
  }
  return key
}

/** Places the order from the cart, then opens it; says what to do when that fails. */
export async function placeOrder(session, placeButton) {
  placeButton.disabled = true
  announce('Placing your order…')
  try {
    const order = await api('/v1/orders', {
      method: 'POST',
      token: session.token,
      headers: { 'Idempotency-Key': attemptKey() },
      body: { fromCart: true },
    })
    sessionStorage.removeItem(ATTEMPT)
    location.assign(`/order?id=${encodeURIComponent(order.id)}`)
  } catch (error) {
    placeButton.disabled = false
    if (!retryable(error)) sessionStorage.removeItem(ATTEMPT)
    announce(checkoutMessage(error), 'error')
  }
}

/**
 * Whether the same attempt may be sent again: nothing answered, the shop was busy or failing.
 * A definite refusal (stock, validation) ends the attempt: the key would only replay it.
 */
function retryable(error) {
  return (
    !(error instanceof ApiError) ||
    error.status === 0 ||
    error.status === 429 ||
    error.status >= 500
  )
}

function checkoutMessage(error) {
  if (error instanceof ApiError && error.code === 'insufficient_stock') {
    const short = (error.details ?? [])
      .map((s) => `${s.sku} (${s.available ?? 0} left, ${s.requested ?? '?'} wanted)`)
      .join(', ')
    return `Not enough stock${short ? `: ${short}` : ''}. Change the cart and try again.`
  }
  if (retryable(error))
    return `${explain(error)} Press “Place order” again: it will not order twice.`
  return `The order was not placed: ${explain(error)}`
}

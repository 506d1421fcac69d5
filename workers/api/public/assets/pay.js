/**
 * @module The test payment page: POST /v1/dev/payments/:id has the shop sign and apply the payment
 * provider's webhook for the caller's order. Local mode only; production answers 404.
 */
import {
  ApiError,
  announce,
  api,
  el,
  explain,
  money,
  renderAccountLink,
  requireShopper,
  show,
} from './app.js'

const id = new URLSearchParams(location.search).get('order') ?? ''
const session = requireShopper()

renderAccountLink()
if (session) load()

async function load() {
  try {
    const order = await api(`/v1/orders/${encodeURIComponent(id)}`, { token: session.token })
    if (order.status !== 'pending_payment') {
      announce('This order is not awaiting payment.')
      show(document.getElementById('payment'), el('a', { href: orderPage() }, 'Back to the order'))
      return
    }
    const button = el(
      'button',
      { type: 'button', id: 'pay', onclick: () => pay(button) },
      `Pay ${money(order.totalMinor, order.currency)} (test)`,
    )
    show(
      document.getElementById('payment'),
      el('p', {}, `Order ${order.id.slice(0, 8)}: ${order.lines.length} line(s).`),
      button,
    )
  } catch (error) {
    announce(`The order could not be loaded: ${explain(error)}`, 'error')
  }
}

async function pay(button) {
  button.disabled = true
  announce('Paying…')
  try {
    await api(`/v1/dev/payments/${encodeURIComponent(id)}`, {
      method: 'POST',
      token: session.token,
    })
    location.assign(orderPage())
  } catch (error) {
    button.disabled = false
    announce(
      error instanceof ApiError && error.status === 404
        ? 'Test payments are not available here (a production deployment), or the order is not yours.'
        : `Not paid: ${explain(error)}`,
      'error',
    )
  }
}

function orderPage() {
  return `/order?id=${encodeURIComponent(id)}`
}

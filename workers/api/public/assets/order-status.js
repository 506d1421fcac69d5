/** @module Order states as shoppers and staff read them. */

const LABELS = {
  pending_payment: 'Awaiting payment',
  paid: 'Paid',
  fulfilled: 'Shipped',
  refunded: 'Refunded',
  cancelled: 'Cancelled',
  expired: 'Expired (not paid in time)',
}

/** The words for an order status; unknown ones as the API spells them. */
export function statusLabel(status) {
  return LABELS[status] ?? status
}

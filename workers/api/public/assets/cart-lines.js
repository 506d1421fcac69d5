/**
 * @module What the cart page shows beside a SKU. The cart holds SKUs and quantities only (checkout
 * prices every line from the catalog), so the title and last seen price of each SKU added from a
 * product page are kept in this browser as display hints.
 */

const KEY = 'ec.cart-lines'

/** Remembers how to show a variant in the cart. */
export function rememberLine(variant, product) {
  const lines = readLines()
  lines[variant.sku] = {
    title: variant.title,
    productId: product.id,
    priceMinor: variant.priceMinor,
    currency: variant.currency,
  }
  localStorage.setItem(KEY, JSON.stringify(lines))
}

/** The display hint of a SKU, if this browser added it. */
export function lineHint(sku) {
  return readLines()[sku]
}

function readLines() {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? '{}')
  } catch {
    return {}
  }
}

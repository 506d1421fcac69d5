/** @module Limits that keep a cart small enough to check out as one order. */

/** Most lines a cart holds (an order holds as many). */
export const MAX_CART_LINES = 50
/** Most units of one SKU a cart line holds. */
export const MAX_LINE_QUANTITY = 99

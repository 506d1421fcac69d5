/**
 * @module What one shopper may hold at once, so no free account can sit on a SKU's stock
 * (issue 14): checked by the shopper's object, which serialises its own checkouts, so concurrent
 * requests of one shopper cannot pass a limit together.
 */

/** Most lines a cart holds (an order holds as many). */
export const MAX_CART_LINES = 50
/** Most units of one SKU a cart line holds. */
export const MAX_LINE_QUANTITY = 10
/** Most units of one SKU on one order. */
export const MAX_UNITS_PER_SKU = 10
/** Most orders awaiting payment (or being placed) at once. */
export const MAX_PENDING_ORDERS = 5
/** Most units held at once over every order awaiting payment. */
export const MAX_HELD_UNITS = 50
/** Most saved addresses an account keeps. */
export const MAX_SAVED_ADDRESSES = 10

/**
 * @module What the admin area's sections share: the staff token, the API's refusal details, and
 * reading prices and whole numbers typed into forms.
 */
import { api } from './app.js'
import { MoneyInputError, minorDigits, parseMoney } from './money-input.js'

let token = ''

/** Keeps the staff token once the gate has accepted it. */
export function useToken(value) {
  token = value
}

/** Calls the API with the staff token. */
export function adminApi(path, init = {}) {
  return api(path, { ...init, token })
}

/**
 * The details of a refusal in brackets: zod issues (`path: message`) or the SKUs of a stock
 * refusal (`SKU: 12 available`); nothing at all when there are none, never an empty `()`.
 */
export function details(error) {
  const issues = Array.isArray(error?.details) ? error.details : []
  const parts = issues
    .map((i) =>
      i?.sku !== undefined && i?.available !== undefined
        ? `${i.sku}: ${i.available} available`
        : [Array.isArray(i?.path) ? i.path.join('.') : i?.path, i?.message]
            .filter(Boolean)
            .join(': '),
    )
    .filter(Boolean)
  return parts.length ? ` (${parts.join('; ')})` : ''
}

/** A price in minor units as staff would type it here (`1.299,00` in de, `1,299.00` in en). */
export function moneyText(minor, currency) {
  const digits = minorDigits(currency)
  return new Intl.NumberFormat(undefined, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minor / 10 ** digits)
}

/** Reads a price typed here into minor units; a bad one throws an Error that names `label`. */
export function parsePrice(text, label, currency) {
  try {
    return parseMoney(text, { currency, locale: navigator.language })
  } catch (error) {
    if (!(error instanceof MoneyInputError)) throw error
    throw new Error(`${label}: ${error.message}`)
  }
}

/**
 * Reads a price input into minor units (parsePrice), marking the input invalid and focusing it
 * when it is not a price. An empty optional input reads as null.
 */
export function readMoney(input, label, currency, { optional = false } = {}) {
  if (optional && input.value.trim() === '') {
    input.removeAttribute('aria-invalid')
    return null
  }
  let minor
  try {
    minor = parsePrice(input.value, label, currency)
  } catch (error) {
    throw invalid(input, error.message)
  }
  input.removeAttribute('aria-invalid')
  return minor
}

/** Marks `input` invalid, moves focus to it and returns an Error with `message` to throw. */
export function invalid(input, message) {
  input.setAttribute('aria-invalid', 'true')
  input.focus()
  return new Error(message)
}

/** A whole number input (empty: null when optional), at least `min`. */
export function readWhole(input, label, { min = 0, optional = false } = {}) {
  const text = input.value.trim()
  if (optional && text === '') {
    input.removeAttribute('aria-invalid')
    return null
  }
  if (!/^\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text)))
    throw invalid(input, `${label}: enter a whole number of at least ${min}.`)
  input.removeAttribute('aria-invalid')
  return Number(text)
}

/**
 * @module Prices typed by staff, read into integer minor units without guessing: `1.299,00`,
 * `1,299.00`, `49,90`, `49.90` and `€ 12` all mean what they say; an input with two readings
 * (`1,299` where the comma may be a decimal comma) is read the page locale's way or refused with
 * a message that says how to write it. Never a silent mis-split.
 */

/** Largest price the API accepts, in minor units (MAX_PRICE_MINOR of the catalog). */
const MAX_MINOR = 100_000_000

/** An input that is not a price, with a message staff can act on. */
export class MoneyInputError extends Error {}

/** The decimal and grouping separators of a locale (`,` and `.` for de-DE). */
export function separators(locale) {
  const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5)
  return {
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    group: parts.find((p) => p.type === 'group')?.value ?? ',',
  }
}

/** How many minor digits a currency has (2 for EUR, 0 for JPY). */
export function minorDigits(currency) {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits
}

/**
 * Reads a price typed in `currency` into minor units. `locale` decides only what a lone separator
 * followed by three digits means; throws MoneyInputError naming the problem otherwise.
 */
export function parseMoney(text, { currency, locale }) {
  const digits = minorDigits(currency)
  const symbol = new Intl.NumberFormat(locale, { style: 'currency', currency })
    .formatToParts(1)
    .find((p) => p.type === 'currency')?.value
  let s = String(text ?? '').trim()
  if (symbol) s = s.replaceAll(symbol, '')
  s = s.replace(new RegExp(currency, 'gi'), '').replace(/[\s'\u00a0\u202f]/g, '')
  const example = new Intl.NumberFormat(locale, {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(1299)
  if (s === '') throw new MoneyInputError('Enter a price.')
  if (!/^[0-9.,]+$/.test(s) || !/^[0-9]/.test(s) || !/[0-9]$/.test(s))
    throw new MoneyInputError(`“${text}” is not a price. Write it like ${example}.`)
  const { whole, fraction } = split(s, digits, separators(locale), text, example)
  if (fraction.length > digits)
    throw new MoneyInputError(
      `“${text}” has more than ${digits} decimals for ${currency}. Write it like ${example}.`,
    )
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0')
  if (!Number.isSafeInteger(minor) || minor > MAX_MINOR)
    throw new MoneyInputError(`“${text}” is more than the largest price the shop takes.`)
  return minor
}

/** Splits `s` (digits, `.` and `,` only) into whole units and the fraction's digits. */
function split(s, digits, locale, text, example) {
  const seps = [...s].filter((c) => c === '.' || c === ',')
  if (seps.length === 0) return { whole: s, fraction: '' }
  const last = seps.at(-1)
  const kinds = new Set(seps)
  let decimal
  if (kinds.size === 2) decimal = last
  else if (seps.length > 1)
    decimal = null // `1.299.000`: the one kind repeats, so it groups
  else {
    const tail = s.slice(s.lastIndexOf(last) + 1)
    if (tail.length !== 3 || digits === 3) decimal = tail.length <= digits ? last : null
    // A lone separator before three digits: `1,299` is 1299 in en, 1.299 (refused) in de.
    else decimal = last === locale.decimal ? last : null
    if (decimal === null && tail.length !== 3)
      throw new MoneyInputError(`“${text}” is not a price. Write it like ${example}.`)
  }
  const [whole, fraction = ''] = decimal === null ? [s, ''] : splitAt(s, decimal)
  const groups = whole.split(/[.,]/)
  // Groups after the first hold exactly three digits; a decimal separator appears once.
  if (
    (decimal !== null && s.split(decimal).length > 2) ||
    groups.slice(1).some((g) => g.length !== 3) ||
    (groups.length > 1 && (groups[0].length === 0 || groups[0].length > 3)) ||
    /[.,]/.test(fraction)
  )
    throw new MoneyInputError(`“${text}” is not a price. Write it like ${example}.`)
  return { whole: groups.join(''), fraction }
}

function splitAt(s, separator) {
  const at = s.lastIndexOf(separator)
  return [s.slice(0, at), s.slice(at + 1)]
}

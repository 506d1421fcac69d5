/** @module Types of money-input.js for the unit tests (the file is not served: see .assetsignore). */
export class MoneyInputError extends Error {}
export function separators(locale: string): { decimal: string; group: string }
export function minorDigits(currency: string): number
export function parseMoney(text: string, options: { currency: string; locale: string }): number

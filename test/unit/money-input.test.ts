/** @module Unit tests of the admin's price parser (workers/api/public/assets/money-input.js). */
import { describe, expect, it } from 'vitest'
import { MoneyInputError, parseMoney } from '../../workers/api/public/assets/money-input.js'

const eur = (text: string, locale = 'de-DE') => parseMoney(text, { currency: 'EUR', locale })

describe('parseMoney', () => {
  it('reads a decimal comma and dot groups in a EUR store', () => {
    expect(eur('1.299,00')).toBe(129_900)
    expect(eur('49,90')).toBe(4_990)
    expect(eur('49,9')).toBe(4_990)
    expect(eur('129.900,50')).toBe(12_990_050)
    expect(eur('1.299')).toBe(129_900)
  })

  it('reads a decimal point and comma groups whatever the locale, when only one reading exists', () => {
    expect(eur('1,299.00')).toBe(129_900)
    expect(eur('49.90')).toBe(4_990)
    expect(eur('1,299.00', 'en-US')).toBe(129_900)
    expect(eur('49,90', 'en-US')).toBe(4_990)
  })

  it('takes a lone separator before three digits the locale’s way', () => {
    expect(eur('1,299', 'en-US')).toBe(129_900)
    expect(() => eur('1.299', 'en-US')).toThrow(/more than 2 decimals/)
    expect(() => eur('1,299', 'de-DE')).toThrow(/more than 2 decimals/)
  })

  it('ignores the currency symbol, code and spaces', () => {
    expect(eur('€ 12')).toBe(1_200)
    expect(eur('12,50 €')).toBe(1_250)
    expect(eur('EUR 1 299,00')).toBe(129_900)
    expect(parseMoney('1,299', { currency: 'JPY', locale: 'ja-JP' })).toBe(1_299)
  })

  it('refuses what is not a price, naming it and showing the expected form', () => {
    for (const bad of ['', 'abc', '-5', '1,2,3', '1.29,00', '12.', ',5', '1.299,00,00', '12,345,6'])
      expect(() => eur(bad), bad).toThrow(MoneyInputError)
    expect(() => eur('12.345.6')).toThrow(/Write it like 1\.299,00/)
    expect(() => eur('2.000.000,00')).toThrow(/largest price/)
  })
})

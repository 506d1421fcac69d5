/** @module Fills the cart page's checkout form as a shopper would, for the browser tests that buy. */
import type { Page } from 'playwright-core'

/** A German address the demo store accepts (postal code of five digits). */
export const BERLIN = {
  name: 'Erika Mustermann',
  line1: 'Unter den Linden 1',
  city: 'Berlin',
  postalCode: '10117',
  country: 'DE',
}

/** Types the contact and shipping address; the email is kept when the page filled it in. */
export async function fillCheckout(
  page: Page,
  address: typeof BERLIN = BERLIN,
  email = 'erika@example.test',
): Promise<void> {
  const emailField = page.getByLabel('Email', { exact: true })
  if (!(await emailField.inputValue())) await emailField.fill(email)
  await page.getByLabel('Full name').fill(address.name)
  await page.getByLabel('Street and number').fill(address.line1)
  await page.getByLabel('City').fill(address.city)
  await page.getByLabel('Postal code').fill(address.postalCode)
  await page.getByLabel('Country').selectOption(address.country)
}

/**
 * @module The zod shape of an order's price breakdown (domain/totals' `Totals`), kept here so the
 * order schema can check it without importing the pricing code (which imports the order's limits).
 */
import { z } from 'zod'
import { TAX_CLASSES } from '../tax/rates'

const Minor = z.number().int().min(0).max(2_147_483_647)

/** One priced line of the breakdown: netMinor + taxMinor = grossMinor. */
export const TotalsLineSchema = z.strictObject({
  sku: z.string().min(1).max(64),
  productId: z.string().min(1).max(36),
  categoryId: z.string().min(1).max(80).optional(),
  title: z.string().min(1).max(200),
  unitPriceMinor: Minor,
  quantity: z.number().int().min(1).max(999),
  taxClass: z.enum(TAX_CLASSES),
  weightGrams: z.number().int().min(0).max(1_000_000).optional(),
  subtotalMinor: Minor,
  discountMinor: Minor,
  taxRatePpm: z.number().int().min(0).max(1_000_000),
  netMinor: Minor,
  taxMinor: Minor,
  grossMinor: Minor,
})

/** The breakdown an order was placed with (see domain/totals/totals.ts `Totals`). */
export const TotalsSchema = z
  .strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/),
    pricesIncludeTax: z.boolean(),
    lines: z.array(TotalsLineSchema).min(1).max(50),
    subtotalMinor: Minor,
    discountMinor: Minor,
    discounts: z.array(
      z.strictObject({
        id: z.string().min(1).max(64),
        code: z.string().min(1).max(32).nullable(),
        amountMinor: Minor,
      }),
    ),
    shipping: z
      .strictObject({
        methodId: z.string().min(1).max(64),
        name: z.string().min(1).max(100),
        amountMinor: Minor,
        netMinor: Minor,
        taxMinor: Minor,
        grossMinor: Minor,
      })
      .nullable(),
    weightGrams: z.number().int().min(0),
    taxMinor: Minor,
    totalMinor: Minor,
  })
  .superRefine((t, ctx) => {
    const parts = [...t.lines, ...(t.shipping ? [t.shipping] : [])]
    if (parts.some((p) => p.netMinor + p.taxMinor !== p.grossMinor))
      ctx.addIssue({ code: 'custom', message: 'a part whose net + tax is not its gross' })
    if (parts.reduce((a, p) => a + p.grossMinor, 0) !== t.totalMinor)
      ctx.addIssue({ code: 'custom', message: 'the parts do not add up to the total' })
    if (parts.reduce((a, p) => a + p.taxMinor, 0) !== t.taxMinor)
      ctx.addIssue({ code: 'custom', message: 'the parts do not add up to the tax' })
  })

/** @module Admin moderation of the public trending board: terms staff hide from it. */
import { createRoute, z } from '@hono/zod-openapi'
import { trendingTerm } from '#domain/counting/trending'
import { AppError } from '#domain/errors'
import { errorResponse } from '../catalog/schemas'
import { createRouter } from '../router'
import { editHiddenTerms, readHiddenTerms } from '../search/hidden-terms'

const HiddenTerms = z.object({ terms: z.array(z.string()) }).openapi('HiddenTrendingTerms')
const ok = {
  description: 'The hidden terms',
  content: { 'application/json': { schema: HiddenTerms } },
}
/** A term in the board's alphabet: up to five words of letters and digits (case and spacing fold). */
const TermParam = z.object({
  term: z
    .string()
    .max(200)
    .regex(
      /^\s*[\p{L}\p{N}]+(\s+[\p{L}\p{N}]+){0,4}\s*$/u,
      'up to five words of letters and digits',
    ),
})

const list = createRoute({
  method: 'get',
  path: '/admin/trending/hidden',
  summary: 'Terms hidden from the public trending board',
  security: [{ bearer: [] }],
  responses: { 200: ok },
})

const edit = (method: 'put' | 'delete', summary: string) =>
  createRoute({
    method,
    path: '/admin/trending/hidden/{term}',
    summary,
    security: [{ bearer: [] }],
    request: { params: TermParam },
    responses: {
      200: ok,
      400: errorResponse('Not a term the board can show'),
      409: errorResponse('The list is full'),
    },
  })

/** The board form of a term as given, or 400: staff hide what the board would show. */
function boardTerm(raw: string): string {
  const term = trendingTerm(raw)
  if (!term) throw new AppError('validation_failed', 'Not a term the trending board can show')
  return term
}

export const adminTrending = createRouter()
  .openapi(list, async (c) => {
    const terms = await readHiddenTerms(c.env.CATALOG_KV, () => {})
    return c.json({ terms }, 200)
  })
  .openapi(
    edit('put', 'Hide a term from the trending board (folded as the board folds it)'),
    async (c) => {
      const term = boardTerm(c.req.valid('param').term)
      return c.json({ terms: await editHiddenTerms(c.env.CATALOG_KV, term, true) }, 200)
    },
  )
  .openapi(edit('delete', 'Show a hidden term on the trending board again'), async (c) => {
    const term = boardTerm(c.req.valid('param').term)
    return c.json({ terms: await editHiddenTerms(c.env.CATALOG_KV, term, false) }, 200)
  })

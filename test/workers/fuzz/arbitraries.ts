/**
 * @module fast-check arbitraries from an OpenAPI 3.1 document: values that follow each schema
 * most of the time (so requests reach the handlers) and break it often (wrong types, bounds,
 * unknown fields, malformed JSON), for the fuzz pass over every route.
 */
import fc from 'fast-check'

/** A JSON Schema as the document holds it (the parts the generator reads). */
export interface Schema {
  $ref?: string
  type?: string | string[]
  enum?: unknown[]
  anyOf?: Schema[]
  oneOf?: Schema[]
  allOf?: Schema[]
  properties?: Record<string, Schema>
  required?: string[]
  items?: Schema
  format?: string
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  maxItems?: number
}

/** Strings that have broken parsers before: empty, huge, markup, traversal, control, unicode. */
const NASTY = [
  '',
  ' ',
  'a'.repeat(300),
  '<img src=x onerror=alert(1)>',
  '../../etc/passwd',
  '%00',
  '\u0000',
  '😀Größe',
  'null',
  '0',
  '-1',
  '1e309',
  "' OR 1=1 --",
  '"',
  '{',
]

/** A schema → arbitrary converter over one document's components; `known` seeds real values. */
export function schemaArbitraries(
  components: Record<string, Schema>,
  known: { strings: string[] },
) {
  const junk = fc.oneof(
    fc.constantFrom<unknown>(null, true, -1, 0, 1.5, 2 ** 53, '', [], {}),
    fc.string({ maxLength: 20 }),
  )
  const text = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...known.strings) },
    { weight: 3, arbitrary: fc.string({ minLength: 1, maxLength: 40 }) },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY) },
  )

  function stringOf(s: Schema): fc.Arbitrary<string> {
    if (s.format === 'email') return fc.oneof(fc.emailAddress(), text)
    if (s.format === 'uuid') return fc.oneof(fc.uuid(), text)
    if (s.format === 'date-time') return fc.oneof(fc.constant(new Date().toISOString()), text)
    return text
  }

  function arb(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
    if (!schema || depth > 5) return fc.jsonValue({ maxDepth: 2 })
    if (schema.$ref) {
      const name = schema.$ref.split('/').at(-1) as string
      return arb(components[name], depth + 1)
    }
    const alternatives = schema.anyOf ?? schema.oneOf ?? schema.allOf
    if (alternatives) return fc.oneof(...alternatives.map((s) => arb(s, depth + 1)))
    if (schema.enum)
      return fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...schema.enum) }, junk)
    const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
    const valid = ((): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'string':
          return stringOf(schema)
        case 'integer': {
          const min = schema.minimum ?? -1_000
          const max = schema.maximum ?? 1_000_000
          return fc.oneof(
            fc.integer({ min, max: Math.min(max, min + 1_000) }),
            fc.constantFrom(min - 1, max + 1, max),
          )
        }
        case 'number':
          return fc.double({ noNaN: true, noDefaultInfinity: true })
        case 'boolean':
          return fc.boolean()
        case 'null':
          return fc.constant(null)
        case 'array':
          return fc.array(arb(schema.items, depth + 1), { maxLength: 4 })
        case 'object': {
          const props = schema.properties ?? {}
          const required = new Set(schema.required ?? [])
          const keys = Object.keys(props)
          return fc
            .tuple(
              fc.record(
                Object.fromEntries(keys.map((k) => [k, arb(props[k], depth + 1)])),
                // Usually every required field, sometimes one missing.
                { requiredKeys: keys.filter((k) => required.has(k)) },
              ),
              fc.option(fc.string({ minLength: 1, maxLength: 8 }), { freq: 8 }),
              fc.option(fc.constantFrom(...keys, 'x'), { freq: 6 }),
            )
            .map(([value, extra, drop]) => {
              const out: Record<string, unknown> = { ...value }
              if (extra !== null) out[extra] = 'unexpected'
              if (drop !== null) delete out[drop]
              return out
            })
        }
        default:
          return fc.jsonValue({ maxDepth: 2 })
      }
    })()
    return fc.oneof({ weight: 6, arbitrary: valid }, { weight: 1, arbitrary: junk })
  }

  return { arb, text }
}

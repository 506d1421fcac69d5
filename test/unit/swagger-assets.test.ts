/** @module The /docs page's Swagger UI files are the swagger-ui-dist version package.json pins. */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'

const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
const served = 'workers/api/public/assets/vendor/swagger-ui'

describe('the served Swagger UI', () => {
  it('is byte for byte the installed swagger-ui-dist (copy the files again after an upgrade)', () => {
    for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css', 'LICENSE'])
      expect(readFileSync(join(served, file)).equals(readFileSync(join(dist, file))), file).toBe(
        true,
      )
  })
})

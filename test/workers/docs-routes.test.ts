import { describe, expect, it } from 'vitest'
import { ACCESS } from '#api/access'
import architecture from '/docs/architecture.md?raw'

describe('docs/architecture.md', () => {
  it('lists every route of the access table in its HTTP contract', () => {
    const missing = Object.keys(ACCESS).filter((route) => !architecture.includes(`\`${route}\``))
    expect(missing).toEqual([])
  })
})

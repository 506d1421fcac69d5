/** @module Tests of search highlights as safe HTML. */
import { describe, expect, it } from 'vitest'
import { MARK_CLOSE as C, escapeHtml, highlightHtml, MARK_OPEN as O } from './highlight'

describe('highlightHtml', () => {
  it('escapes the catalog text first, then marks the matches', () => {
    expect(highlightHtml(`<img src=x ${O}onerror${C}=alert(1)> & "q" 'a'`)).toBe(
      '&lt;img src=x <mark>onerror</mark>=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39;',
    )
  })

  it('keeps plain marks and closes or drops unbalanced ones', () => {
    expect(highlightHtml(`${O}Head${C}phones`)).toBe('<mark>Head</mark>phones')
    expect(highlightHtml(`a${O}b`)).toBe('a<mark>b</mark>')
    expect(highlightHtml(`a${C}b${O}${O}c${C}`)).toBe('ab<mark>c</mark>')
  })

  it('never lets a tag through, whatever the text', () => {
    for (const text of ['<script>x</script>', '<mark onclick=x>', '"><svg/onload=x>'])
      expect(highlightHtml(`${O}${text}${C}`)).not.toMatch(/<(?!\/?mark>)/)
    expect(escapeHtml('<>&"\'')).toBe('&lt;&gt;&amp;&quot;&#39;')
  })
})

/**
 * @module Search highlights as safe HTML: the index marks matches with two private-use
 * characters, the catalog's text is HTML-escaped, and only then do the marks become `<mark>`.
 */

/** Opens a match in the raw highlight the index returns (U+E000, a private-use character). */
export const MARK_OPEN = '\uE000'
/** Closes a match (U+E001). */
export const MARK_CLOSE = '\uE001'

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** `text` with the five HTML-significant characters escaped. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch)
}

/**
 * The HTML of a highlight: `raw` (catalog text with MARK_OPEN/MARK_CLOSE around matches)
 * escaped first, then its marks turned into `<mark>` and `</mark>`, so nothing of the catalog's
 * text can become markup. Unbalanced marks are dropped rather than left open.
 */
export function highlightHtml(raw: string): string {
  let open = false
  let html = ''
  for (const part of escapeHtml(raw).split(/([\uE000\uE001])/)) {
    if (part === MARK_OPEN) {
      if (!open) html += '<mark>'
      open = true
    } else if (part === MARK_CLOSE) {
      if (open) html += '</mark>'
      open = false
    } else html += part
  }
  return open ? `${html}</mark>` : html
}

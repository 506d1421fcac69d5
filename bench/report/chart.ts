/** @module A horizontal bar chart of each scenario's rate as a self-contained SVG (no network, no library). */

/** One bar: a label, a value, and whether it is the baseline (drawn in another colour). */
export interface Bar {
  label: string
  value: number | null
  unit: string
  baseline?: boolean
}

const WIDTH = 880
const LABEL = 330
const ROW = 34
const TOP = 48

/** Bars scaled to the largest value; a missing value is drawn as a grey "not available" row. */
export function barChart(title: string, bars: Bar[]): string {
  const max = Math.max(1, ...bars.map((b) => b.value ?? 0))
  const span = WIDTH - LABEL - 150
  const rows = bars.map((b, i) => {
    const y = TOP + i * ROW
    const label = `<text x="${LABEL - 10}" y="${y + 20}" text-anchor="end">${escapeXml(b.label)}</text>`
    if (b.value === null)
      return `${label}<text x="${LABEL}" y="${y + 20}" fill="#888">not available</text>`
    const w = Math.max(1, (b.value / max) * span)
    const fill = b.baseline ? '#b5651d' : '#f38020'
    return `${label}<rect x="${LABEL}" y="${y + 6}" width="${w.toFixed(1)}" height="20" fill="${fill}"/><text x="${(LABEL + w + 8).toFixed(1)}" y="${y + 20}">${format(b.value)} ${escapeXml(b.unit)}</text>`
  })
  const height = TOP + bars.length * ROW + 20
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="16" y="28" font-size="16" font-weight="bold">${escapeXml(title)}</text>`,
    ...rows,
    '</svg>',
    '',
  ].join('\n')
}

function format(n: number) {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1)
}

function escapeXml(text: string) {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
}

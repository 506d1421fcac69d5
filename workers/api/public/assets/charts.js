/**
 * @module Charts drawn as inline SVG: a horizontal bar chart and a hit/miss bar. Each is an image
 * with a title and a text description for screen readers; the numbers are printed on the bars too.
 */

const SVG = 'http://www.w3.org/2000/svg'
let serial = 0

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag)
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value))
  node.append(...children)
  return node
}

/** An accessible SVG root of `width` × `height` with its title and description. */
function frame(width, height, title, description) {
  const id = `chart-${++serial}`
  return svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      class: 'chart',
      role: 'img',
      'aria-labelledby': `${id}-title ${id}-desc`,
    },
    svg('title', { id: `${id}-title` }, title),
    svg('desc', { id: `${id}-desc` }, description),
  )
}

/**
 * Horizontal bars, longest first as given: `items` of `{label, value}`; `format` prints a value.
 * Labels are cut to fit; the description lists every label and value in full.
 */
export function barChart({ title, items, format = String }) {
  // Sized so a phone (about 360 px of content) draws the 12 px labels at nearly their size.
  const width = 420
  const labelWidth = 150
  const row = 24
  const height = Math.max(1, items.length) * row + 8
  const max = Math.max(1, ...items.map((i) => i.value))
  const description = items.length
    ? items.map((i, n) => `${n + 1}. ${i.label}: ${format(i.value)}`).join('; ')
    : 'No data yet.'
  const chart = frame(width, height, title, description)
  if (!items.length) chart.append(svg('text', { x: 0, y: 18 }, 'No data yet'))
  items.forEach((item, n) => {
    const y = n * row + 4
    const barWidth = Math.max(2, ((width - labelWidth - 50) * item.value) / max)
    const label = item.label.length > 22 ? `${item.label.slice(0, 21)}…` : item.label
    chart.append(
      svg('text', { x: 0, y: y + 15 }, label),
      svg('rect', { x: labelWidth, y, width: barWidth, height: row - 8, fill: '#0b5cad', rx: 2 }),
      svg('text', { x: labelWidth + barWidth + 6, y: y + 15 }, format(item.value)),
    )
  })
  return chart
}

/** One bar split into hits and misses, with the ratio printed. */
export function ratioBar({ title, hits, misses }) {
  const width = 420
  const total = hits + misses
  const ratio = total ? hits / total : 0
  const text = total
    ? `${(ratio * 100).toFixed(1)}% hits (${hits} hits, ${misses} misses)`
    : 'No product reads counted yet'
  const chart = frame(width, 56, title, text)
  chart.append(
    svg('rect', { x: 0, y: 0, width, height: 24, fill: '#e3e3e3', rx: 3 }),
    svg('rect', { x: 0, y: 0, width: width * ratio, height: 24, fill: '#196c2e', rx: 3 }),
    svg('text', { x: 0, y: 46 }, text),
  )
  return chart
}

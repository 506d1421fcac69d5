/**
 * @module The operations console: adapter health, the figures of GET /v1/ops/metrics (archive,
 * outbox, search lag, cache hit ratio), the latest archived orders, dead letters with replay, and
 * the leaderboards as charts. Refreshes itself every few seconds while visible.
 */
import { announce, api, el, every, explain, money, show, table, when } from './app.js'
import { barChart, ratioBar } from './charts.js'
import { statusLabel } from './order-status.js'
import { staffGate } from './staff.js'

const REFRESH_MS = 5_000
let token = ''
const titles = new Map()

refreshHealth()
staffGate({
  role: 'ops',
  check: (candidate) => api('/v1/ops/metrics', { token: candidate }),
  ready: (session) => {
    token = session.token
    document.getElementById('ops').hidden = false
    refresh()
  },
})
document.getElementById('refresh').addEventListener('click', refresh)
every(REFRESH_MS, () => {
  if (document.getElementById('auto-refresh').checked) refresh()
})

async function refresh() {
  await Promise.all([
    refreshHealth(),
    token ? refreshMetrics() : null,
    token ? refreshArchived() : null,
    token ? refreshDeadLetters() : null,
    token ? refreshBoards() : null,
  ])
  document.getElementById('updated').textContent = `Updated ${new Date().toLocaleTimeString()}`
}

async function refreshHealth() {
  // 503 still carries the report: read it either way.
  const res = await fetch('/v1/health').catch(() => null)
  const report = res ? await res.json().catch(() => null) : null
  if (!report?.ports) {
    show(document.getElementById('health'), el('p', {}, 'Health could not be read.'))
    return
  }
  show(
    document.getElementById('health'),
    el(
      'p',
      {},
      'Overall: ',
      el(
        'span',
        { class: `badge ${report.status === 'ok' ? 'ok' : 'bad'}`, id: 'health-status' },
        report.status === 'ok' ? 'all ports answer' : `failing: ${report.failing.join(', ')}`,
      ),
    ),
    table(
      'Adapter health',
      ['Port', 'Adapter', 'State', 'Latency'],
      report.ports.map((p) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, p.port),
          el('td', {}, el('code', {}, p.adapter)),
          el(
            'td',
            {},
            el('span', { class: `badge ${p.ok ? 'ok' : 'bad'}` }, p.ok ? 'answers' : 'down'),
            p.error ? el('div', { class: 'meta' }, p.error) : null,
          ),
          el('td', {}, `${Math.round(p.latencyMs)} ms`),
        ),
      ),
    ),
  )
}

/** A figure, or the reason it could not be read. */
function figure(id, label, measured, value) {
  const text = measured && 'error' in measured ? `unavailable: ${measured.error}` : value(measured)
  return el('div', {}, el('dt', {}, label), el('dd', { id }, text))
}

async function refreshMetrics() {
  let m
  try {
    m = await api('/v1/ops/metrics', { token })
  } catch (error) {
    announce(`Metrics could not be read: ${explain(error)}`, 'error')
    return
  }
  const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`
  show(
    document.getElementById('figures'),
    el(
      'dl',
      { class: 'figures' },
      figure('archived-orders', 'Archived orders', m.archive, (a) => `${a.orders} (${a.adapter})`),
      figure('dead-letter-count', 'Dead letters', m.deadLetters, (d) => String(d.count)),
      outboxFigure(m),
      figure('search-lag', 'Search index behind catalog', m.search, (s) =>
        seconds(s.indexBehindMs),
      ),
      figure('search-missing', 'Products missing from search', m.search, (s) =>
        String(s.missingDocuments),
      ),
      figure('cache-ratio', 'Product cache hit ratio', m.cache, (c) =>
        c.ratio === null ? 'no reads yet' : `${(c.ratio * 100).toFixed(1)}%`,
      ),
    ),
  )
  show(
    document.getElementById('cache-chart'),
    m.cache && !('error' in m.cache)
      ? [
          ratioBar({
            title: 'Product reads: cache hits and misses',
            hits: m.cache.hits,
            misses: m.cache.misses,
          }),
          el(
            'p',
            { class: 'meta' },
            `Answered from an isolate's memory: ${m.cache.memory ?? 0}, from the Cache API: ${m.cache.edge}, from KV: ${m.cache.kv}, from the database: ${m.cache.db} (counters: ${m.cache.adapter}).`,
          ),
        ]
      : null,
  )
  const notMeasured = Object.entries(m.notMeasured ?? {})
  show(
    document.getElementById('not-measured'),
    notMeasured.length
      ? [
          el('h3', {}, 'Not measured'),
          el(
            'ul',
            {},
            notMeasured.map(([name, why]) => el('li', {}, el('strong', {}, name), `: ${why}`)),
          ),
        ]
      : null,
  )
}

/** The outbox backlog when the metrics carry it; otherwise the reason they give for not measuring it. */
function outboxFigure(m) {
  if (m.outbox === undefined) {
    const reason = Object.entries(m.notMeasured ?? {}).find(([k]) => k.startsWith('outbox'))?.[1]
    return el(
      'div',
      {},
      el('dt', {}, 'Outbox backlog'),
      el('dd', { id: 'outbox' }, 'not measured'),
      reason ? el('dd', { class: 'meta' }, reason) : null,
    )
  }
  const o = m.outbox
  if (o && 'error' in o) return figure('outbox', 'Outbox backlog', o, () => '')
  return el(
    'div',
    {},
    el('dt', {}, 'Outbox backlog'),
    el('dd', { id: 'outbox' }, `${o.pending} pending`),
    el('dd', { class: 'meta' }, `first sends failed: ${o.deferred}, resent since: ${o.resent}`),
  )
}

async function refreshArchived() {
  const target = document.getElementById('archived')
  try {
    const page = await api('/v1/admin/orders?limit=5', { token })
    show(
      target,
      page.items.length === 0
        ? el('p', {}, 'No archived orders yet.')
        : table(
            'Latest archived orders',
            ['Order', 'Placed', 'Status', 'Total', 'Version'],
            page.items.map((o) =>
              el(
                'tr',
                { 'data-order-id': o.id },
                el('th', { scope: 'row' }, el('code', {}, o.id.slice(0, 12))),
                el('td', {}, when(o.createdAt)),
                el('td', {}, statusLabel(o.status)),
                el('td', {}, money(o.totalMinor, o.currency)),
                el('td', {}, String(o.version)),
              ),
            ),
          ),
    )
  } catch (error) {
    show(
      target,
      el(
        'p',
        { class: 'meta' },
        error?.status === 403
          ? 'Listing orders needs the admin role; the count above is the archive’s.'
          : `Archived orders could not be read: ${explain(error)}`,
      ),
    )
  }
}

async function refreshDeadLetters() {
  const target = document.getElementById('dlq')
  let page
  try {
    page = await api('/v1/ops/dlq?limit=20', { token })
  } catch (error) {
    show(target, el('p', {}, `Dead letters could not be read: ${explain(error)}`))
    return
  }
  if (page.items.length === 0) {
    show(target, el('p', {}, 'No dead letters.'))
    return
  }
  const form = el(
    'form',
    { 'aria-label': 'Dead letters', onsubmit: (event) => replay(event, form) },
    table(
      'Dead letters',
      ['Replay', 'Message', 'Queue', 'Error', 'Attempts', 'Failed at'],
      page.items.map((letter) =>
        el(
          'tr',
          {},
          el(
            'td',
            {},
            el('input', {
              type: 'checkbox',
              name: 'id',
              value: letter.id,
              id: `dl-${letter.id}`,
              'aria-label': `Replay ${letter.messageId}`,
            }),
          ),
          el('th', { scope: 'row' }, el('code', {}, letter.messageId)),
          el('td', {}, letter.queue),
          el('td', {}, letter.error),
          el('td', {}, String(letter.attempts)),
          el('td', {}, when(letter.failedAt)),
        ),
      ),
    ),
    el(
      'div',
      { class: 'actions' },
      el('button', { type: 'submit' }, 'Replay selected'),
      el(
        'button',
        { type: 'submit', class: 'secondary', name: 'oldest', value: '1' },
        'Replay the oldest',
      ),
    ),
  )
  show(target, form)
}

async function replay(event, form) {
  event.preventDefault()
  const ids = [...form.querySelectorAll('input[name=id]:checked')].map((i) => i.value)
  const oldest = event.submitter?.name === 'oldest'
  if (!oldest && ids.length === 0) return announce('Select at least one letter to replay.', 'error')
  try {
    const outcome = await api('/v1/ops/dlq/replay', {
      method: 'POST',
      token,
      body: oldest ? {} : { ids },
    })
    announce(
      `Replayed ${outcome.replayed.length}; not replayed ${outcome.notReplayed.length}; not found ${outcome.notFound.length}.`,
      'ok',
    )
    refreshDeadLetters()
  } catch (error) {
    announce(`Replay failed: ${explain(error)}`, 'error')
  }
}

async function refreshBoards() {
  const [sellers, searches] = await Promise.all([
    api('/v1/leaderboards/bestsellers?limit=10').catch(() => null),
    api('/v1/leaderboards/trending-searches?limit=10').catch(() => null),
  ])
  if (sellers?.items.some((i) => !titles.has(i.member))) await loadTitles()
  const board = (id, title, data, label) =>
    show(
      document.getElementById(id),
      el('h3', {}, title),
      !data
        ? el('p', {}, 'Could not be read.')
        : data.degraded
          ? el('p', {}, 'The counters store does not answer; leaderboards are degraded.')
          : barChart({
              title,
              items: data.items.map((i) => ({ label: label(i.member), value: i.score })),
            }),
    )
  board('bestsellers', 'Bestsellers (units sold, all time)', sellers, (id) => titles.get(id) ?? id)
  board('trending', 'Trending searches (all time)', searches, (q) => q)
}

/** Product titles for the bestseller chart, from the catalog listing (which counts no views). */
async function loadTitles() {
  let cursor
  for (let pages = 0; pages < 5; pages++) {
    const query = new URLSearchParams({ limit: '100' })
    if (cursor) query.set('cursor', cursor)
    const page = await api(`/v1/products?${query}`).catch(() => null)
    for (const p of page?.items ?? []) titles.set(p.id, p.title)
    cursor = page?.nextCursor
    if (!cursor) return
  }
}

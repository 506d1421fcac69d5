/** @module A one-line progress bar on stderr, redrawn in place when stderr is a terminal. */

/** Draws `done/total` with a bar, the rate and an estimate of the time left. */
export function progressBar(total: number, started = Date.now()) {
  const tty = process.stderr.isTTY
  let lastDraw = 0
  let lastDecile = -1
  return (done: number, final = false) => {
    const now = Date.now()
    if (!final && now - lastDraw < 200) return
    lastDraw = now
    const ratio = total ? Math.min(1, done / total) : 1
    const width = 30
    const filled = Math.round(ratio * width)
    const rate = done / Math.max(0.001, (now - started) / 1000)
    const eta = rate > 0 ? Math.ceil((total - done) / rate) : 0
    const line = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} ${(ratio * 100).toFixed(0)}% ${rate.toFixed(0)}/s eta ${eta}s`
    // In a log file, a line per redraw would drown it: print every tenth of the way instead.
    if (tty) process.stderr.write(`\r${line}${final ? '\n' : ''}`)
    else if (final || Math.floor(ratio * 10) !== lastDecile) {
      lastDecile = Math.floor(ratio * 10)
      process.stderr.write(`${line}\n`)
    }
  }
}

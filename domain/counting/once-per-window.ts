/**
 * @module Counts each client once per window and key, so one client (a script, a refresh loop)
 * moves a view counter or a trending query by at most one per window.
 */

/** The length of a counting window: a client's repeated views or searches within it count once. */
export const COUNT_WINDOW_MS = 10 * 60 * 1000

/** Client–key pairs remembered per window; past it, new pairs are not counted (floods move nothing). */
export const MAX_PAIRS_PER_WINDOW = 50_000

/**
 * Remembers which client counted which key in the current window, in memory. Per isolate: a
 * client whose requests reach several isolates can count once in each, which bounds a single
 * client by the isolates it reaches rather than by its request rate.
 */
export class OncePerWindow {
  private window = -1
  private seen = new Set<string>()

  constructor(
    private readonly windowMs = COUNT_WINDOW_MS,
    private readonly maxPairs = MAX_PAIRS_PER_WINDOW,
  ) {}

  /** True the first time `client` counts `key` in the window `now` falls in. */
  first(client: string, key: string, now: number): boolean {
    const window = Math.floor(now / this.windowMs)
    if (window !== this.window) {
      this.window = window
      this.seen = new Set()
    }
    const pair = `${client}\n${key}`
    if (this.seen.has(pair) || this.seen.size >= this.maxPairs) return false
    this.seen.add(pair)
    return true
  }
}

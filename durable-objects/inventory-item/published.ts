/**
 * @module What a SKU's root object last published, kept in its SQLite so a restarted object
 * neither re-announces its availability nor rewrites a hint nobody needs: the in-stock flag it
 * last sent (inventory.availability_changed) and whether the stock hint it last wrote was above
 * the exact band (hint-band.ts).
 */

export { DEFAULT_EXACT_UNITS, exactUnits } from './hint-band'

type Row = { in_stock: number | null; hint_above: number | null }

/**
 * The published state, read once at start-up and written only when it changes (a row written is
 * the dearest operation an object bills, so a sale above the band writes none).
 */
export class Published {
  /** The last availability announced; undefined when never sent. */
  private inStock: boolean | undefined
  /** Whether the last hint written was above the band; undefined when none was written. */
  private hintAbove: boolean | undefined

  constructor(private readonly sql: SqlStorage) {}

  /** Reads the row (none yet: nothing published). */
  load(): void {
    const row = this.sql
      .exec<Row>('SELECT in_stock, hint_above FROM published WHERE id = 1')
      .toArray()[0]
    this.inStock = row?.in_stock == null ? undefined : row.in_stock === 1
    this.hintAbove = row?.hint_above == null ? undefined : row.hint_above === 1
  }

  /**
   * Whether a hint of `total` must be written: always at or below the band (stock.low reads it
   * exactly there, search's flag at zero), and when the stored hint is in the band (or missing)
   * and the stock has left it. Above the band with a hint above it too, readers see the same
   * answer to every question they ask (more than the band, in stock), so nothing is written.
   */
  hintDue(total: number, band: number): boolean {
    return total <= band || this.hintAbove !== true
  }

  /** Whether inventory.availability_changed must be sent for `total`. */
  announcementDue(total: number): boolean {
    return this.inStock !== total > 0
  }

  /** Records a hint of `total` written to the counters store. */
  hintWritten(total: number, band: number): void {
    const above = total > band
    if (this.hintAbove === above) return
    this.hintAbove = above
    this.save()
  }

  /** Records the availability the queue took. */
  announced(inStock: boolean): void {
    if (this.inStock === inStock) return
    this.inStock = inStock
    this.save()
  }

  private save(): void {
    const flag = (b: boolean | undefined) => (b === undefined ? null : b ? 1 : 0)
    this.sql.exec(
      `INSERT INTO published (id, in_stock, hint_above) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET in_stock = excluded.in_stock, hint_above = excluded.hint_above`,
      flag(this.inStock),
      flag(this.hintAbove),
    )
  }
}

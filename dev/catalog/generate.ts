/** @module A deterministic generated catalog: the same `count` always gives the same products. */

/** A product with its variants, in the shape of the database rows. */
export interface GeneratedProduct {
  id: string
  slug: string
  title: string
  description: string
  category: string
  brand: string
  attributes: Record<string, string>
  variants: { sku: string; title: string; priceMinor: number; attributes: Record<string, string> }[]
}

const CATEGORIES = {
  shoes: ['Trail Runner', 'Road Racer', 'Leather Boot', 'Canvas Sneaker', 'Hiking Boot'],
  jackets: ['Rain Shell', 'Down Parka', 'Fleece Jacket', 'Wind Breaker', 'Denim Jacket'],
  bags: ['Day Pack', 'Messenger Bag', 'Duffel', 'Tote', 'Laptop Sleeve'],
  kitchen: ['Espresso Maker', 'Chef Knife', 'Cast Iron Pan', 'Pour Over Kettle', 'Stand Mixer'],
  audio: ['Wireless Headphones', 'Bookshelf Speaker', 'Turntable', 'Earbuds', 'Soundbar'],
} as const
const BRANDS = ['Northwind', 'Acme', 'Fjellstad', 'Lumen', 'Oakridge', 'Vantage']
const COLOURS = ['black', 'blue', 'green', 'red', 'grey']
const SIZES = ['S', 'M', 'L']

/** Park–Miller: a tiny seeded generator, so catalogs are reproducible without a dependency. */
function random(seed: number) {
  // Neighbouring seeds give nearly equal first draws (seed × 16807 stays small), so the seed is
  // scattered by a multiplicative hash and the first draws are thrown away.
  let state = Number((BigInt(seed) * 2654435761n) % 2147483647n) || 1
  const next = () => {
    state = (state * 16807) % 2147483647
    return (state - 1) / 2147483646
  }
  next()
  next()
  return next
}

/** Product number `n` (0-based) of the generated catalog. */
export function generateProduct(n: number): GeneratedProduct {
  const rnd = random(n + 1)
  const categories = Object.keys(CATEGORIES) as (keyof typeof CATEGORIES)[]
  const category = categories[n % categories.length] as keyof typeof CATEGORIES
  const names = CATEGORIES[category]
  const name = names[Math.floor(n / categories.length) % names.length] as string
  const brand = BRANDS[Math.floor(rnd() * BRANDS.length)] as string
  const colour = COLOURS[Math.floor(rnd() * COLOURS.length)] as string
  const id = `p${String(n + 1).padStart(6, '0')}`
  const title = `${brand} ${name} ${n + 1}`
  const base = 1_000 + Math.floor(rnd() * 30_000)
  return {
    id,
    slug: title.toLowerCase().replaceAll(' ', '-'),
    title,
    description: `A ${colour} ${name.toLowerCase()} by ${brand}, made for everyday use.`,
    category,
    brand,
    attributes: { colour },
    variants: SIZES.map((size, i) => ({
      sku: `${id.toUpperCase()}-${size}`,
      title: `Size ${size}`,
      priceMinor: base + i * 500,
      attributes: { size },
    })),
  }
}

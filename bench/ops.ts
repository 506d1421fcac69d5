/**
 * @module `npm run bench:ops`: only the exact operation counts of one checkout (one SKU, three
 * SKUs), as `npm run bench` counts them, without its timed scenarios. The counts are exact and
 * not moved by machine load, so this can run on a busy machine; it takes about a minute.
 * `BENCH_OPS_SEQUENTIAL=n` also times n sequential checkouts beside n ceiling requests on an
 * unmetered instance (indicative only on a shared machine). `BENCH_OPS_BUNDLES=dir` serves the
 * bundles a `buildBundles(dir)` left there (for example built from another commit) instead of
 * building this tree's.
 */
import { buildBundles, bundlesIn } from './build'
import { costPerMillionOrders } from './report/prices'
import {
  operationsPerOrder,
  operationsPerRefusal,
  sequentialLatency,
  shippingStore,
} from './scenarios/checkout'
import { fillCarts } from './scenarios/sale-client'
import { seed } from './seed'
import { serve } from './serve'

const SEQUENTIAL = Number(process.env.BENCH_OPS_SEQUENTIAL ?? 0)
const started = Date.now()
const step = (what: string) =>
  console.log(`[bench:ops ${((Date.now() - started) / 1000).toFixed(0)}s] ${what}`)

const prebuilt = process.env.BENCH_OPS_BUNDLES
step(prebuilt ? `serving the bundles in ${prebuilt}` : 'building the production bundles')
const bundles = prebuilt ? bundlesIn(prebuilt) : await buildBundles()
step('serving them with the operations meter on (OPS_METER=on)')
const metered = await serve(bundles, { OPS_METER: 'on' })
try {
  const shop = await seed(metered.url, 6, 3)
  const target = { url: metered.url, tokens: shop.tokens }
  const [a = '', b = '', c = '', d = '', e = '', f = ''] = shop.skus
  step('one checkout of one SKU')
  const single = await operationsPerOrder(target, [a])
  step('one checkout of three SKUs')
  const three = await operationsPerOrder(target, [b, c, d])
  step('one checkout of one SKU, sold out (409)')
  // Other shoppers from here: the first holds the earlier counts' unpaid orders (at most 5 at once).
  const soldOut = await operationsPerRefusal({ url: metered.url, tokens: shop.tokens.slice(2) }, f)
  step('one checkout of one SKU, shipped, with a code and VAT')
  const shipped = await operationsPerOrder(
    { url: metered.url, tokens: shop.tokens.slice(1) },
    [e],
    await shippingStore(metered.url),
  )
  const table = {
    single: single.counts,
    threeSkus: three.counts,
    shipped: shipped.counts,
    soldOut: soldOut.counts,
  }
  console.log(JSON.stringify(table, null, 2))
  console.log(
    `cost per million (USD): single ${costPerMillionOrders(single.counts)}, three SKUs ${costPerMillionOrders(three.counts)}, shipped with a code ${costPerMillionOrders(shipped.counts)}, refused (sold out) ${costPerMillionOrders(soldOut.counts)}`,
  )
} finally {
  await metered.mf.dispose()
}

if (SEQUENTIAL > 0) {
  step(`${SEQUENTIAL} sequential checkouts beside ${SEQUENTIAL} ceiling requests (unmetered)`)
  const plain = await serve(bundles)
  try {
    // At most 3 checkouts per shopper, under the per-shopper limit of 10 a minute.
    const shop = await seed(plain.url, 2, Math.ceil((SEQUENTIAL + 20) / 3))
    // As in the bench: every shopper's object exists before the timed checkouts.
    await fillCarts(plain.url, shop.tokens, shop.skus[1] ?? '')
    const target = {
      url: plain.url,
      tokens: shop.tokens,
      archived: async () => 0,
      shoppers: 'bench:ops',
    }
    const filled = performance.now()
    console.log(
      JSON.stringify(await sequentialLatency(target, shop.skus[0] ?? '', SEQUENTIAL, filled)),
    )
  } finally {
    await plain.mf.dispose()
  }
}
step('done')

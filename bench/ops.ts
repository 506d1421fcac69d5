/**
 * @module `npm run bench:ops`: only the exact operation counts of one checkout (one SKU, three
 * SKUs), as `npm run bench` counts them, without its timed scenarios. The counts are exact and
 * not moved by machine load, so this can run on a busy machine; it takes about a minute.
 */
import { buildBundles } from './build'
import { costPerMillionOrders } from './report/prices'
import { operationsPerOrder } from './scenarios/checkout'
import { seed } from './seed'
import { serve } from './serve'

const started = Date.now()
const step = (what: string) =>
  console.log(`[bench:ops ${((Date.now() - started) / 1000).toFixed(0)}s] ${what}`)

step('building the production bundles')
const bundles = await buildBundles()
step('serving them with the operations meter on (OPS_METER=on)')
const metered = await serve(bundles, { OPS_METER: 'on' })
try {
  const shop = await seed(metered.url, 5, 1)
  const target = { url: metered.url, tokens: shop.tokens }
  const [a = '', b = '', c = '', d = ''] = shop.skus
  step('one checkout of one SKU')
  const single = await operationsPerOrder(target, [a])
  step('one checkout of three SKUs')
  const three = await operationsPerOrder(target, [b, c, d])
  const table = { single: single.counts, threeSkus: three.counts }
  console.log(JSON.stringify(table, null, 2))
  console.log(
    `cost per million orders (USD): single ${costPerMillionOrders(single.counts)}, three SKUs ${costPerMillionOrders(three.counts)}`,
  )
} finally {
  await metered.mf.dispose()
}
step('done')

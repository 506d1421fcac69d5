/**
 * @module `npm run test:faults`: the production bundles in workerd (Miniflare) over dedicated
 * Redis, MySQL database and bridges, with one dependency broken per scenario. The scenarios run
 * side by side, each on its own platform: most of their time is spent waiting on retries. The
 * Workers' and bridges' logs of a run are in test-results/faults/.
 */
import { afterAll, beforeAll, describe } from 'vitest'
import { quietBridges } from './bridge-log'
import { consumerThrowing } from './scenarios/consumer-dead-letters'
import { mysqlDown } from './scenarios/mysql-down'
import { redisDown } from './scenarios/redis-down'
import { searchDown } from './scenarios/search-down'
import { workerdRestart } from './scenarios/workerd-restart'

describe.concurrent('faults', () => {
  let loud: () => Promise<void>
  beforeAll(() => {
    loud = quietBridges()
  })
  afterAll(() => loud?.())

  consumerThrowing()
  workerdRestart()
  mysqlDown()
  redisDown()
  searchDown()
})

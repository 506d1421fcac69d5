/** @module The OpenAPI fuzz pass (test/workers/fuzz/pass.ts) over its shard 4 of 4. */
import { fuzzPass } from './fuzz/pass'

fuzzPass(3)

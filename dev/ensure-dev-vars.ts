/** @module Creates .dev.vars from .dev.vars.example on a fresh clone, so `npm start` needs no setup. */
import { copyFileSync, existsSync } from 'node:fs'

if (!existsSync('.dev.vars')) {
  copyFileSync('.dev.vars.example', '.dev.vars')
  console.log('Created .dev.vars from .dev.vars.example (local-only secrets).')
}

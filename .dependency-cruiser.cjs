/** @module The import rules of docs/conventions.md, checked in CI by `npm run lint:imports`. */
const VENDORS =
  '^(cloudflare:|node_modules/(hono|@hono|drizzle-orm|@planetscale|@upstash|meilisearch|stripe)/)'

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'domain imports nothing of Cloudflare, Hono, drizzle or any vendor SDK, nor outer layers.',
      severity: 'error',
      from: { path: '^domain/' },
      to: { path: [`${VENDORS}`, '^(adapters|durable-objects|workers|dev|test|bench)/'] },
    },
    {
      name: 'adapters-do-not-import-each-other',
      comment: 'adapters/x imports domain and its own SDK only.',
      severity: 'error',
      from: { path: '^adapters/([^/]+)/' },
      to: { path: '^adapters/([^/]+)/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'adapters-stay-inside',
      severity: 'error',
      from: { path: '^adapters/' },
      to: { path: '^(durable-objects|workers|dev|test|bench)/' },
    },
    {
      name: 'durable-objects-below-workers',
      severity: 'error',
      from: { path: '^durable-objects/' },
      to: { path: '^(workers|dev|test|bench)/' },
    },
    {
      name: 'workers-do-not-import-each-other',
      severity: 'error',
      from: { path: '^workers/(api|queue-consumer)/' },
      to: { path: '^workers/(api|queue-consumer)/', pathNot: '^workers/$1/' },
    },
    {
      name: 'only-api-entry-imports-do-classes',
      comment:
        'Durable Object classes are imported as values only by the api entry; others import types.',
      severity: 'error',
      from: {
        path: '^(workers|durable-objects|adapters)/',
        pathNot: ['^workers/api/src/index\\.ts$', '\\.test\\.ts$'],
      },
      to: { path: '^durable-objects/([^/]+)/\\1\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'production-code-never-imports-dev-tools',
      severity: 'error',
      from: { path: '^(domain|adapters|durable-objects|workers)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(dev|test|bench)/' },
    },
    {
      name: 'no-circular',
      comment:
        'No import cycle that exists at run time. A cycle closed by a type-only import (an object class naming its own namespace in its env) is erased by the compiler.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'worker-configuration\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'workers/api/tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'workerd'],
    },
  },
}

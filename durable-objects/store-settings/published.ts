/** @module Where the StoreSettings object publishes each version, for readers at every location. */

/** The KV key (in CATALOG_KV) of a store's published settings. */
export const settingsKey = (name: string) => `settings:${name}`

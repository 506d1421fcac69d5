/** @module The database schema in the MySQL dialect (PlanetScale); mirrors adapters/d1/schema.ts. */
import {
  bigint,
  boolean,
  char,
  index,
  int,
  json,
  mediumtext,
  mysqlTable,
  primaryKey,
  text,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/mysql-core'

// Timestamps are Unix milliseconds in a BIGINT so both dialects store the same number.
const millis = (name: string) => bigint(name, { mode: 'number' })

export const products = mysqlTable(
  'products',
  {
    id: varchar('id', { length: 36 }).primaryKey(),
    // The handle (GET /v1/products/by-handle/:handle); the column kept the name it had as a slug.
    handle: varchar('slug', { length: 160 }).notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    description: text('description').notNull(),
    category: varchar('category', { length: 80 }).notNull(),
    brand: varchar('brand', { length: 80 }).notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    attributes: json('attributes').notNull(),
    taxClass: varchar('tax_class', { length: 16 }).notNull().default('standard'),
    // The product's images in display order (ProductImage[]); the bytes are in R2.
    images: json('images').notNull().default([]),
    version: int('version').notNull(),
    createdAt: millis('created_at').notNull(),
    updatedAt: millis('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('products_slug_uq').on(t.handle),
    index('products_category_idx').on(t.category, t.id),
    index('products_brand_idx').on(t.brand, t.id),
  ],
)

export const variants = mysqlTable(
  'variants',
  {
    sku: varchar('sku', { length: 64 }).primaryKey(),
    productId: varchar('product_id', { length: 36 }).notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    priceMinor: int('price_minor').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    attributes: json('attributes').notNull(),
    weightGrams: int('weight_grams'),
    position: int('position').notNull(),
    createdAt: millis('created_at').notNull(),
    updatedAt: millis('updated_at').notNull(),
  },
  (t) => [index('variants_product_idx').on(t.productId, t.position)],
)

export const users = mysqlTable(
  'users',
  {
    id: varchar('id', { length: 36 }).primaryKey(),
    email: varchar('email', { length: 254 }).notNull(),
    name: varchar('name', { length: 120 }),
    passwordHash: varchar('password_hash', { length: 128 }).notNull(),
    passwordSalt: varchar('password_salt', { length: 64 }).notNull(),
    role: varchar('role', { length: 16 }).notNull(),
    createdAt: millis('created_at').notNull(),
    updatedAt: millis('updated_at').notNull(),
    // Tokens name the version they were issued under; revoking sessions adds one.
    sessionVersion: int('session_version').notNull().default(0),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
)

/** Refresh tokens by the SHA-256 of the token; retired ones stay until expiry for reuse detection. */
export const refreshTokens = mysqlTable(
  'refresh_tokens',
  {
    tokenHash: char('token_hash', { length: 64 }).primaryKey(),
    familyId: varchar('family_id', { length: 36 }).notNull(),
    subjectId: varchar('subject_id', { length: 36 }).notNull(),
    subjectKind: varchar('subject_kind', { length: 8 }).notNull(),
    sessionVersion: int('session_version').notNull(),
    createdAt: millis('created_at').notNull(),
    expiresAt: millis('expires_at').notNull(),
    retiredAt: millis('retired_at'),
  },
  (t) => [
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_subject_idx').on(t.subjectId, t.expiresAt),
  ],
)

/** Guest shoppers: their id names their Shopper object; `claimed_by` the account that took their orders. */
export const guests = mysqlTable(
  'guests',
  {
    id: varchar('id', { length: 36 }).primaryKey(),
    email: varchar('email', { length: 254 }).notNull(),
    createdAt: millis('created_at').notNull(),
    claimedBy: varchar('claimed_by', { length: 36 }),
    claimedAt: millis('claimed_at'),
  },
  (t) => [index('guests_claimed_by_idx').on(t.claimedBy)],
)

export const orders = mysqlTable(
  'orders',
  {
    // Order ids are Durable Object ids: 64 hex characters.
    id: varchar('id', { length: 64 }).primaryKey(),
    userId: varchar('user_id', { length: 36 }).notNull(),
    status: varchar('status', { length: 24 }).notNull(),
    currency: char('currency', { length: 3 }).notNull(),
    totalMinor: int('total_minor').notNull(),
    // The order object's version; an archive upsert only moves it forward.
    version: int('version').notNull(),
    createdAt: millis('created_at').notNull(),
    updatedAt: millis('updated_at').notNull(),
    expiresAt: millis('expires_at'),
    // The order's contact email when it has one (guests); accounts' emails are in users.
    email: varchar('email', { length: 254 }),
    // Σ refunds so far; spend is total_minor − refunded_minor.
    refundedMinor: int('refunded_minor').notNull().default(0),
    contact: json('contact'),
    shippingAddress: json('shipping_address'),
    billingAddress: json('billing_address'),
    totals: json('totals'),
  },
  (t) => [
    index('orders_user_idx').on(t.userId, t.createdAt),
    index('orders_email_idx').on(t.email),
  ],
)

export const orderLines = mysqlTable(
  'order_lines',
  {
    orderId: varchar('order_id', { length: 64 }).notNull(),
    lineNo: int('line_no').notNull(),
    sku: varchar('sku', { length: 64 }).notNull(),
    productId: varchar('product_id', { length: 36 }).notNull(),
    title: varchar('title', { length: 200 }).notNull(),
    unitPriceMinor: int('unit_price_minor').notNull(),
    quantity: int('quantity').notNull(),
    lineTotalMinor: int('line_total_minor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.lineNo] })],
)

export const orderEvents = mysqlTable(
  'order_events',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    orderId: varchar('order_id', { length: 64 }).notNull(),
    version: int('version').notNull(),
    type: varchar('type', { length: 40 }).notNull(),
    payload: json('payload').notNull(),
    occurredAt: millis('occurred_at').notNull(),
  },
  (t) => [uniqueIndex('order_events_order_version_uq').on(t.orderId, t.version)],
)

export const inventoryLedger = mysqlTable(
  'inventory_ledger',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    sku: varchar('sku', { length: 64 }).notNull(),
    kind: varchar('kind', { length: 16 }).notNull(),
    quantity: int('quantity').notNull(),
    // `${orderId}:${sku}`.
    reservationId: varchar('reservation_id', { length: 160 }),
    orderId: varchar('order_id', { length: 64 }),
    onHandAfter: int('on_hand_after').notNull(),
    availableAfter: int('available_after').notNull(),
    occurredAt: millis('occurred_at').notNull(),
  },
  (t) => [index('inventory_ledger_sku_idx').on(t.sku, t.occurredAt)],
)

export const deadLetters = mysqlTable(
  'dead_letters',
  {
    id: varchar('id', { length: 64 }).primaryKey(),
    messageId: varchar('message_id', { length: 64 }).notNull(),
    queue: varchar('queue', { length: 64 }).notNull(),
    body: json('body').notNull(),
    error: text('error').notNull(),
    attempts: int('attempts').notNull(),
    failedAt: millis('failed_at').notNull(),
  },
  (t) => [index('dead_letters_failed_idx').on(t.failedAt)],
)

export const webhookEndpoints = mysqlTable('webhook_endpoints', {
  id: varchar('id', { length: 40 }).primaryKey(),
  url: varchar('url', { length: 2048 }).notNull(),
  description: varchar('description', { length: 200 }).notNull(),
  eventTypes: json('event_types').notNull(),
  enabled: boolean('enabled').notNull(),
  secret: varchar('secret', { length: 64 }).notNull(),
  previousSecret: varchar('previous_secret', { length: 64 }),
  previousSecretExpiresAt: millis('previous_secret_expires_at'),
  createdAt: millis('created_at').notNull(),
  updatedAt: millis('updated_at').notNull(),
})

export const webhookDeliveries = mysqlTable(
  'webhook_deliveries',
  {
    id: varchar('id', { length: 40 }).primaryKey(),
    endpointId: varchar('endpoint_id', { length: 40 }).notNull(),
    eventId: varchar('event_id', { length: 64 }).notNull(),
    eventType: varchar('event_type', { length: 40 }).notNull(),
    // MEDIUMTEXT: a 50-line order snapshot with long titles can pass TEXT's 64 KB.
    payload: mediumtext('payload').notNull(),
    status: varchar('status', { length: 16 }).notNull(),
    attempts: int('attempts').notNull(),
    roundAttempts: int('round_attempts').notNull(),
    leaseUntil: millis('lease_until').notNull(),
    lastError: text('last_error'),
    createdAt: millis('created_at').notNull(),
    updatedAt: millis('updated_at').notNull(),
    deliveredAt: millis('delivered_at'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_uq').on(t.endpointId, t.eventId),
    index('webhook_deliveries_created_idx').on(t.createdAt, t.id),
  ],
)

export const webhookAttempts = mysqlTable(
  'webhook_attempts',
  {
    deliveryId: varchar('delivery_id', { length: 40 }).notNull(),
    attempt: int('attempt').notNull(),
    responseStatus: int('response_status'),
    durationMs: int('duration_ms').notNull(),
    error: text('error'),
    startedAt: millis('started_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.attempt] })],
)

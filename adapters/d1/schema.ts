/** @module The database schema in the SQLite dialect (D1); mirrors adapters/planetscale/schema.ts. */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

const json = (name: string) => text(name, { mode: 'json' })

export const products = sqliteTable(
  'products',
  {
    id: text('id').primaryKey(),
    // The handle (GET /v1/products/by-handle/:handle); the column kept the name it had as a slug.
    handle: text('slug').notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    category: text('category').notNull(),
    brand: text('brand').notNull(),
    status: text('status').notNull(),
    attributes: json('attributes').notNull(),
    taxClass: text('tax_class').notNull().default('standard'),
    // The product's images in display order (ProductImage[]); the bytes are in R2.
    images: json('images').notNull().default([]),
    version: integer('version').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('products_slug_uq').on(t.handle),
    index('products_category_idx').on(t.category, t.id),
    index('products_brand_idx').on(t.brand, t.id),
  ],
)

export const variants = sqliteTable(
  'variants',
  {
    sku: text('sku').primaryKey(),
    productId: text('product_id').notNull(),
    title: text('title').notNull(),
    priceMinor: integer('price_minor').notNull(),
    currency: text('currency').notNull(),
    attributes: json('attributes').notNull(),
    weightGrams: integer('weight_grams'),
    position: integer('position').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('variants_product_idx').on(t.productId, t.position)],
)

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    name: text('name'),
    passwordHash: text('password_hash').notNull(),
    passwordSalt: text('password_salt').notNull(),
    role: text('role').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    // Tokens name the version they were issued under; revoking sessions adds one.
    sessionVersion: integer('session_version').notNull().default(0),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
)

/** Refresh tokens by the SHA-256 of the token; retired ones stay until expiry for reuse detection. */
export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    familyId: text('family_id').notNull(),
    subjectId: text('subject_id').notNull(),
    subjectKind: text('subject_kind').notNull(),
    sessionVersion: integer('session_version').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    retiredAt: integer('retired_at'),
  },
  (t) => [
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_subject_idx').on(t.subjectId, t.expiresAt),
  ],
)

/** Guest shoppers: their id names their Shopper object; `claimed_by` the account that took their orders. */
export const guests = sqliteTable(
  'guests',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    createdAt: integer('created_at').notNull(),
    claimedBy: text('claimed_by'),
    claimedAt: integer('claimed_at'),
  },
  (t) => [index('guests_claimed_by_idx').on(t.claimedBy)],
)

export const orders = sqliteTable(
  'orders',
  {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull(),
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    totalMinor: integer('total_minor').notNull(),
    version: integer('version').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    expiresAt: integer('expires_at'),
    // The order's contact email when it has one (guests); accounts' emails are in users.
    email: text('email'),
    // Σ refunds so far; spend is total_minor − refunded_minor.
    refundedMinor: integer('refunded_minor').notNull().default(0),
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

export const orderLines = sqliteTable(
  'order_lines',
  {
    orderId: text('order_id').notNull(),
    lineNo: integer('line_no').notNull(),
    sku: text('sku').notNull(),
    productId: text('product_id').notNull(),
    title: text('title').notNull(),
    unitPriceMinor: integer('unit_price_minor').notNull(),
    quantity: integer('quantity').notNull(),
    lineTotalMinor: integer('line_total_minor').notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.lineNo] })],
)

export const orderEvents = sqliteTable(
  'order_events',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id').notNull(),
    version: integer('version').notNull(),
    type: text('type').notNull(),
    payload: json('payload').notNull(),
    occurredAt: integer('occurred_at').notNull(),
  },
  (t) => [uniqueIndex('order_events_order_version_uq').on(t.orderId, t.version)],
)

export const inventoryLedger = sqliteTable(
  'inventory_ledger',
  {
    id: text('id').primaryKey(),
    sku: text('sku').notNull(),
    kind: text('kind').notNull(),
    quantity: integer('quantity').notNull(),
    reservationId: text('reservation_id'),
    orderId: text('order_id'),
    onHandAfter: integer('on_hand_after').notNull(),
    availableAfter: integer('available_after').notNull(),
    occurredAt: integer('occurred_at').notNull(),
  },
  (t) => [index('inventory_ledger_sku_idx').on(t.sku, t.occurredAt)],
)

export const deadLetters = sqliteTable(
  'dead_letters',
  {
    id: text('id').primaryKey(),
    messageId: text('message_id').notNull(),
    queue: text('queue').notNull(),
    body: json('body').notNull(),
    error: text('error').notNull(),
    attempts: integer('attempts').notNull(),
    failedAt: integer('failed_at').notNull(),
  },
  (t) => [index('dead_letters_failed_idx').on(t.failedAt)],
)

export const webhookEndpoints = sqliteTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  description: text('description').notNull(),
  eventTypes: json('event_types').notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  secret: text('secret').notNull(),
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: integer('previous_secret_expires_at'),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
})

export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id').notNull(),
    eventId: text('event_id').notNull(),
    eventType: text('event_type').notNull(),
    payload: text('payload').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull(),
    roundAttempts: integer('round_attempts').notNull(),
    leaseUntil: integer('lease_until').notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    deliveredAt: integer('delivered_at'),
  },
  (t) => [
    uniqueIndex('webhook_deliveries_endpoint_event_uq').on(t.endpointId, t.eventId),
    index('webhook_deliveries_created_idx').on(t.createdAt, t.id),
  ],
)

export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    deliveryId: text('delivery_id').notNull(),
    attempt: integer('attempt').notNull(),
    responseStatus: integer('response_status'),
    durationMs: integer('duration_ms').notNull(),
    error: text('error'),
    startedAt: integer('started_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.deliveryId, t.attempt] })],
)

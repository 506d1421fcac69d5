/** @module The catalog in the system of record: products with their variants. */
import type { Product, ProductStatus, Variant } from '../catalog/product'
import type { TaxClass } from '../tax/rates'

/** Filters and paging of a listing; `cursor` is the last id of the previous page. */
export interface ProductListQuery {
  category?: string
  brand?: string
  status?: ProductStatus
  limit: number
  cursor?: string
}

/** A variant with the product it belongs to, as checkout prices it. */
export interface PricedVariant extends Variant {
  productId: string
  productTitle: string
  productStatus: ProductStatus
  /** The product's category (category discounts target it); absent in older price-list entries. */
  productCategory?: string
  /** The product's tax class; absent in older price-list entries, which are standard-rated. */
  taxClass?: TaxClass
}

export interface CatalogStore {
  /**
   * Inserts a new product; AppError `sku_taken` (details: the SKUs) when a SKU already exists,
   * `handle_taken` when another product has its handle.
   */
  insert(product: Product): Promise<void>
  /**
   * Replaces a product and its variants atomically when the stored version is still
   * `product.version - 1`; false when another write got there first. AppError `sku_taken` when a
   * new variant's SKU belongs to another product, `handle_taken` when its handle does.
   */
  replace(product: Product): Promise<boolean>
  get(id: string): Promise<Product | null>
  /** The product with this handle, whatever its status; null when none has it. */
  getByHandle(handle: string): Promise<Product | null>
  /** Products in id order after `cursor`; `nextCursor` is null on the last page. */
  list(query: ProductListQuery): Promise<{ items: Product[]; nextCursor: string | null }>
  /** How many products are active and when the catalog last changed (null when empty). */
  summary(): Promise<{ active: number; lastUpdatedAt: number | null }>
  /** The variants of these SKUs that exist, with their product. */
  variantsBySku(skus: string[]): Promise<PricedVariant[]>
}

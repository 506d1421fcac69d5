/** @module Types of brand.js for the Worker, which imports it (the file is not served: see .assetsignore). */
export declare const BRAND: {
  name: string
  tagline: string
}

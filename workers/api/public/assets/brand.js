/**
 * @module The shop's brand, in one place: its name and logo, read by every page's header
 * (app.js) and by the Worker for the titles and Open Graph tags it writes into product pages.
 * Colours, type and spacing are the custom properties at the top of site.css; the logo is
 * brand/logo.svg, drawn by site.css as a mask in the header's colour (`.brand-mark`).
 */
export const BRAND = {
  name: 'Edge Commerce',
  /** One line under the name on wide screens, and the description of pages that have none. */
  tagline: 'Good things for home and table, shipped from the edge',
}

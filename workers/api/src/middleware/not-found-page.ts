/** @module The page a browser gets for a path nothing serves (API clients keep the JSON envelope). */
import { html } from 'hono/html'
import { BRAND } from '../../public/assets/brand.js'

/** The static pages' policy (workers/api/public/_headers): this page only links their stylesheet. */
export const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"

/** Whether the caller is a browser asking for a page: Accept names HTML and the path is no API's. */
export function wantsPage(path: string, accept: string | undefined): boolean {
  return !path.startsWith('/v1/') && /\btext\/html\b/.test(accept ?? '')
}

/** The 404 page, in the storefront's look, with the way back to the shop. */
export function notFoundPage(path: string) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found · ${BRAND.name}</title>
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <div class="inner">
    <a class="brand" href="/"><span class="brand-mark" aria-hidden="true"></span><span class="brand-name">${BRAND.name}</span></a>
    <nav aria-label="Shop">
      <ul>
        <li><a href="/">Search</a></li>
        <li><a href="/cart">Cart</a></li>
        <li><a href="/orders">Orders</a></li>
        <li><a href="/account">Account</a></li>
      </ul>
    </nav>
  </div>
</header>
<main id="main" tabindex="-1">
<h1>Page not found</h1>
<p>Nothing lives at <code>${path}</code>. It may have moved, or the link may be mistyped.</p>
<p class="actions"><a class="button" href="/">Go to the shop</a> <a class="button secondary" href="/cart">Your cart</a></p>
</main>
<footer class="site-footer">
  <p>${BRAND.name} demo shop. Staff: <a href="/admin/">admin</a> · <a href="/ops/">operations</a> · <a href="/docs">API reference</a></p>
</footer>
</body>
</html>`
}

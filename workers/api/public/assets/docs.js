/**
 * @module /docs: Swagger UI (served from this origin, see assets/vendor/swagger-ui) over the
 * OpenAPI document, with a filter box and operations grouped by tag. Kept out of the page so the
 * page needs no inline script under the pages' content security policy.
 */
const ui = window.SwaggerUIBundle({
  url: '/v1/openapi.json',
  dom_id: '#swagger-ui',
  // Deep links put an anchor inside each operation's toggle button: nested controls (axe-core).
  deepLinking: false,
  docExpansion: 'list',
  filter: true,
  defaultModelsExpandDepth: 0,
  displayRequestDuration: true,
  persistAuthorization: false,
  // The demo's test payments and admin routes are better tried from the pages themselves.
  tryItOutEnabled: false,
  validatorUrl: null,
})
window.ui = ui

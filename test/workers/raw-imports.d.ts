/** @module Types of Vite's `?raw` imports, which the workers test project resolves to file text. */
declare module '*?raw' {
  const text: string
  export default text
}

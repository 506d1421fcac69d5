/** @module The slice of autocannon's programmatic API the bench uses (the package ships no types). */
declare module 'autocannon' {
  /** One request template; `setupRequest` may rewrite it per request. */
  export interface RequestTemplate {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string
    setupRequest?: (req: RequestTemplate, context: Record<string, unknown>) => RequestTemplate
  }
  export interface Options {
    url: string
    connections?: number
    pipelining?: number
    duration?: number
    amount?: number
    timeout?: number
    method?: string
    headers?: Record<string, string>
    body?: string
    requests?: RequestTemplate[]
  }
  interface Histogram {
    average: number
    p50: number
    p99: number
    max: number
  }
  export interface Result {
    duration: number
    requests: Histogram & { total: number; sent: number }
    latency: Histogram
    errors: number
    timeouts: number
    non2xx: number
    statusCodeStats: Record<string, { count: number }>
  }
  export default function autocannon(options: Options): Promise<Result>
}

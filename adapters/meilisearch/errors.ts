/** @module Meilisearch client failures and failed tasks as the domain's UpstreamError. */
import { MeilisearchApiError, type Task } from 'meilisearch'
import { AppError, UpstreamError } from '#domain/errors'
import { errorMessage } from '#domain/log'

const SERVICE = 'meilisearch'

/** The Meilisearch error code of an API error (`index_not_found`, …), if it is one. */
export function apiErrorCode(cause: unknown): string | undefined {
  return cause instanceof MeilisearchApiError ? cause.cause?.code : undefined
}

/**
 * Wraps anything the client threw. Unreachable server, timeouts, 5xx and 429 are retryable (the
 * queue tries again later); other 4xx are the request's fault and are not. The domain's own
 * errors (a refused query value, an already wrapped failure) pass through unchanged.
 */
export function upstream(cause: unknown): AppError {
  if (cause instanceof AppError) return cause
  if (cause instanceof MeilisearchApiError) {
    const status = cause.response.status
    const code = cause.cause?.code
    const retryable = status >= 500 || status === 429 || status === 408
    return new UpstreamError(
      SERVICE,
      code ? `${code}: ${cause.message}` : cause.message,
      status,
      retryable,
      { cause },
    )
  }
  const message = errorMessage(cause)
  // Unreachable, timed out, or anything unexpected (a malformed response): retried, and the
  // dead-letter queue bounds the retries.
  return new UpstreamError(SERVICE, message, undefined, true, { cause })
}

/**
 * Throws unless the task succeeded. A failed task carries Meilisearch's error object; only an
 * `internal` or `system` error is worth retrying. A canceled task was stopped by an operator: retry.
 */
export function assertSucceeded(task: Task, what: string): void {
  if (task.status === 'succeeded') return
  const error = task.error
  const retryable =
    task.status === 'canceled' || error?.type === 'internal' || error?.type === 'system'
  const reason = error ? `${error.code}: ${error.message}` : task.status
  throw new UpstreamError(
    SERVICE,
    `${what} (task ${task.uid}) ${task.status}: ${reason}`,
    undefined,
    retryable,
  )
}

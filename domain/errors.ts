/** @module The one error type of the domain and the upstream error that adapters raise. */

/** A failure the caller can act on; `code` is the snake_case code of the error envelope. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

/** A vendor service failed; adapters wrap SDK errors in this so callers decide retry or fail-open. */
export class UpstreamError extends AppError {
  constructor(
    readonly service: string,
    message: string,
    readonly status: number | undefined,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super('upstream_unavailable', message, { service, status, retryable })
    this.name = 'UpstreamError'
    if (options?.cause !== undefined) this.cause = options.cause
  }
}

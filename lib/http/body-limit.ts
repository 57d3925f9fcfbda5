/** The largest JSON body the API reads: generous for a request with a diff, bounded for memory. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** A body over the limit: answered 413 before it is read any further. */
export class PayloadTooLargeError extends Error {
  constructor() {
    super(`The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
    this.name = "PayloadTooLargeError";
  }
}

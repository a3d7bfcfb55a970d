/**
 * Flat's documented rate limit: a fixed window of requests per token, and one shared window for
 * callers without a valid token, reported in `X-RateLimit-*` headers on every answer.
 */
import type { FlatState } from "./state";

/** Counts the request against the caller's window and returns the headers plus whether it is over. */
export function meter(
    s: FlatState,
    key: string,
    limit: number,
): { headers: Record<string, string>; exceeded: boolean } {
    const t = s.now();
    let bucket = s.buckets.get(key);
    if (!bucket || t >= bucket.windowStart + s.limits.windowMs) {
        bucket = { windowStart: t, count: 0 };
        s.buckets.set(key, bucket);
    }
    bucket.count += 1;
    const remaining = limit - bucket.count;
    return {
        headers: {
            "X-RateLimit-Limit": String(limit),
            // Flat documents that the remaining count may go negative once over the limit.
            "X-RateLimit-Remaining": String(remaining),
            "X-RateLimit-Reset": String(Math.ceil((bucket.windowStart + s.limits.windowMs) / 1000)),
        },
        exceeded: remaining < 0,
    };
}

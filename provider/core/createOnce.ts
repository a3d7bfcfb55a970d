/**
 * Creation that a lost response cannot duplicate. A POST is never blindly re-sent by `http.ts`:
 * when its answer is lost (reset connection, timeout, 5xx) the object may or may not exist. We
 * look it up by its natural key (username, email, name) in a fresh list, adopt it when found, and
 * only send the POST again when it is really absent.
 */
import { ApiError } from "./http";

export interface CreateOnce<T> {
    /** Sends the create request. */
    create(): Promise<T>;
    /** Finds the object by natural key in a fresh (uncached) list; undefined when absent. */
    find(): Promise<T | undefined>;
    /** Attempts before giving up (default 4). */
    attempts?: number;
}

/** True when a failed request may nevertheless have taken effect on the server. */
export function mayHaveCommitted(err: unknown): boolean {
    return err instanceof ApiError && (err.uncertain || err.status >= 500);
}

export async function createOnce<T>(op: CreateOnce<T>): Promise<T> {
    const attempts = op.attempts ?? 4;
    for (let attempt = 1; ; attempt++) {
        try {
            return await op.create();
        } catch (err) {
            if (!mayHaveCommitted(err) || attempt >= attempts) throw err;
            const existing = await op.find();
            if (existing) return existing;
        }
    }
}

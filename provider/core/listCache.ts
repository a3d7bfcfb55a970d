/**
 * Per-process snapshots of list endpoints.
 *
 * Neither API can fetch one user, invitation, credential or member by id, so every read scans a
 * list. The guarantee: for one key (API, base URL, credential fingerprint, endpoint, filter) the
 * process fetches the list once; concurrent readers wait on that same fetch (single-flight); writes
 * patch the snapshot in place or drop it. A refresh of N objects of a kind therefore costs one full
 * list (⌈N/1000⌉ pages) instead of N scans.
 */
import { createHash } from "node:crypto";

interface Snapshot<T> {
    readonly loadedAt: number;
    readonly items: Promise<T[]>;
    /** Set once the load succeeded, so writes can patch synchronously. */
    value?: T[];
}

export class ListCache {
    private readonly snapshots = new Map<string, Snapshot<unknown>>();
    /** Snapshots older than this are fetched again (a long-lived process must not serve stale data). */
    constructor(private readonly maxAgeMs = 10 * 60_000) {}

    /** The snapshot for `key`, loading it once through `load` when absent or too old. */
    get<T>(key: string, load: () => Promise<T[]>): Promise<T[]> {
        const existing = this.snapshots.get(key) as Snapshot<T> | undefined;
        if (existing && Date.now() - existing.loadedAt < this.maxAgeMs) return existing.items;
        const items = load();
        const snapshot: Snapshot<T> = { loadedAt: Date.now(), items };
        this.snapshots.set(key, snapshot);
        items.then(
            (value) => {
                snapshot.value = value;
            },
            // A failed load must not poison later reads.
            () => {
                if (this.snapshots.get(key) === snapshot) this.snapshots.delete(key);
            },
        );
        return items;
    }

    /**
     * Applies a write to every snapshot whose key starts with `prefix` (all filters of one endpoint),
     * so a later read sees it without a request. A snapshot still loading is dropped instead: its
     * result may predate the write.
     */
    patch<T>(prefix: string, apply: (items: T[]) => T[]): void {
        for (const [key, snapshot] of [...this.snapshots]) {
            if (!key.startsWith(prefix)) continue;
            if (!snapshot.value) {
                this.snapshots.delete(key);
                continue;
            }
            const value = apply([...(snapshot.value as T[])]);
            this.snapshots.set(key, { loadedAt: snapshot.loadedAt, items: Promise.resolve(value), value });
        }
    }

    /** Forgets every snapshot whose key starts with `prefix`. */
    drop(prefix = ""): void {
        for (const key of [...this.snapshots.keys()]) if (key.startsWith(prefix)) this.snapshots.delete(key);
    }
}

/** The process-wide cache every resource and function shares. */
export const listCache = new ListCache();

/** A short, irreversible stand-in for a credential inside cache keys. */
export function fingerprint(secret: string): string {
    return createHash("sha256").update(secret).digest("hex").slice(0, 16);
}

/**
 * Raw HTTP calls to an emulator's Flat API, as a client that is not the provider sends them: for
 * tests of the emulator itself (its behaviour, and its conformance to Flat's spec).
 */
import nodeFetch from "node-fetch";
import { Emulator, startEmulator } from "../../emulator";

export interface FlatAnswer {
    status: number;
    body: any; // the wire: tests read whatever JSON came back
    headers: { get(name: string): string | null };
}

export interface FlatCallOptions {
    /** Sent as JSON. */
    body?: unknown;
    /** Sent as is, with a JSON content type (malformed bodies). */
    raw?: string;
    /** Bearer token; the emulator's admin token by default, none with `null`. */
    token?: string | null;
}

/** `path` below the Flat base URL, or a whole URL (pagination links). */
export async function flatCall(
    em: Emulator,
    method: string,
    path: string,
    options: FlatCallOptions = {},
): Promise<FlatAnswer> {
    const headers: Record<string, string> = {};
    const token = options.token === undefined ? em.flatToken : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    const payload = options.body !== undefined ? JSON.stringify(options.body) : options.raw;
    if (payload !== undefined) headers["content-type"] = "application/json";
    const res = await nodeFetch(path.startsWith("http") ? path : `${em.flatUrl}${path}`, {
        method,
        headers,
        body: payload,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
}

/** The emulator's fixed "now" in `useFlatEmulator`: quota windows and expirations come out exact. */
export const EMULATOR_NOW = Date.parse("2026-03-01T12:00:00.000Z");

/**
 * One Flat-only emulator for a test file, on a clock fixed at `EMULATOR_NOW` and reset before each
 * test, with raw calls to its Flat API and to its admin interface (`/_emulator`).
 */
export function useFlatEmulator() {
    const h = {} as { em: Emulator };
    beforeAll(async () => {
        h.em = await startEmulator({ edubase: false, flat: { now: () => EMULATOR_NOW } });
    });
    beforeEach(() => h.em.reset());
    afterAll(async () => {
        await h.em?.close();
    });
    return {
        emulator: () => h.em,
        call: (method: string, path: string, options?: FlatCallOptions) => flatCall(h.em, method, path, options),
        admin: (method: string, path: string, body?: unknown) =>
            nodeFetch(`${h.em.url}/_emulator${path}`, {
                method,
                body: body === undefined ? undefined : JSON.stringify(body),
            }),
    };
}

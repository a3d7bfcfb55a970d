// EduBase test wiring on top of useEmulator: the provider's process-wide configuration also points
// at the emulator's EduBase side, and pulumi.log.warn is captured (the claims warning) instead of
// printed.
import * as pulumi from "@pulumi/pulumi";
import * as http from "node:http";
import type { EdubaseApi, EdubaseEmulatorOptions, RecordedExchange } from "../../emulator";
import { listCache } from "../../provider/core/listCache";
import { removalBudgets } from "../../provider/core/removalBudget";
import { forgetPairs } from "../../provider/edubase/pairs";
import { EmulatorHandle, useEmulator } from "./emulator";

export interface EdubaseHandle {
    readonly h: EmulatorHandle;
    /** The emulator's EduBase module. */
    readonly api: EdubaseApi;
    readonly warnings: string[];
    /** What a new provider process starts without: declared pairs, removals spent, list snapshots. Tests play several runs in one process. */
    newRun(): void;
    /** The EduBase exchanges that write (every read back after a write left out). */
    writes(): RecordedExchange[];
    /** A raw request to the EduBase emulator, with the default credentials unless `headers` replaces them. */
    raw(
        method: string,
        path: string,
        init?: { query?: Record<string, string>; body?: unknown; headers?: Record<string, string> },
    ): Promise<RawAnswer>;
}

export interface RawAnswer {
    readonly status: number;
    readonly text: string;
    readonly json: unknown;
    header(name: string): string | null;
}

export function useEdubase(edubase: EdubaseEmulatorOptions = {}): EdubaseHandle {
    const h = useEmulator({ edubase });
    const warnings: string[] = [];
    const handle: EdubaseHandle = {
        h,
        get api() {
            return h.em.edubase!;
        },
        warnings,
        newRun: () => {
            forgetPairs();
            removalBudgets.edubaseMemberships.reset();
            listCache.drop();
        },
        writes: () => h.em.exchanges.filter((x) => x.api === "edubase" && x.method !== "GET"),
        async raw(method, path, init = {}) {
            const { app, secret } = h.em.edubase!.credentials;
            const query = init.query ? `?${new URLSearchParams(init.query).toString()}` : "";
            // node:http rather than fetch: the strictness tests send what fetch refuses (a GET with a body).
            const res = await new Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }>(
                (resolve, reject) => {
                    const body =
                        init.body === undefined
                            ? undefined
                            : typeof init.body === "string"
                              ? init.body
                              : JSON.stringify(init.body);
                    const headers: Record<string, string> = init.headers ?? {
                        "EduBase-API-App": app,
                        "EduBase-API-Secret": secret,
                        ...(body !== undefined ? { "content-type": "application/json" } : {}),
                    };
                    // Node sends GET/DELETE bodies unframed unless told their length.
                    if (body !== undefined) headers["content-length"] = String(Buffer.byteLength(body));
                    const req = http.request(`${h.em.edubaseUrl}${path}${query}`, { method, headers }, (r) => {
                        let text = "";
                        r.setEncoding("utf8");
                        r.on("data", (c: string) => (text += c));
                        r.on("end", () => resolve({ status: r.statusCode ?? 0, text, headers: r.headers }));
                    });
                    req.on("error", reject);
                    req.end(body);
                },
            );
            const text = res.text;
            let json: unknown;
            try {
                json = text ? JSON.parse(text) : undefined;
            } catch {
                json = undefined;
            }
            return {
                status: res.status,
                text,
                json,
                header: (name) => (res.headers[name.toLowerCase()] as string | undefined) ?? null,
            };
        },
    };
    beforeAll(() => {
        const { app, secret } = h.em.edubase!.credentials;
        Object.assign(h.config, { "edubase:app": app, "edubase:secret": secret, "edubase:apiUrl": h.em.edubaseUrl });
    });
    beforeEach(() => {
        // Each test is a run of its own.
        handle.newRun();
        warnings.splice(0);
        jest.spyOn(pulumi.log, "warn").mockImplementation(async (message: string) => void warnings.push(message));
    });
    afterEach(() => jest.restoreAllMocks());
    return handle;
}

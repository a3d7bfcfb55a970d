/**
 * The contract between the emulator's shared HTTP server (`server.ts`) and each emulated API
 * (`flat.ts`, `edubase.ts`). The server owns transport concerns (recording, counters, latency,
 * fault injection, the admin interface); an API module owns routing, validation, state and its
 * own authentication and rate-limit semantics.
 */
import type { IncomingHttpHeaders } from "node:http";

export type ApiName = "flat" | "edubase";

export interface EmulatorRequest {
    readonly api: ApiName;
    readonly method: string;
    /** Path below the API prefix, without the query string: `/organizations/users`. */
    readonly path: string;
    readonly query: URLSearchParams;
    readonly headers: IncomingHttpHeaders;
    /** Parsed JSON body, or undefined when there was none. */
    readonly body: unknown;
    readonly rawBody: string;
}

export interface EmulatorResponse {
    readonly status: number;
    readonly headers?: Record<string, string>;
    /** Serialized as JSON unless undefined (empty body). */
    readonly body?: unknown;
}

/** One emulated API mounted under a URL prefix of the shared server. */
export interface ApiModule {
    readonly name: ApiName;
    /** `/v2` for Flat, `/api` for EduBase. */
    readonly prefix: string;
    /** Handles one request; the server applies latency and faults around it. */
    handle(req: EmulatorRequest): EmulatorResponse | Promise<EmulatorResponse>;
    /** A JSON-serializable snapshot of the API's state, for assertions and `/_emulator/state`. */
    snapshot(): unknown;
    /** Back to the initial state (seed data kept). */
    reset(): void;
    /**
     * Module-specific admin routes. The server offers it every `/_emulator/...` request it does not
     * answer itself, with `path` relative to `/_emulator` (e.g. `/flat/rateLimit`); undefined = not mine.
     */
    admin?(req: EmulatorRequest): EmulatorResponse | undefined;
}

/** One recorded exchange, kept in order for assertions and the OpenAPI conformance test. */
export interface RecordedExchange {
    readonly api: ApiName;
    readonly method: string;
    readonly path: string;
    readonly query: Record<string, string | string[]>;
    readonly requestHeaders: IncomingHttpHeaders;
    readonly requestBody: unknown;
    readonly status: number;
    readonly responseHeaders: Record<string, string>;
    readonly responseBody: unknown;
    /** Set when a fault replaced or cut the normal answer. */
    readonly fault?: FaultKind;
}

export type FaultKind = "latency" | "status" | "dropBefore" | "dropAfter" | "stall";

/**
 * A fault-injection rule. `dropBefore` closes the connection without handling the request;
 * `dropAfter` handles it (the write commits) and then closes the connection without answering;
 * `stall` never answers (until the client gives up); `status` answers with `status` instead.
 */
export interface FaultRule {
    readonly kind: FaultKind;
    readonly api?: ApiName;
    readonly method?: string;
    /** Matches when the request path starts with this string, or matches this regular expression. */
    readonly path?: string | RegExp;
    /** Probability in [0,1] that a matching request is hit (default 1). */
    readonly probability?: number;
    /** How many matching requests to hit before the rule retires (default unlimited). */
    readonly times?: number;
    readonly status?: number;
    /** Body of a `status` answer (default: a `{code, message}` error object). */
    readonly body?: unknown;
    /** Delay for `latency`; for `stall`, how long to hold the socket (default 10 min). */
    readonly ms?: number;
}

/**
 * The one HTTP layer both APIs go through: node-fetch v2 with a per-request timeout, retries with
 * exponential backoff and full jitter, rate-limit waits, a process-wide concurrency cap per API and
 * errors that never carry a secret.
 *
 * Every dynamic resource of a deployment runs in one provider process, so the limiter state below is
 * shared by all of them: at 5,000 users the cap, not the engine's parallelism, decides the load.
 */
import nodeFetch, { RequestInit } from "node-fetch";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type QueryValue = string | number | boolean | string[] | undefined;

export interface HttpRequest {
    readonly method: HttpMethod;
    /** Path below the API's base URL, e.g. `/organizations/users`. */
    readonly path: string;
    readonly query?: Readonly<Record<string, QueryValue>>;
    readonly body?: unknown;
    /**
     * Whether sending the request twice has the effect of sending it once. Defaults to every method
     * but POST: a POST whose response was lost is left to the caller (see `createOnce`).
     */
    readonly idempotent?: boolean;
}

export interface HttpResponse<T> {
    readonly status: number;
    readonly body: T;
    header(name: string): string | undefined;
}

/** How one remote API authenticates, reports errors and signals rate limits. */
export interface ApiProfile {
    /** Human name used in errors: "Flat", "EduBase". */
    readonly name: string;
    readonly baseUrl: string;
    /** Authentication headers; their values are redacted from every error. */
    readonly authHeaders: Readonly<Record<string, string>>;
    /** Reads code, message and param of a failed response. */
    errorDetails(status: number, header: (name: string) => string | undefined, body: unknown): ErrorDetails;
    /**
     * Milliseconds to wait before retrying a response that says "rate limited", or undefined when the
     * response is not a rate-limit answer.
     */
    rateLimitWait(
        status: number,
        header: (name: string) => string | undefined,
        details: ErrorDetails,
    ): number | undefined;
}

export interface ErrorDetails {
    readonly code?: string;
    readonly message?: string;
    readonly param?: string;
}

/** Optional knobs; every default lives in `defaultHttpOptions`. */
export interface HttpOptions {
    timeoutMs?: number;
    retries?: number;
    baseDelayMs?: number;
    maxDelayMs?: number;
    /** Longest single wait for a rate-limit window to reset. */
    maxRateLimitWaitMs?: number;
    /** Requests in flight at once to one API from this process. */
    concurrency?: number;
    fetchImpl?: typeof nodeFetch;
}
export type HttpState = Required<HttpOptions>;

export const defaultHttpOptions: HttpState = {
    timeoutMs: 30_000,
    retries: 5,
    baseDelayMs: 400,
    maxDelayMs: 20_000,
    maxRateLimitWaitMs: 15 * 60_000,
    concurrency: 8,
    fetchImpl: nodeFetch,
};

/**
 * Overrides from the provider process's environment. The engine starts that process, so this is the
 * one way to tune it from outside (CI with slow networks, tests that shorten delays). Read when a
 * client is made, so a change applies to the next call.
 */
const envOptions: Readonly<Record<string, keyof Omit<HttpOptions, "fetchImpl">>> = {
    EDU_ORG_HTTP_TIMEOUT_MS: "timeoutMs",
    EDU_ORG_HTTP_RETRIES: "retries",
    EDU_ORG_HTTP_BASE_DELAY_MS: "baseDelayMs",
    EDU_ORG_HTTP_MAX_DELAY_MS: "maxDelayMs",
    EDU_ORG_HTTP_MAX_RATE_LIMIT_WAIT_MS: "maxRateLimitWaitMs",
    EDU_ORG_HTTP_CONCURRENCY: "concurrency",
};
export function httpOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): HttpOptions {
    const options: HttpOptions = {};
    for (const [name, key] of Object.entries(envOptions)) {
        const raw = env[name];
        if (raw === undefined || raw === "") continue;
        const n = Number(raw);
        // A typo must not silently become "no timeout" or "no concurrency".
        if (!Number.isInteger(n) || n < (key === "retries" ? 0 : 1))
            throw new Error(
                `${name} must be a whole number${key === "retries" ? "" : " above 0"}, got ${JSON.stringify(raw)}`,
            );
        options[key] = n;
    }
    return options;
}

/** Overrides applied to every client of the process (tests shorten delays; benchmarks raise caps). */
let processOptions: HttpOptions = {};
export function setHttpOptions(options: HttpOptions): void {
    processOptions = { ...options };
}

export class ApiError extends Error {
    /** True when the request may have taken effect although no answer arrived (lost response). */
    readonly uncertain: boolean;
    constructor(
        readonly api: string,
        readonly method: HttpMethod,
        readonly path: string,
        readonly status: number,
        readonly code: string | undefined,
        readonly detail: string | undefined,
        readonly param: string | undefined,
        uncertain = false,
    ) {
        super(formatError(api, method, path, status, code, detail, param));
        this.name = "ApiError";
        this.uncertain = uncertain;
    }
}

function formatError(
    api: string,
    method: string,
    path: string,
    status: number,
    code?: string,
    detail?: string,
    param?: string,
): string {
    const what = status === 0 ? "no response" : String(status);
    return `${api} API ${method} ${path} failed: ${what}${code ? ` ${code}` : ""}${detail ? ` ${JSON.stringify(detail)}` : ""}${param ? ` (param ${param})` : ""}`;
}

/** The status of an ApiError, or undefined for any other error. */
export function statusOf(err: unknown): number | undefined {
    return err instanceof ApiError ? err.status : undefined;
}

/** Replaces every occurrence of the given secrets (and their URL-encoded forms) with `[secret]`. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
    let out = text;
    for (const s of secrets) {
        if (!s || s.length < 4) continue;
        for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join("[secret]");
    }
    return out;
}

/** What one attempt ended with, as `shouldRetry` sees it. */
export type Attempt =
    | { kind: "network"; timedOut: boolean }
    | { kind: "response"; status: number; rateLimitWaitMs?: number; retryAfterMs?: number };

/**
 * Pure retry decision: network errors, timeouts, 5xx and 429 are retried when the request is
 * idempotent; rate-limit answers are retried for every request (the server refused before acting);
 * any other 4xx is final.
 */
export function shouldRetry(attempt: Attempt, idempotent: boolean): boolean {
    if (attempt.kind === "network") return idempotent;
    if (attempt.rateLimitWaitMs !== undefined || attempt.status === 429) return true;
    return attempt.status >= 500 && idempotent;
}

/** Full-jitter exponential backoff: a random delay in [0, min(max, base·2^n)]. */
export function backoffDelay(
    retry: number,
    state: Pick<HttpState, "baseDelayMs" | "maxDelayMs">,
    random = Math.random,
): number {
    return Math.floor(random() * Math.min(state.maxDelayMs, state.baseDelayMs * 2 ** retry));
}

/** Process-wide limiter per API: a counting semaphore plus a shared "paused until" instant. */
class Limiter {
    private active = 0;
    private readonly waiting: (() => void)[] = [];
    pausedUntil = 0;
    async acquire(max: number): Promise<void> {
        while (this.active >= max) await new Promise<void>((resolve) => this.waiting.push(resolve));
        this.active++;
    }
    release(): void {
        this.active--;
        this.waiting.shift()?.();
    }
}
const limiters = new Map<string, Limiter>();
function limiterFor(api: string): Limiter {
    let l = limiters.get(api);
    if (!l) limiters.set(api, (l = new Limiter()));
    return l;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class HttpClient {
    private readonly state: HttpState;
    constructor(
        private readonly profile: ApiProfile,
        options: HttpOptions = {},
    ) {
        this.state = { ...defaultHttpOptions, ...httpOptionsFromEnv(), ...processOptions, ...options };
    }

    async request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
        const idempotent = req.idempotent ?? req.method !== "POST";
        const limiter = limiterFor(this.profile.name);
        // Counted apart: a run of rate-limit waits must not leave a later 5xx without its retries.
        let failures = 0;
        let waits = 0;
        for (;;) {
            // The pause is checked again once a slot is ours: requests queued behind the cap when a
            // refusal came in must wait too, not spend the exhausted quota on more refusals.
            for (;;) {
                await limiter.acquire(this.state.concurrency);
                const paused = limiter.pausedUntil - Date.now();
                if (paused <= 0) break;
                limiter.release();
                await sleep(paused);
            }
            let attempt: Attempt;
            let failure: ApiError;
            try {
                const res = await this.send(req);
                if (res.status < 400) return res as HttpResponse<T>;
                const details = this.profile.errorDetails(res.status, res.header, res.body);
                const rateLimitWaitMs = this.profile.rateLimitWait(res.status, res.header, details);
                const retryAfter = Number(res.header("retry-after"));
                attempt = {
                    kind: "response",
                    status: res.status,
                    rateLimitWaitMs,
                    retryAfterMs: retryAfter > 0 ? retryAfter * 1000 : undefined,
                };
                failure = this.error(req, res.status, details, false);
            } catch (err) {
                if (err instanceof ApiError) throw err;
                const timedOut = (err as Error)?.name === "AbortError";
                attempt = { kind: "network", timedOut };
                failure = this.error(
                    req,
                    0,
                    {
                        code: timedOut ? "TIMEOUT" : "NETWORK_ERROR",
                        message: timedOut ? `no answer within ${this.state.timeoutMs} ms` : (err as Error)?.message,
                    },
                    !idempotent,
                );
            } finally {
                limiter.release();
            }
            const rateLimited =
                attempt.kind === "response" && (attempt.rateLimitWaitMs !== undefined || attempt.status === 429);
            // Rate-limit waits do not use up the retry budget: they end when the window resets.
            const budgetLeft = rateLimited ? waits++ < this.state.retries * 4 : failures++ < this.state.retries;
            if (!budgetLeft || !shouldRetry(attempt, idempotent)) throw failure;
            let delay = backoffDelay(rateLimited ? waits - 1 : failures - 1, this.state);
            if (attempt.kind === "response") {
                const wait = attempt.rateLimitWaitMs ?? attempt.retryAfterMs;
                if (wait !== undefined) {
                    if (wait > this.state.maxRateLimitWaitMs) throw failure;
                    delay = wait + backoffDelay(0, this.state);
                    // Every request to this API waits, not only the one that was refused.
                    limiter.pausedUntil = Math.max(limiter.pausedUntil, Date.now() + delay);
                }
            }
            await sleep(delay);
        }
    }

    private async send(req: HttpRequest): Promise<HttpResponse<unknown>> {
        const url = this.profile.baseUrl.replace(/\/+$/, "") + req.path + encodeQuery(req.query);
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), this.state.timeoutMs);
        const init: RequestInit = {
            method: req.method,
            headers: {
                accept: "application/json",
                ...this.profile.authHeaders,
                ...(req.body !== undefined ? { "content-type": "application/json" } : {}),
            },
            body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
            signal: controller.signal as RequestInit["signal"],
        };
        try {
            const res = await this.state.fetchImpl(url, init);
            const text = await res.text();
            let body: unknown = text;
            if (text) {
                try {
                    body = JSON.parse(text);
                } catch {
                    /* non-JSON bodies are kept as text */
                }
            } else body = undefined;
            return { status: res.status, body, header: (name) => res.headers.get(name) ?? undefined };
        } finally {
            clearTimeout(timer);
        }
    }

    private error(req: HttpRequest, status: number, details: ErrorDetails, uncertain: boolean): ApiError {
        const secrets = [
            ...Object.values(this.profile.authHeaders).flatMap((v) => [v, v.replace(/^Bearer /, "")]),
            ...bodySecrets(req.body),
        ];
        const clean = (s?: string) => (s === undefined ? undefined : redact(s, secrets));
        return new ApiError(
            this.profile.name,
            req.method,
            clean(req.path)!,
            status,
            clean(details.code),
            clean(details.message),
            clean(details.param),
            uncertain,
        );
    }
}

/** Fields of a request body whose values an API may echo in an error (a password "too weak"): never repeated. */
const SECRET_FIELD = /password|secret|token/i;
function bodySecrets(body: unknown): string[] {
    if (!body || typeof body !== "object") return [];
    return Object.entries(body).flatMap(([k, v]) => (SECRET_FIELD.test(k) && typeof v === "string" ? [v] : []));
}

/** `a=1&role=x&role=y`: arrays in OpenAPI's default form/explode style. */
export function encodeQuery(query?: Readonly<Record<string, QueryValue>>): string {
    if (!query) return "";
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
    }
    const s = params.toString();
    return s ? `?${s}` : "";
}

/**
 * The one HTTP layer both APIs go through: node-fetch v2 with a per-request timeout, retries with
 * exponential backoff and full jitter, rate-limit waits, a process-wide concurrency cap per API and
 * errors that never carry a secret.
 *
 * Every dynamic resource of a deployment runs in one provider process, so the limiter state below is
 * shared by all of them: at 5,000 users the cap, not the engine's parallelism, decides the load.
 */
import * as pulumi from "@pulumi/pulumi";
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
    header: (name: string) => string | undefined;
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
     * response is not a rate-limit answer. `now` is the client's clock.
     */
    rateLimitWait(
        status: number,
        header: (name: string) => string | undefined,
        details: ErrorDetails,
        now: number,
    ): number | undefined;
    /** What is left of the quota, from the headers of any response (when the API reports it). */
    quota?(header: (name: string) => string | undefined): Quota | undefined;
}

export interface Quota {
    readonly limit: number;
    readonly remaining: number;
    /** When the window resets, epoch ms. */
    readonly resetAt: number;
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
    /** Longest single wait for a rate-limit window to reset (Flat's window is an hour). */
    maxRateLimitWaitMs?: number;
    /** Requests in flight at once to one API from this process. */
    concurrency?: number;
    fetchImpl?: typeof nodeFetch;
    /** The clock, epoch ms (tests use a fake one). */
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
    /** Where long waits are announced: the engine's log, shown in the CLI's output. */
    announce?: (message: string) => void;
}
export type HttpState = Required<HttpOptions>;

export const defaultHttpOptions: HttpState = {
    timeoutMs: 30_000,
    retries: 5,
    baseDelayMs: 400,
    maxDelayMs: 20_000,
    maxRateLimitWaitMs: 65 * 60_000,
    concurrency: 8,
    fetchImpl: nodeFetch,
    now: () => Date.now(),
    sleep: (ms) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    announce: (message) => void pulumi.log.info(message),
};

/** Waits at least this long are announced; shorter ones are routine backoff. */
const ANNOUNCED_WAIT_MS = 10_000;

/**
 * Below this many requests left in the window, requests are spread over the time until the reset
 * instead of spending the rest in a burst and being refused: 2% of the quota (144 of Flat's 7,200
 * an hour), and never fewer than two rounds of the concurrency cap.
 */
export function lowWater(quota: Pick<Quota, "limit">, concurrency: number): number {
    return Math.max(2 * concurrency, Math.ceil(quota.limit * 0.02));
}

/**
 * Overrides from the provider process's environment. The engine starts that process, so this is the
 * one way to tune it from outside (CI with slow networks, tests that shorten delays). Read when a
 * client is made, so a change applies to the next call.
 */
const envOptions: Readonly<Record<string, keyof Omit<HttpOptions, "fetchImpl" | "now" | "sleep" | "announce">>> = {
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
    return (
        `${api} API ${method} ${path} failed: ` +
        `${what}${code ? ` ${code}` : ""}${detail ? ` ${JSON.stringify(detail)}` : ""}${param ? ` (param ${param})` : ""}`
    );
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

/**
 * Process-wide limiter per API: a counting semaphore, a shared "paused until" instant (a refusal
 * pauses every request), and the pacing that spreads the last requests of a quota window.
 */
class Limiter {
    private active = 0;
    private readonly waiting: (() => void)[] = [];
    pausedUntil = 0;
    /** Earliest instant of the next send while paced, and the spacing between sends (0: not paced). */
    nextSendAt = 0;
    spacingMs = 0;
    /** The reset instant last announced, so that each wait is announced once. */
    announcedResetAt = 0;
    async acquire(max: number): Promise<void> {
        while (this.active >= max) await new Promise<void>((resolve) => this.waiting.push(resolve));
        this.active++;
    }
    release(): void {
        this.active--;
        this.waiting.shift()?.();
    }
}
/** One limiter per API and clock: its instants only mean something on the clock that set them. */
const limiters = new Map<HttpState["now"], Map<string, Limiter>>();
function limiterFor(api: string, clock: HttpState["now"]): Limiter {
    let byApi = limiters.get(clock);
    if (!byApi) limiters.set(clock, (byApi = new Map<string, Limiter>()));
    let l = byApi.get(api);
    if (!l) byApi.set(api, (l = new Limiter()));
    return l;
}

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
        const limiter = limiterFor(this.profile.name, this.state.now);
        // Counted apart: a run of rate-limit waits must not leave a later 5xx without its retries.
        let failures = 0;
        let waits = 0;
        const { now, sleep } = this.state;
        for (;;) {
            // The pause is checked again once a slot is ours: requests queued behind the cap when a
            // refusal came in must wait too, not spend the exhausted quota on more refusals.
            for (;;) {
                await limiter.acquire(this.state.concurrency);
                const paused = Math.max(limiter.pausedUntil, limiter.nextSendAt) - now();
                if (paused <= 0) break;
                limiter.release();
                await sleep(paused);
            }
            if (limiter.spacingMs > 0) limiter.nextSendAt = now() + limiter.spacingMs;
            let attempt: Attempt;
            let failure: ApiError;
            try {
                const res = await this.send(req);
                this.pace(limiter, res.header);
                if (res.status < 400) return res as HttpResponse<T>;
                const details = this.profile.errorDetails(res.status, res.header, res.body);
                const rateLimitWaitMs = this.profile.rateLimitWait(res.status, res.header, details, now());
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
                // The network error stays reachable as the cause of the API error that reports it.
                failure = Object.assign(
                    this.error(
                        req,
                        0,
                        {
                            code: timedOut ? "TIMEOUT" : "NETWORK_ERROR",
                            message: timedOut ? `no answer within ${this.state.timeoutMs} ms` : (err as Error)?.message,
                        },
                        !idempotent,
                    ),
                    { cause: err },
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
                    limiter.pausedUntil = Math.max(limiter.pausedUntil, now() + delay);
                    const resetAt = now() + wait;
                    this.announce(
                        limiter,
                        resetAt,
                        wait,
                        `${this.profile.name} quota used up; waiting ${duration(wait)} until ${clockTime(resetAt)}`,
                    );
                }
            }
            await sleep(delay);
        }
    }

    /**
     * Spreads the last requests of a quota window over the time left until its reset, so the window
     * ends without a burst of refusals; pacing stops once a response shows a fresh window.
     */
    private pace(limiter: Limiter, header: (name: string) => string | undefined): void {
        const quota = this.profile.quota?.(header);
        if (!quota) return;
        const t = this.state.now();
        if (quota.remaining > lowWater(quota, this.state.concurrency) || quota.resetAt <= t) {
            limiter.spacingMs = 0;
            limiter.nextSendAt = 0;
            return;
        }
        const left = Math.max(0, quota.remaining);
        const spacing = Math.ceil((quota.resetAt - t) / (left + 1));
        // Beyond the longest allowed wait, the next request goes and its refusal fails the request.
        if (spacing > this.state.maxRateLimitWaitMs) return;
        limiter.spacingMs = spacing;
        limiter.nextSendAt = Math.max(limiter.nextSendAt, t + limiter.spacingMs);
        this.announce(
            limiter,
            quota.resetAt,
            limiter.spacingMs,
            left === 0
                ? `${this.profile.name} quota used up; waiting ${duration(quota.resetAt - t)} until ` +
                      `${clockTime(quota.resetAt)}`
                : `${this.profile.name} quota nearly used up (${left} of ${quota.limit} requests left until ` +
                      `${clockTime(quota.resetAt)}); spacing requests ${duration(limiter.spacingMs)} apart`,
        );
    }

    /** Announces a long wait once per quota window (the window that resets at `resetAt`). */
    private announce(limiter: Limiter, resetAt: number, waitMs: number, message: string): void {
        if (waitMs < ANNOUNCED_WAIT_MS || resetAt <= limiter.announcedResetAt + 1000) return;
        limiter.announcedResetAt = resetAt;
        this.state.announce(message);
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
            signal: controller.signal,
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

/** `42 min`, `35 s`: a wait as a person reads it. */
function duration(ms: number): string {
    return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.ceil(ms / 1000)} s`;
}

/** `15:00 UTC` */
function clockTime(epochMs: number): string {
    return `${new Date(epochMs).toISOString().slice(11, 16)} UTC`;
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

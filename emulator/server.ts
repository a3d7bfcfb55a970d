/**
 * The emulator's shared HTTP server: routes each request to the API module mounted at its prefix and
 * owns everything transport-level — recording, counters, in-flight tracking, latency, fault
 * injection — plus the admin interface under `/_emulator/`.
 */
import * as http from "node:http";
import type { Socket } from "node:net";
import type {
    ApiModule,
    ApiName,
    EmulatorRequest,
    EmulatorResponse,
    FaultKind,
    FaultRule,
    RecordedExchange,
} from "./types";

export interface ServerOptions {
    /** Port on 127.0.0.1; 0 (default) picks a free one. */
    port?: number;
    /** Delay added before every API request is handled. */
    latencyMs?: number;
}

export interface ExchangeFilter {
    api?: ApiName;
    method?: string;
    /** Prefix of the API path (below the module prefix), or a regular expression on it. */
    path?: string | RegExp;
}

export interface EmulatorServer {
    readonly url: string;
    readonly port: number;
    /** Every API exchange so far, in order of completion. */
    readonly exchanges: RecordedExchange[];
    count: (filter?: ExchangeFilter) => number;
    resetRecords: () => void;
    addFault: (rule: FaultRule) => void;
    clearFaults: () => void;
    faultsInjected: () => number;
    faultRules: () => readonly FaultRule[];
    setLatency: (ms: number) => void;
    /** Highest number of requests to `api` handled at the same time since the last `resetRecords`. */
    maxInFlight: (api: ApiName) => number;
    close: () => Promise<void>;
}

/** A rule plus its remaining budget; `times` counts down here so the caller's object stays intact. */
interface ActiveRule {
    readonly rule: FaultRule;
    remaining: number;
}

const defaultStallMs = 10 * 60 * 1000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function matchesPath(path: string, pattern: string | RegExp | undefined): boolean {
    if (pattern === undefined) return true;
    return typeof pattern === "string" ? path.startsWith(pattern) : pattern.test(path);
}

export function matchesFilter(exchange: RecordedExchange, filter: ExchangeFilter = {}): boolean {
    return (
        (filter.api === undefined || exchange.api === filter.api) &&
        (filter.method === undefined || exchange.method === filter.method.toUpperCase()) &&
        matchesPath(exchange.path, filter.path)
    );
}

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
    const record: Record<string, string | string[]> = {};
    for (const key of new Set(query.keys())) {
        const values = query.getAll(key);
        record[key] = values.length === 1 ? values[0] : values;
    }
    return record;
}

function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on("data", (chunk: Buffer) => chunks.push(chunk));
        req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        req.on("error", reject);
    });
}

/** Parsed JSON, or undefined when the body is empty or not JSON (the module then answers 400). */
function parseJson(raw: string): unknown {
    if (raw.trim() === "") return undefined;
    try {
        return JSON.parse(raw);
    } catch {
        return undefined;
    }
}

function send(res: http.ServerResponse, answer: EmulatorResponse): void {
    const headers: Record<string, string> = { ...(answer.headers ?? {}) };
    const payload = answer.body === undefined ? undefined : JSON.stringify(answer.body);
    if (payload !== undefined) headers["content-type"] = "application/json; charset=utf-8";
    res.writeHead(answer.status, headers);
    res.end(payload);
}

/** A FaultRule from the admin route's JSON, where a regular expression travels as `pathRegex`. */
export function faultRuleFromJson(json: unknown): FaultRule | string {
    if (typeof json !== "object" || json === null) return "body must be a JSON FaultRule";
    const { pathRegex, ...rest } = json as Record<string, unknown>;
    const kinds: FaultKind[] = ["latency", "status", "dropBefore", "dropAfter", "stall"];
    if (!kinds.includes(rest.kind as FaultKind)) return `kind must be one of ${kinds.join(", ")}`;
    if (rest.path !== undefined && typeof rest.path !== "string") return "path must be a string";
    if (pathRegex !== undefined) {
        if (typeof pathRegex !== "string") return "pathRegex must be a string";
        try {
            return { ...(rest as unknown as FaultRule), path: new RegExp(pathRegex) };
        } catch (error) {
            return `pathRegex is invalid: ${(error as Error).message}`;
        }
    }
    return rest as unknown as FaultRule;
}

export async function startServer(modules: ApiModule[], options: ServerOptions = {}): Promise<EmulatorServer> {
    const exchanges: RecordedExchange[] = [];
    let rules: ActiveRule[] = [];
    let injected = 0;
    let latencyMs = options.latencyMs ?? 0;
    const inFlight = new Map<ApiName, number>();
    const maxInFlight = new Map<ApiName, number>();
    const sockets = new Set<Socket>();
    const timers = new Set<NodeJS.Timeout>();

    /** The first rule that matches and passes its probability; consumes one of its `times`. */
    function pickFault(api: ApiName, method: string, path: string): FaultRule | undefined {
        for (const active of rules) {
            const { rule } = active;
            if (rule.api !== undefined && rule.api !== api) continue;
            if (rule.method !== undefined && rule.method.toUpperCase() !== method) continue;
            if (!matchesPath(path, rule.path)) continue;
            if (Math.random() >= (rule.probability ?? 1)) continue;
            active.remaining -= 1;
            if (active.remaining <= 0) rules = rules.filter((r) => r !== active);
            injected += 1;
            return rule;
        }
        return undefined;
    }

    function adminAnswer(req: EmulatorRequest): EmulatorResponse {
        const route = `${req.method} ${req.path}`;
        switch (route) {
            case "GET /state":
                return {
                    status: 200,
                    body: {
                        apis: Object.fromEntries(modules.map((m) => [m.name, m.snapshot()])),
                        requests: exchanges.length,
                        faultsInjected: injected,
                        latencyMs,
                        faults: rules.map(({ rule }) => ({
                            ...rule,
                            path: rule.path instanceof RegExp ? String(rule.path) : rule.path,
                        })),
                    },
                };
            case "GET /requests":
                return { status: 200, body: exchanges };
            case "POST /faults": {
                const rule = faultRuleFromJson(req.body);
                if (typeof rule === "string") return { status: 400, body: { error: rule } };
                server.addFault(rule);
                return { status: 200, body: { faults: rules.length } };
            }
            case "DELETE /faults":
                server.clearFaults();
                return { status: 204 };
            case "POST /reset":
                for (const m of modules) m.reset();
                server.resetRecords();
                server.clearFaults();
                latencyMs = options.latencyMs ?? 0;
                return { status: 204 };
            case "POST /latency": {
                const ms = (req.body as { ms?: unknown } | undefined)?.ms;
                if (typeof ms !== "number" || ms < 0)
                    return { status: 400, body: { error: "ms must be a number >= 0" } };
                latencyMs = ms;
                return { status: 204 };
            }
        }
        for (const m of modules) {
            const answer = m.admin?.({ ...req, api: m.name });
            if (answer) return answer;
        }
        return { status: 404, body: { error: `no admin route ${route}` } };
    }

    async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const parsed = new URL(req.url ?? "/", "http://127.0.0.1");
        const method = (req.method ?? "GET").toUpperCase();
        const rawBody = await readBody(req);
        const body = parseJson(rawBody);
        const requestFor = (api: ApiName, path: string): EmulatorRequest => ({
            api,
            method,
            path,
            query: parsed.searchParams,
            headers: req.headers,
            body,
            rawBody,
        });

        if (parsed.pathname.startsWith("/_emulator/")) {
            // Admin requests reuse EmulatorRequest; `api` is overwritten for each module hook.
            send(res, adminAnswer(requestFor("flat", parsed.pathname.slice("/_emulator".length))));
            return;
        }
        const mod = modules.find((m) => parsed.pathname === m.prefix || parsed.pathname.startsWith(`${m.prefix}/`));
        if (!mod) {
            send(res, { status: 404, body: { error: `no emulated API at ${parsed.pathname}` } });
            return;
        }

        const api = mod.name;
        const path = parsed.pathname.slice(mod.prefix.length) || "/";
        const request = requestFor(api, path);
        const record = (answer: EmulatorResponse, fault?: FaultKind) => {
            exchanges.push({
                api,
                method,
                path,
                query: queryRecord(parsed.searchParams),
                requestHeaders: req.headers,
                requestBody: body ?? (rawBody === "" ? undefined : rawBody),
                status: answer.status,
                responseHeaders: { ...(answer.headers ?? {}) },
                responseBody: answer.body,
                ...(fault ? { fault } : {}),
            });
        };

        const current = (inFlight.get(api) ?? 0) + 1;
        inFlight.set(api, current);
        maxInFlight.set(api, Math.max(maxInFlight.get(api) ?? 0, current));
        try {
            if (latencyMs > 0) await sleep(latencyMs);
            const fault = pickFault(api, method, path);
            switch (fault?.kind) {
                case "dropBefore":
                    record({ status: 0 }, "dropBefore");
                    req.socket.destroy();
                    return;
                case "stall": {
                    record({ status: 0 }, "stall");
                    await new Promise<void>((resolve) => {
                        const timer = setTimeout(() => {
                            timers.delete(timer);
                            resolve();
                        }, fault.ms ?? defaultStallMs);
                        timers.add(timer);
                        req.socket.once("close", () => {
                            clearTimeout(timer);
                            timers.delete(timer);
                            resolve();
                        });
                    });
                    req.socket.destroy();
                    return;
                }
                case "status": {
                    const status = fault.status ?? 500;
                    const answer: EmulatorResponse = {
                        status,
                        body: fault.body ?? { code: "EMULATOR_FAULT", message: `Injected fault: HTTP ${status}` },
                    };
                    record(answer, "status");
                    send(res, answer);
                    return;
                }
                case "latency":
                    await sleep(fault.ms ?? 0);
                    break;
            }
            const answer = await mod.handle(request);
            record(answer, fault?.kind);
            if (fault?.kind === "dropAfter") {
                req.socket.destroy();
                return;
            }
            send(res, answer);
        } finally {
            inFlight.set(api, (inFlight.get(api) ?? 1) - 1);
        }
    }

    const httpServer = http.createServer((req, res) => {
        handle(req, res).catch((error: unknown) => {
            if (res.headersSent) {
                res.destroy();
                return;
            }
            send(res, {
                status: 500,
                body: { code: "INTERNAL_SERVER_ERROR", message: `emulator bug: ${(error as Error).message}` },
            });
        });
    });
    httpServer.on("connection", (socket) => {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(options.port ?? 0, "127.0.0.1", () => resolve());
    });
    const port = (httpServer.address() as { port: number }).port;

    const server: EmulatorServer = {
        url: `http://127.0.0.1:${port}`,
        port,
        exchanges,
        count: (filter) => exchanges.filter((e) => matchesFilter(e, filter)).length,
        resetRecords() {
            exchanges.length = 0;
            injected = 0;
            maxInFlight.clear();
        },
        addFault(rule) {
            rules.push({ rule, remaining: rule.times ?? Infinity });
        },
        clearFaults() {
            rules = [];
        },
        faultsInjected: () => injected,
        faultRules: () => rules.map((r) => r.rule),
        setLatency(ms) {
            latencyMs = ms;
        },
        maxInFlight: (api) => maxInFlight.get(api) ?? 0,
        close() {
            for (const timer of timers) clearTimeout(timer);
            timers.clear();
            for (const socket of sockets) socket.destroy();
            return new Promise((resolve, reject) => httpServer.close((error) => (error ? reject(error) : resolve())));
        },
    };
    return server;
}

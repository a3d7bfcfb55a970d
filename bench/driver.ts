// The benchmark's phase driver: runs the scaled school program (program.ts) through the mock engine
// (tests/support/mockEngine.ts), which executes each resource's serialized `__provider` in one
// emulated provider process per run, against the emulator. Per phase it records the API requests by
// endpoint, wall time, peak memory, and the size of what lands in state.
//
// The provider must be loaded as users get it: `pulumi-edu-org` resolved to the copy installed under
// node_modules, so `__provider` is one require line. `measureState` fails the run otherwise.
import { performance } from "node:perf_hooks";
import type * as pulumi from "@pulumi/pulumi";
import { startEmulator, Emulator } from "../emulator";
import { MockEngine, OpKind } from "../tests/support/mockEngine";
import { edubaseStackConfig, flatStackConfig } from "../tests/support/examples";
import { secret, stripSecrets } from "../tests/support/secrets";
import { ORGANIZATIONS, roster, Roster, schoolProgram, withRoleChanges } from "./program";

export const PHASES = ["up", "preview (no change)", "up (no change)", "refresh", "update 10%", "destroy"] as const;
export type PhaseName = (typeof PHASES)[number];

export interface PhaseResult<P extends string = PhaseName> {
    readonly phase: P;
    /** `METHOD /path/template` → requests that reached the emulator. */
    readonly requests: Record<string, number>;
    readonly totalRequests: number;
    readonly wallMs: number;
    /** Peak resident set size of this process during the phase, sampled (bytes). */
    readonly peakRssBytes: number;
    /** Peak V8 heap in use during the phase, sampled (bytes). */
    readonly peakHeapBytes: number;
    /** V8 heap in use when the phase started, after a collection: what the phase added is peak minus this. */
    readonly startHeapBytes: number;
    /** Engine steps of the run: create, same, update, read, delete… */
    readonly ops: Partial<Record<OpKind, number>>;
    /** Resources with a `read` that changed something (refresh drift; 0 expected). */
    readonly drift: number;
    /** Resources in state after the phase. */
    readonly resources: number;
    /** State serialized like a state file (secrets encrypted), divided by the resources in it. */
    readonly stateBytesPerResource: number | null;
    /** The whole state so serialized. */
    readonly stateBytes: number;
}

export interface BenchRun {
    readonly n: number;
    readonly latencyMs: number;
    /** Flat users whose role the update phase changes. */
    readonly changedUsers: number;
    /** Resource type → bytes of its serialized `__provider` (stored twice per resource: inputs and outputs). */
    readonly providerBytes: Record<string, number>;
    readonly phases: PhaseResult[];
}

export interface BenchOptions {
    readonly n: number;
    /** Delay the emulator adds to every request. */
    readonly latencyMs: number;
    /** Memory sampling period. */
    readonly sampleMs?: number;
    /** Called as each phase ends (progress output). */
    readonly onPhase?: (result: PhaseResult) => void;
}

const PASSWORD = "bench-initial-pass";

export async function runBench(options: BenchOptions): Promise<BenchRun> {
    const base = roster(options.n);
    const { roster: updated, changed } = withRoleChanges(base);
    const em = await startEmulator({
        // Flat's 7,200 requests/hour would stall N = 5,000 for an hour: the quota is not what is measured here.
        flat: { rateLimit: { limit: Number.MAX_SAFE_INTEGER } },
    });
    try {
        seedEdubase(em, base);
        em.setLatency(options.latencyMs);
        const engine = newEngine(em, options.n);
        const phases: PhaseResult[] = [];
        let providerBytes: Record<string, number> = {};
        const phase = async (name: PhaseName, work: () => Promise<unknown>) => {
            const result = await measure(name, em, engine, work, options.sampleMs ?? 10);
            if (engine.state.size > 0) providerBytes = checkProviders(engine);
            phases.push(result);
            options.onPhase?.(result);
        };
        await phase("up", () => engine.up(schoolProgram(base)));
        await phase("preview (no change)", () => engine.preview(schoolProgram(base)));
        await phase("up (no change)", () => engine.up(schoolProgram(base)));
        await phase("refresh", () => engine.refresh());
        await phase("update 10%", () => engine.up(schoolProgram(updated)));
        await phase("destroy", () => engine.destroy());
        return { n: options.n, latencyMs: options.latencyMs, changedUsers: changed, providerBytes, phases };
    } finally {
        await em.close();
    }
}

function seedEdubase(em: Emulator, r: Roster): void {
    const api = em.edubase!;
    for (const organization of ORGANIZATIONS) api.seedOrganization({ organization, name: organization });
    for (const user of [...r.members, ...r.setMembers]) api.seedUser({ user, name: user });
}

/**
 * The mock engine, sampling memory at every resource registration too: a program run under mocks
 * is one long chain of promise callbacks, during which no timer fires.
 */
export class SampledEngine extends MockEngine {
    memory: PeakMemory | undefined;
    override newResource(args: pulumi.runtime.MockResourceArgs): Promise<pulumi.runtime.MockResourceResult> {
        this.memory?.poke();
        return super.newResource(args);
    }
}

/** `n`: removals the run's destroy needs (the budgets are raised to match); `config`: more stack config. */
export function newEngine(em: Emulator, n: number, config: Record<string, unknown> = {}): SampledEngine {
    return new SampledEngine({
        project: "school-bench",
        config: {
            ...flatStackConfig(em),
            ...edubaseStackConfig(em),
            initialPassword: secret(PASSWORD),
            // The destroy phase removes every account and membership: the budgets are raised to match.
            "flat:maxUserRemovals": String(n),
            "edubase:maxMembershipRemovals": String(n),
            ...config,
        },
    });
}

export async function measure<P extends string>(
    phase: P,
    em: Emulator,
    engine: SampledEngine,
    work: () => Promise<unknown>,
    sampleMs: number,
): Promise<PhaseResult<P>> {
    em.resetRecords();
    em.edubase!.clearRequests();
    const memory = (engine.memory = new PeakMemory(sampleMs));
    const started = performance.now();
    try {
        await work();
    } finally {
        memory.stop();
        engine.memory = undefined;
    }
    const wallMs = performance.now() - started;
    const requests: Record<string, number> = {};
    for (const x of em.exchanges) {
        const key = endpoint(x.method, x.path);
        requests[key] = (requests[key] ?? 0) + 1;
    }
    const ops: Partial<Record<OpKind, number>> = {};
    for (const o of engine.lastOps) ops[o.op] = (ops[o.op] ?? 0) + 1;
    const resources = engine.state.size;
    const stateBytes = resources ? Buffer.byteLength(engine.stateText()) : 0;
    return {
        phase,
        requests,
        totalRequests: em.exchanges.length,
        wallMs,
        peakRssBytes: memory.peakRss,
        peakHeapBytes: memory.peakHeap,
        startHeapBytes: memory.startHeap,
        ops,
        drift: engine.lastOps.filter((o) => o.changed).length,
        resources,
        stateBytesPerResource: resources ? stateBytes / resources : null,
        stateBytes,
    };
}

/** `PUT /organizations/users/{id}`: ids (segments with digits, 8+ characters) become `{id}`. */
export function endpoint(method: string, path: string): string {
    return `${method} ${path
        .split("/")
        .map((s) => (s.length >= 8 && /\d/.test(s) ? "{id}" : s))
        .join("/")}`;
}

/**
 * Every stored `__provider` (inputs and outputs) must be one require of the installed package: a
 * by-value copy (the package resolved outside node_modules) would make every number here meaningless.
 * Returns the bytes per resource type.
 */
export function checkProviders(engine: MockEngine): Record<string, number> {
    const bytes: Record<string, number> = {};
    for (const e of engine.state.values()) {
        for (const text of [
            stripSecrets<Record<string, unknown>>(e.inputs).__provider,
            stripSecrets<Record<string, unknown>>(e.outputs).__provider,
        ]) {
            const requires = typeof text === "string" ? text.match(/require\([^)]*\)/g) : null;
            if (
                typeof text !== "string" ||
                requires?.length !== 1 ||
                !/^require\("pulumi-edu-org\/dist\//.test(requires[0])
            ) {
                throw new Error(
                    `${e.key}: __provider is not one require line of the installed pulumi-edu-org (${typeof text === "string" ? `${Buffer.byteLength(text)} bytes` : "missing"}); run from a directory whose package.json is not the repository's`,
                );
            }
            const type = e.type.replace(/^pulumi-nodejs:dynamic\//, "");
            bytes[type] = Math.max(bytes[type] ?? 0, Buffer.byteLength(text));
        }
    }
    return bytes;
}

/** Peak RSS and heap of this process, sampled every `periodMs` (timer or `poke`) and at start and stop. */
class PeakMemory {
    peakRss = 0;
    peakHeap = 0;
    startHeap = 0;
    private last = 0;
    private readonly timer: NodeJS.Timeout;
    constructor(private readonly periodMs: number) {
        // Under `node --expose-gc`, start from a collected heap so phases do not inherit garbage.
        (globalThis as { gc?: () => void }).gc?.();
        this.sample();
        this.startHeap = this.peakHeap;
        this.timer = setInterval(() => this.sample(), periodMs);
    }
    poke(): void {
        if (performance.now() - this.last >= this.periodMs) this.sample();
    }
    stop(): void {
        clearInterval(this.timer);
        this.sample();
    }
    private sample(): void {
        const m = process.memoryUsage();
        this.last = performance.now();
        this.peakRss = Math.max(this.peakRss, m.rss);
        this.peakHeap = Math.max(this.peakHeap, m.heapUsed);
    }
}

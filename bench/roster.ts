// The roster mode of the benchmark: a district's N students as one `flat.OrganizationUsers` (plus,
// optionally, one `edubase.OrganizationMembers` set of M members), through the same mock engine and
// emulator as the per-resource benchmark. Phases: first up, no-change preview and up, refresh, a role
// change for 1% of the users, removal of 1%, destroy. The quota runs put Flat's 7,200 requests per
// (shortened) window back: a first up of N accounts must complete through the waits, and so must a
// first up whose provider process is killed part way, completed by a second up.
import { fork } from "node:child_process";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { edubase, flat } from "pulumi-edu-org";
import { Emulator, startEmulator } from "../emulator";
import { MockEngine } from "../tests/support/mockEngine";
import { flatStackConfig } from "../tests/support/examples";
import { secret } from "../tests/support/secrets";
import { checkProviders, measure, newEngine, PhaseResult } from "./driver";

export const ROSTER_PHASES = [
    "up",
    "preview (no change)",
    "up (no change)",
    "refresh",
    "update 1% roles",
    "remove 1%",
    "destroy",
] as const;
export type RosterPhase = (typeof ROSTER_PHASES)[number];

export const DISTRICT = "ORG_DISTRICT";

export interface Student {
    readonly username: string;
    readonly email: string;
    readonly firstname: string;
    readonly lastname: string;
    readonly role: "user" | "teacher";
}

/** N accounts as a roster reader returns them; one in twenty a teacher. */
export function students(n: number): Student[] {
    return Array.from({ length: n }, (_, i) => {
        const username = `st${String(i).padStart(6, "0")}`;
        return {
            username,
            email: `${username}@district.example`,
            firstname: "Student",
            lastname: String(i),
            role: i % 20 === 0 ? "teacher" : "user",
        };
    });
}

/** Every hundredth user changes role: the "update 1% roles" phase. */
export const withRoleChanges = (users: readonly Student[]): Student[] =>
    users.map((u, i) => (i % 100 === 50 ? { ...u, role: u.role === "user" ? "teacher" : "user" } : u));

/** Every hundredth user leaves: the "remove 1%" phase. */
export const withRemovals = (users: readonly Student[]): Student[] => users.filter((_, i) => i % 100 !== 99);

export const edubaseCodes = (m: number) => Array.from({ length: m }, (_, i) => `EB_S${String(i).padStart(6, "0")}`);

export function rosterProgram(users: readonly Student[], members: readonly string[]): () => Promise<void> {
    return async () => {
        const cfg = new pulumi.Config();
        new flat.OrganizationUsers("students", { users, initialPassword: cfg.requireSecret("initialPassword") });
        if (members.length)
            new edubase.OrganizationMembers("district-staff", {
                organizations: [DISTRICT],
                users: [...members],
                permissionOrganization: "member",
                permissionContent: "view",
            });
    };
}

export interface RosterRun {
    readonly n: number;
    /** The accounts existed before the first up, which adopted them; no destroy phase. */
    readonly seeded: boolean;
    readonly edubaseMembers: number;
    readonly latencyMs: number;
    readonly changedUsers: number;
    readonly removedUsers: number;
    readonly providerBytes: Record<string, number>;
    readonly phases: PhaseResult<RosterPhase>[];
}

export interface RosterOptions {
    readonly n: number;
    readonly edubaseMembers: number;
    readonly latencyMs: number;
    /**
     * Seed the accounts into the emulator so that the first up adopts them (one list, no write), and
     * leave destroy out: the phases the goals are about, without the hour of writes a shared machine
     * needs to create and delete 50,000 accounts one by one.
     */
    readonly seeded?: boolean;
    readonly onPhase?: (result: PhaseResult<RosterPhase>) => void;
}

/** Config every roster run needs: budgets that let destroy take everything (a user raises them the same way). */
function budgets(n: number, m: number): Record<string, string> {
    return { "flat:maxUserRemovals": String(n), "edubase:maxMembershipRemovals": String(Math.max(m, 25)) };
}

function seedEdubase(em: Emulator, members: readonly string[]): void {
    const api = em.edubase!;
    api.seedOrganization({ organization: DISTRICT, name: "District" });
    for (const user of members) api.seedUser({ user, name: user });
}

export async function runRosterBench(options: RosterOptions): Promise<RosterRun> {
    const base = students(options.n);
    const changed = withRoleChanges(base);
    const removed = withRemovals(changed);
    const members = edubaseCodes(options.edubaseMembers);
    const em = await startEmulator({ flat: { rateLimit: { limit: Number.MAX_SAFE_INTEGER } } });
    try {
        seedEdubase(em, members);
        if (options.seeded)
            em.flat.seedUsers(
                base.map(({ role, ...u }) => ({ ...u, organizationRole: role, password: "set-by-the-school" })),
            );
        em.setLatency(options.latencyMs);
        const engine = newEngine(em, Math.max(options.n, options.edubaseMembers));
        const phases: PhaseResult<RosterPhase>[] = [];
        let providerBytes: Record<string, number> = {};
        const phase = async (name: RosterPhase, work: () => Promise<unknown>) => {
            const result = await measure(name, em, engine, work, 10);
            if (engine.state.size > 0) providerBytes = checkProviders(engine);
            phases.push(result);
            options.onPhase?.(result);
        };
        await phase("up", () => engine.up(rosterProgram(base, members)));
        await phase("preview (no change)", () => engine.preview(rosterProgram(base, members)));
        await phase("up (no change)", () => engine.up(rosterProgram(base, members)));
        await phase("refresh", () => engine.refresh());
        await phase("update 1% roles", () => engine.up(rosterProgram(changed, members)));
        await phase("remove 1%", () => engine.up(rosterProgram(removed, members)));
        if (!options.seeded) await phase("destroy", () => engine.destroy());
        return {
            n: options.n,
            seeded: !!options.seeded,
            edubaseMembers: options.edubaseMembers,
            latencyMs: options.latencyMs,
            changedUsers: changed.filter((u, i) => u.role !== base[i].role).length,
            removedUsers: base.length - removed.length,
            providerBytes,
            phases,
        };
    } finally {
        await em.close();
    }
}

export interface QuotaRun {
    readonly name: string;
    readonly n: number;
    readonly limit: number;
    readonly windowMs: number;
    readonly wallMs: number;
    /** Requests that reached the emulator, refusals included. */
    readonly requests: number;
    /** Refused with 403 API_RATE_LIMIT_EXCEEDED and sent again after the wait. */
    readonly refused: number;
    /** Any other answer of 400 or more. */
    readonly failed: number;
    /** Windows the run spanned. */
    readonly windows: number;
    /** Accounts the killed run had made before it died (interrupted run only). */
    readonly madeBeforeKill?: number;
    /** Requests of the second up, by endpoint (interrupted run only). */
    readonly secondUp?: Record<string, number>;
    /** Each account was made by exactly one POST over the runs, and no PUT carried a password. */
    readonly eachAccountOnce: boolean;
    readonly accounts: number;
}

export interface QuotaOptions {
    readonly n: number;
    readonly limit: number;
    readonly windowMs: number;
    readonly latencyMs: number;
    /** Kill the first up's process once this many accounts exist; undefined: no interruption. */
    readonly killAt?: number;
}

/**
 * A first up of N accounts under Flat's quota. With `killAt`, the first up runs in a child process
 * (its own mock engine and provider) that is killed with SIGKILL once that many accounts exist: like
 * a CI runner that dies, it reports nothing, so the second up starts from an empty state and must
 * adopt what the first made without sending a password again.
 */
export async function runQuotaBench(options: QuotaOptions): Promise<QuotaRun> {
    const em = await startEmulator({
        edubase: false,
        flat: { rateLimit: { limit: options.limit, windowMs: options.windowMs } },
    });
    try {
        em.setLatency(options.latencyMs);
        const config = {
            ...flatStackConfig(em),
            initialPassword: secret("bench-initial-pass"),
            ...budgets(options.n, 0),
        };
        const started = performance.now();
        let madeBeforeKill: number | undefined;
        let since = 0;
        if (options.killAt !== undefined) {
            madeBeforeKill = await killedFirstUp(em, options.n, options.killAt);
            since = em.exchanges.length;
        }
        const engine = new MockEngine({ project: "district-bench", config });
        await engine.up(rosterProgram(students(options.n), []));
        const wallMs = performance.now() - started;
        const x = em.exchanges;
        const isRefusal = (e: (typeof x)[number]) =>
            e.status === 403 && (e.responseBody as { code?: string } | undefined)?.code === "API_RATE_LIMIT_EXCEEDED";
        const refused = x.filter(isRefusal).length;
        const userWrites = x.filter((e) => e.path.startsWith("/organizations/users") && e.method !== "GET");
        const made = userWrites.filter((e) => e.method === "POST" && e.status < 300);
        const usernames = new Set(made.map((e) => (e.requestBody as { username: string }).username));
        const secondUp: Record<string, number> = {};
        for (const e of x.slice(since)) {
            const key = `${e.method} ${e.path}${isRefusal(e) ? " (refused)" : ""}`;
            secondUp[key] = (secondUp[key] ?? 0) + 1;
        }
        return {
            name: options.killAt === undefined ? "first up" : `first up killed at ${options.killAt}, then up`,
            n: options.n,
            limit: options.limit,
            windowMs: options.windowMs,
            wallMs,
            requests: x.length,
            refused,
            failed: x.filter((e) => e.status >= 400 && !isRefusal(e)).length,
            windows: Math.ceil(wallMs / options.windowMs),
            madeBeforeKill,
            secondUp: options.killAt === undefined ? undefined : secondUp,
            eachAccountOnce:
                usernames.size === made.length &&
                usernames.size === em.flat.users().length &&
                !userWrites.some((e) => e.method === "PUT" && JSON.stringify(e.requestBody).includes("password")),
            accounts: em.flat.users().length,
        };
    } finally {
        await em.close();
    }
}

/** Runs the first up in a child process and kills it (SIGKILL) once `killAt` accounts exist. */
async function killedFirstUp(em: Emulator, n: number, killAt: number): Promise<number> {
    const child = fork(path.join(__dirname, "rosterChild.js"), [], {
        env: { ...process.env, BENCH_CHILD: JSON.stringify({ n, flatUrl: em.flatUrl, flatToken: em.flatToken }) },
        stdio: "ignore",
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
            if (em.flat.users().length >= killAt) {
                clearInterval(timer);
                child.kill("SIGKILL");
                resolve();
            }
        }, 5);
        child.once("exit", (code) => {
            clearInterval(timer);
            if (em.flat.users().length < killAt)
                reject(new Error(`the first up ended (${code}) before ${killAt} accounts`));
        });
    });
    await exited;
    return em.flat.users().length;
}

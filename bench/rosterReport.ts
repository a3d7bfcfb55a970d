// Runs the roster mode (bench/roster.ts) and writes what it measured: the phase table and chart, the
// goals set for N = 50,000 with what was measured against them, the quota runs and the cost of the
// Pulumi SDK's per-Output stack traces in a program with one resource per person.
import * as fs from "node:fs";
import * as path from "node:path";
import { Emulator, startEmulator } from "../emulator";
import { measure, newEngine, PhaseResult } from "./driver";
import { roster, schoolProgram } from "./program";
import { commonStyles, markdownTable, Styles, svgChart } from "./report";
import { QuotaRun, ROSTER_PHASES, RosterPhase, RosterRun, runQuotaBench, runRosterBench } from "./roster";

export interface RosterBenchOptions {
    readonly ns: readonly number[];
    /** N at or above which the accounts are seeded and adopted instead of created (see RosterOptions.seeded). */
    readonly seedFrom: number;
    readonly latencyMs: number;
    /** Members of the EduBase set, added to the first (smallest) N's run. */
    readonly edubaseMembers: number;
    readonly quotaN: number;
    readonly quotaWindowMs: number;
    /** Requests per window: Flat's 7,200 unless a quick trial asks for fewer. */
    readonly quotaLimit: number;
    /** Resources per person in the stack-trace measurement (the per-resource school program). */
    readonly stackN: number;
    /** Where the results are written (bench/). */
    readonly dir: string;
}

const MB = 1024 * 1024;

const STYLES: Styles<RosterPhase> = {
    ...commonStyles,
    "update 1% roles": { color: "#ff7f0e" },
    "remove 1%": { color: "#9467bd" },
};

export async function runRoster(options: RosterBenchOptions): Promise<void> {
    const ns = [...options.ns].sort((a, b) => a - b);
    const runs: RosterRun[] = [];
    for (const [k, n] of ns.entries()) {
        const edubaseMembers = k === 0 ? options.edubaseMembers : 0;
        console.log(
            `N = ${n.toLocaleString("en-US")} in one flat.OrganizationUsers${n >= options.seedFrom ? " (seeded: the first up adopts them)" : ""}${edubaseMembers ? ` + ${edubaseMembers.toLocaleString("en-US")} EduBase members in one set` : ""}, ${options.latencyMs} ms latency`,
        );
        runs.push(
            await runRosterBench({
                n,
                edubaseMembers,
                latencyMs: options.latencyMs,
                seeded: n >= options.seedFrom,
                onPhase: (p) =>
                    console.log(
                        `  ${p.phase.padEnd(20)} ${String(p.totalRequests).padStart(6)} requests  ${seconds(p.wallMs)}`,
                    ),
            }),
        );
    }

    const quota: QuotaRun[] = [];
    for (const killAt of options.quotaN ? [undefined, Math.round(options.quotaN * 0.4)] : []) {
        console.log(
            `quota run: ${options.quotaN} accounts, ${options.quotaLimit} requests per ${options.quotaWindowMs / 1000} s${killAt ? `, killed at ${killAt}` : ""}`,
        );
        quota.push(
            await runQuotaBench({
                n: options.quotaN,
                limit: options.quotaLimit,
                windowMs: options.quotaWindowMs,
                latencyMs: 2,
                killAt,
            }),
        );
        console.log(`  ${JSON.stringify(quota.at(-1))}`);
    }

    const stacks = options.stackN ? await stackTraceCost(options.stackN, options.latencyMs) : [];

    const markdown = [
        ...(runs.length ? [markdownTable(runs), "", ...seededNote(runs), goals(runs), ""] : []),
        ...(quota.length ? [quotaTable(quota), ""] : []),
        ...(stacks.length ? [stackTable(options.stackN, stacks), ""] : []),
        `Measured ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, Node ${process.version}, emulator latency ${options.latencyMs} ms per request (2 ms in the quota runs). Heap and RSS are the whole benchmark process's (program, mock engine, provider and emulator share it), sampled as in the per-resource mode; "state / resource" divides the state by its 1–2 resources, the goals divide it by N.`,
        "",
    ].join("\n");
    fs.writeFileSync(
        path.join(options.dir, "roster-results.json"),
        JSON.stringify({ runs, quota, stacks }, null, 2) + "\n",
    );
    fs.writeFileSync(path.join(options.dir, "roster-results.md"), markdown);
    if (runs.length > 1)
        fs.writeFileSync(
            path.join(options.dir, "roster-chart.svg"),
            svgChart<RosterPhase>(runs, ROSTER_PHASES, STYLES, "N (accounts in one flat.OrganizationUsers)"),
        );
    console.log(`\n${markdown}\nWrote bench/roster-results.json, bench/roster-results.md, bench/roster-chart.svg`);
}

function seededNote(runs: readonly RosterRun[]): string[] {
    const seeded = runs.filter((r) => r.seeded).map((r) => r.n.toLocaleString("en-US"));
    return seeded.length
        ? [
              `At N = ${seeded.join(", ")} the accounts existed before the first up, which adopted them (one list, no write), and there is no destroy phase: creating and deleting them one request at a time is measured at the smaller N and in the quota runs.`,
              "",
          ]
        : [];
}

/** The goals for the largest N, each with what was measured. */
function goals(runs: readonly RosterRun[]): string {
    const run = runs[runs.length - 1];
    const phase = (name: RosterPhase) => run.phases.find((p) => p.phase === name)!;
    const n = run.n;
    const perUser = phase("up (no change)").stateBytes / n;
    const listPages = phase("refresh").requests["GET /organizations/users"] ?? 0;
    const rows: [string, string, boolean][] = [
        [
            "no-change preview: 0 requests",
            String(phase("preview (no change)").totalRequests),
            phase("preview (no change)").totalRequests === 0,
        ],
        [
            "no-change up: 0 requests",
            String(phase("up (no change)").totalRequests),
            phase("up (no change)").totalRequests === 0,
        ],
        [
            `refresh: exactly ${Math.ceil(n / 1000)} list requests`,
            `${phase("refresh").totalRequests} (${listPages} user-list pages)`,
            phase("refresh").totalRequests === Math.ceil(n / 1000) + (run.edubaseMembers ? 1 : 0),
        ],
        [
            `1% role changes: exactly ${run.changedUsers} PUTs and nothing else`,
            JSON.stringify(phase("update 1% roles").requests),
            phase("update 1% roles").totalRequests === run.changedUsers &&
                phase("update 1% roles").requests["PUT /organizations/users/{id}"] === run.changedUsers,
        ],
        [
            `1% removals: exactly ${run.removedUsers} DELETEs`,
            JSON.stringify(phase("remove 1%").requests),
            phase("remove 1%").totalRequests === run.removedUsers,
        ],
        [
            "peak heap in a no-change preview ≤ 250 MB",
            `${mb(phase("preview (no change)").peakHeapBytes)} (${mb(phase("preview (no change)").peakHeapBytes - phase("preview (no change)").startHeapBytes)} above the heap at its start)`,
            phase("preview (no change)").peakHeapBytes <= 250 * MB,
        ],
        ["state ≤ 300 bytes per user", `${Math.round(perUser)} B`, perUser <= 300],
    ];
    return [
        `Goals at N = ${n.toLocaleString("en-US")} in one resource:`,
        "",
        "| goal | measured | met |",
        "|---|---|:-:|",
        ...rows.map(
            ([goal, measured, met]) => `| ${goal} | ${measured.replace(/\|/g, "\\|")} | ${met ? "yes" : "**no**"} |`,
        ),
    ].join("\n");
}

function quotaTable(runs: readonly QuotaRun[]): string {
    return [
        `Quota runs (${runs[0]?.limit.toLocaleString("en-US")} requests per window, as Flat's hour, the window shortened):`,
        "",
        "| run | accounts | window | wall time | windows | requests | refused and resent | failed | each account made once, no password resent |",
        "|---|---:|---:|---:|---:|---:|---:|---:|:-:|",
        ...runs.map(
            (r) =>
                `| ${r.name}${r.madeBeforeKill !== undefined ? ` (${r.madeBeforeKill.toLocaleString("en-US")} made before the kill)` : ""} | ${r.accounts.toLocaleString("en-US")} | ${r.windowMs / 1000} s | ${seconds(r.wallMs)} | ${r.windows} | ${r.requests.toLocaleString("en-US")} | ${r.refused} | ${r.failed} | ${r.eachAccountOnce ? "yes" : "**no**"} |`,
        ),
        ...runs
            .filter((r) => r.secondUp)
            .map(
                (r) =>
                    `\nSecond up after the kill: ${Object.entries(r.secondUp!)
                        .map(([k, v]) => `\`${k}\` ${v.toLocaleString("en-US")}`)
                        .join(", ")}.`,
            ),
    ].join("\n");
}

interface StackCost {
    readonly stackTraceLimit: number;
    readonly phase: PhaseResult<string>;
}

/**
 * What the SDK's per-Output stack traces cost a program with one resource per person: the
 * per-resource school program's no-change preview at Node's default `Error.stackTraceLimit` (10)
 * and at 0, the same state and the same requests (none).
 */
async function stackTraceCost(n: number, latencyMs: number): Promise<StackCost[]> {
    console.log(`stack traces: ${n} flat.OrganizationUser resources, no-change preview`);
    const em: Emulator = await startEmulator({ flat: { rateLimit: { limit: Number.MAX_SAFE_INTEGER } } });
    const limit = Error.stackTraceLimit;
    try {
        const r = roster(n);
        const api = em.edubase!;
        for (const organization of ["ORG_MATH", "ORG_PHYSICS"])
            api.seedOrganization({ organization, name: organization });
        for (const user of [...r.members, ...r.setMembers]) api.seedUser({ user, name: user });
        const engine = newEngine(em, n);
        Error.stackTraceLimit = 0;
        await engine.up(schoolProgram(r));
        em.setLatency(latencyMs);
        const out: StackCost[] = [];
        for (const stackTraceLimit of [10, 0]) {
            Error.stackTraceLimit = stackTraceLimit;
            out.push({
                stackTraceLimit,
                phase: await measure(
                    `preview, stackTraceLimit ${stackTraceLimit}`,
                    em,
                    engine,
                    () => engine.preview(schoolProgram(r)),
                    10,
                ),
            });
        }
        return out;
    } finally {
        Error.stackTraceLimit = limit;
        await em.close();
    }
}

function stackTable(n: number, costs: readonly StackCost[]): string {
    return [
        `One resource per person (${n.toLocaleString("en-US")} \`flat.OrganizationUser\`s and the school's other resources), no-change preview:`,
        "",
        "| Error.stackTraceLimit | requests | wall time | peak heap | heap above the start |",
        "|---:|---:|---:|---:|---:|",
        ...costs.map(
            (c) =>
                `| ${c.stackTraceLimit} | ${c.phase.totalRequests} | ${seconds(c.phase.wallMs)} | ${mb(c.phase.peakHeapBytes)} | ${mb(c.phase.peakHeapBytes - c.phase.startHeapBytes)} |`,
        ),
    ].join("\n");
}

const mb = (bytes: number) => `${Math.round(bytes / MB)} MB`;
const seconds = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

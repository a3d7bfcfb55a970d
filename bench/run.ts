// `npm run bench [-- --n 100,1000,5000] [--latency 40]`: runs the benchmark for each N, prints the
// table and writes bench/results.json, bench/results.md and bench/chart.svg.
// `npm run bench -- --mode roster [--n 10000,50000] [--edubase 10000] [--quota 20000]`: the roster mode
// (bench/roster.ts), written to bench/roster-results.{json,md} and bench/roster-chart.svg.
//
// Compiled by tsconfig.bench.json into bench/dist (never the published dist/). bench/package.json
// makes bench/ a user program, so `pulumi-edu-org` resolves to the copy installed in node_modules.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";

/** bench/, from bench/dist/bench/run.js. */
const BENCH = path.resolve(__dirname, "../..");
const ROOT = path.dirname(BENCH);

// The compiled test support requires "../../scripts/pack" relative to itself (bench/dist/tests/support):
// a re-export points it at the real plain-JS script, whose paths are relative to the repository.
const packShim = path.join(BENCH, "dist", "scripts", "pack.js");
fs.mkdirSync(path.dirname(packShim), { recursive: true });
fs.writeFileSync(packShim, `module.exports = require(${JSON.stringify(path.join(ROOT, "scripts", "pack.js"))});\n`);

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            n: { type: "string" },
            latency: { type: "string", default: "40" },
            mode: { type: "string", default: "resources" },
            edubase: { type: "string", default: "10000" },
            quota: { type: "string", default: "20000" },
            "quota-window": { type: "string", default: "30000" },
            "quota-limit": { type: "string", default: "7200" },
            "stack-n": { type: "string", default: "2000" },
            "seed-from": { type: "string", default: String(Number.MAX_SAFE_INTEGER) },
        },
    });
    if (values.mode !== "resources" && values.mode !== "roster")
        throw new Error(`--mode must be resources or roster, got ${values.mode}`);
    values.n ??= values.mode === "roster" ? "10000,50000" : "100,1000";
    const ns = values.n
        .split(",")
        .filter((s) => s.trim() !== "")
        .map((s) => Number(s.replace(/[_\s]/g, "")));
    const latencyMs = Number(values.latency);
    if (ns.some((n) => !Number.isInteger(n) || n < 1) || !(latencyMs >= 0)) {
        throw new Error(
            `usage: npm run bench -- --n 100,1000,5000 --latency 40 (got --n ${values.n} --latency ${values.latency})`,
        );
    }

    // Loaded after the shim exists; the package is installed first, as `npm install` would.
    // The plain-JS script is not compiled into bench/dist: it is required from the repository by path.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { installInto } = require(path.join(ROOT, "scripts", "pack.js")) as typeof import("../scripts/pack");
    installInto(path.join(ROOT, "node_modules"));
    if (values.mode === "roster") {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { runRoster } = require("./rosterReport") as typeof import("./rosterReport");
        return runRoster({
            ns,
            latencyMs,
            edubaseMembers: Number(values.edubase),
            quotaN: Number(values.quota),
            quotaWindowMs: Number(values["quota-window"]),
            quotaLimit: Number(values["quota-limit"]),
            stackN: Number(values["stack-n"]),
            seedFrom: Number(values["seed-from"]),
            dir: BENCH,
        });
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runBench } = require("./driver") as typeof import("./driver");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { markdownTable, providerSummary, svgChart } = require("./report") as typeof import("./report");

    const runs = [];
    for (const n of ns) {
        console.log(`N = ${n.toLocaleString("en-US")}, ${latencyMs} ms latency per request`);
        runs.push(
            await runBench({
                n,
                latencyMs,
                onPhase: (p) =>
                    console.log(
                        `  ${p.phase.padEnd(20)} ${String(p.totalRequests).padStart(6)} requests  ${(p.wallMs / 1000).toFixed(1).padStart(6)} s`,
                    ),
            }),
        );
    }

    const notes = [
        `Measured ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, Node ${process.version}, emulator latency ${latencyMs} ms per request, Flat's rate limit lifted.`,
        "The program, the mock engine, the provider (one emulated process per provider per run, loaded from the installed package) and the emulator share one Node process:",
        "peak RSS and peak V8 heap are that process's, sampled every 10 ms and at each resource registration during the phase, from a collected heap (--expose-gc).",
        "Refresh and destroy run no program, so their peak heap bounds the provider's own footprint; in the phases that run the program, the Pulumi SDK's allocations dominate (it formats a stack trace for every Output promise and holds them while the program runs). RSS is rarely given back to the OS, so it carries over from phase to phase.",
        "State per resource: the mock engine's state as JSON like a state file (secrets encrypted), divided by the resources in it.",
        "The mock engine deletes one resource at a time (it knows no dependencies), so destroy's wall time is sequential; Pulumi's engine deletes in parallel.",
    ];
    const markdown = [markdownTable(runs), "", providerSummary(runs), "", ...notes, ""].join("\n");
    fs.writeFileSync(path.join(BENCH, "results.json"), JSON.stringify({ notes, runs }, null, 2) + "\n");
    fs.writeFileSync(path.join(BENCH, "results.md"), markdown);
    fs.writeFileSync(path.join(BENCH, "chart.svg"), svgChart(runs));
    console.log(`\n${markdown}\nWrote bench/results.json, bench/results.md, bench/chart.svg`);
}

main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exitCode = 1;
});

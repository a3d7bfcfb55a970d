// `npm run bench [-- --n 100,1000,5000] [--latency 40]`: runs the benchmark for each N, prints the
// table and writes bench/results.json, bench/results.md and bench/chart.svg.
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
            n: { type: "string", default: "100,1000" },
            latency: { type: "string", default: "40" },
        },
    });
    const ns = values.n.split(",").map((s) => Number(s.replace(/[_\s]/g, "")));
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
    const { runBench } = await import("./driver");
    const { markdownTable, providerSummary, svgChart } = await import("./report");

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

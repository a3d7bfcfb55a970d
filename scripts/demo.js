#!/usr/bin/env node
// `npm run demo`: runs examples/school with the real Pulumi CLI against the bundled emulator —
// `pulumi up --yes`, then `pulumi preview --expect-no-changes` — on a local file backend.
// The CLI comes from the official `pulumi` npm package, which downloads it on first use. Where it
// cannot be had, the same two steps run through Pulumi's own Node.js language runtime and
// dynamic-provider host with the test suite's engine double in place of the CLI's engine, and the
// output says so.
"use strict";
const { execFileSync, spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { installInto, TMP } = require("./pack");

const root = path.resolve(__dirname, "..");
const cliScript = require.resolve("pulumi/run.js");

/** Runs the CLI synchronously with the demo environment; returns its exit status. */
function pulumiCli(args, env, opts = {}) {
    const r = spawnSync(process.execPath, [cliScript, ...args], {
        cwd: root,
        env,
        stdio: opts.quiet ? "pipe" : "inherit",
        encoding: "utf8",
        timeout: opts.timeout,
    });
    return { status: r.status ?? 1, output: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

async function main() {
    installInto(path.join(root, "node_modules"));
    const { startEmulator } = require(path.join(root, "dist/emulator"));
    const em = await startEmulator();
    const state = path.join(root, ".pulumi-state");
    fs.mkdirSync(state, { recursive: true });
    const env = {
        ...process.env,
        PULUMI_BACKEND_URL: `file://${state}`,
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "pulumi-edu-org-demo",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        FLAT_BASE_URL: em.flatUrl,
        FLAT_ACCESS_TOKEN: em.flatToken,
    };
    let code = 1;
    try {
        const version = pulumiCli(["version"], env, { quiet: true, timeout: 180_000 });
        if (version.status !== 0) {
            console.log(
                [
                    "npm run demo: the Pulumi CLI is not available on this machine.",
                    "The `pulumi` npm package downloads it from get.pulumi.com on first use, and that failed:",
                    `  ${version.output.trim().split("\n").pop()}`,
                    "Install the CLI (https://www.pulumi.com/docs/install/) or give this machine internet access to see the real thing.",
                    "",
                ].join("\n"),
            );
            return await withoutCli(em);
        }
        console.log(`Pulumi CLI ${version.output.trim()}; emulator at ${em.url}`);
        const steps = [
            ["stack", "select", "--create", "demo"],
            ["config", "set", "--secret", "initialPassword", DEMO_PASSWORDS.initialPassword],
            ["config", "set", "--secret", "reportingPassword", DEMO_PASSWORDS.reportingPassword],
            ["up", "--yes"],
            ["preview", "--expect-no-changes"],
        ];
        for (const step of steps) {
            console.log(`\n$ pulumi ${step.join(" ")}`);
            const r = pulumiCli(step, env);
            if (r.status !== 0) return r.status;
        }
        const users = em.flat.users().length;
        console.log(
            `\nDemo complete: the emulator's organization has ${users} users; ${em.exchanges.length} API requests in total.`,
        );
        code = 0;
    } finally {
        await em.close();
    }
    return code;
}

const DEMO_PASSWORDS = { initialPassword: "Welcome-2026!", reportingPassword: "Reporting-Job-2026!" };

/**
 * The same up and no-change preview without the CLI: examples/school, installed with the packed
 * package, run by @pulumi/pulumi/cmd/run against the engine double of tests/support/engineDouble,
 * which drives the real dynamic-provider host. Returns the exit code.
 */
async function withoutCli(em) {
    console.log(
        [
            "=== NOT THE PULUMI CLI ===",
            "Running examples/school instead through Pulumi's own Node.js language runtime (@pulumi/pulumi/cmd/run)",
            "and dynamic-provider host, with the engine double from this repository's tests standing in for the",
            "Pulumi engine (tests/support/engineDouble). It shows what `pulumi up` and `pulumi preview` would do;",
            "the CLI's own output, plugins and backend are not involved.",
            `Emulator at ${em.url}.`,
        ].join("\n"),
    );
    const out = path.join(TMP, "demo-dist");
    execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.demo.json"], {
        cwd: root,
        stdio: "inherit",
    });
    // The compiled test support requires "../../scripts/pack" relative to itself.
    fs.mkdirSync(path.join(out, "scripts"), { recursive: true });
    fs.writeFileSync(
        path.join(out, "scripts", "pack.js"),
        `module.exports = require(${JSON.stringify(path.join(__dirname, "pack.js"))});\n`,
    );
    const { EngineDouble } = require(path.join(out, "tests/support/engineDouble/index.js"));
    const { exampleDir } = require(path.join(out, "tests/support/engineDouble/exampleDir.js"));
    const { dir, project } = exampleDir("school", "demo-school");
    const engine = new EngineDouble({ dir, project, stack: "demo" });
    engine.setConfig({
        "flat:accessToken": { secret: em.flatToken },
        "flat:baseUrl": em.flatUrl,
        [`${project}:initialPassword`]: { secret: DEMO_PASSWORDS.initialPassword },
        [`${project}:reportingPassword`]: { secret: DEMO_PASSWORDS.reportingPassword },
    });

    console.log("\n$ pulumi up --yes    (emulated: engine double, not the Pulumi CLI)");
    const up = await engine.up();
    printOps(up.ops);
    const before = em.exchanges.length;
    console.log("\n$ pulumi preview --expect-no-changes    (emulated: engine double, not the Pulumi CLI)");
    const preview = await engine.preview();
    printOps(preview.ops);
    const changes = preview.ops.filter((o) => o.op !== "same");
    if (changes.length) {
        console.error(`The preview expected no changes but found ${changes.length}.`);
        return 1;
    }
    console.log(
        [
            "",
            `Demo complete WITHOUT the Pulumi CLI: the emulator's organization has ${em.flat.users().length} users;`,
            `${before} API requests for the up, ${em.exchanges.length - before} for the no-change preview (the program's report reads).`,
            `State (secrets encrypted): ${path.relative(root, engine.stateFile)}`,
        ].join("\n"),
    );
    return 0;
}

/** Prints the steps of a run as a CLI preview lists them, with a summary line. */
function printOps(ops) {
    const symbol = { create: "+", update: "~", replace: "+-", delete: "-", same: " ", read: ">" };
    for (const o of ops) if (o.op !== "same") console.log(`  ${symbol[o.op]} ${o.op.padEnd(8)} ${o.type} ${o.name}`);
    const counts = {};
    for (const o of ops) counts[o.op] = (counts[o.op] ?? 0) + 1;
    const planned = ops.some((o) => o.planned);
    const done = { create: "created", update: "updated", replace: "replaced", delete: "deleted", same: "unchanged" };
    const todo = {
        create: "to create",
        update: "to update",
        replace: "to replace",
        delete: "to delete",
        same: "unchanged",
    };
    const summary = Object.entries(counts).map(([op, n]) => `${n} ${(planned ? todo : done)[op] ?? op}`);
    console.log(`Resources: ${summary.join(", ")}`);
}

main().then(
    (code) => process.exit(code),
    (err) => {
        console.error(`npm run demo failed: ${err && err.message ? err.message : err}`);
        process.exit(1);
    },
);

#!/usr/bin/env node
// `npm run demo`: runs examples/school with the real Pulumi CLI against the bundled emulator —
// `pulumi up --yes`, then `pulumi preview --expect-no-changes` — on a local file backend.
// The CLI comes from the official `pulumi` npm package, which downloads it on first use.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");
const { installInto } = require("./pack");

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
            console.error(
                [
                    "npm run demo: the Pulumi CLI is not available on this machine.",
                    "The `pulumi` npm package downloads it from get.pulumi.com on first use, and that failed:",
                    `  ${version.output.trim().split("\n").pop()}`,
                    "Install the CLI (https://www.pulumi.com/docs/install/) or give this machine internet access, then run `npm run demo` again.",
                    "Everything else — the emulator and `npm test`, which drives the provider through Pulumi's own provider host — works without it.",
                ].join("\n"),
            );
            return 1;
        }
        console.log(`Pulumi CLI ${version.output.trim()}; emulator at ${em.url}`);
        const steps = [
            ["stack", "select", "--create", "demo"],
            ["config", "set", "--secret", "initialPassword", "Welcome-2026!"],
            ["config", "set", "--secret", "reportingPassword", "Reporting-Job-2026!"],
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

main().then(
    (code) => process.exit(code),
    (err) => {
        console.error(`npm run demo failed: ${err && err.message ? err.message : err}`);
        process.exit(1);
    },
);

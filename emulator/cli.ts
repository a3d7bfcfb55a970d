#!/usr/bin/env node
/**
 * `edu-org-emulator`: serves the Flat and EduBase emulators on 127.0.0.1 until SIGINT/SIGTERM.
 *   edu-org-emulator [--port 8080] [--latency 50] [--quota 7200] [--seed-users 1000]
 */
import { parseArgs } from "node:util";
import { startEmulator } from "./index";

function count(name: string, value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number >= 0, got "${value}"`);
    return n;
}

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            port: { type: "string" },
            latency: { type: "string" },
            quota: { type: "string" },
            "seed-users": { type: "string" },
            help: { type: "boolean", short: "h" },
        },
    });
    if (values.help) {
        process.stdout.write(
            "usage: edu-org-emulator [--port N] [--latency MS] [--quota REQUESTS_PER_HOUR] [--seed-users N]\n",
        );
        return;
    }
    const quota = count("quota", values.quota);
    const em = await startEmulator({
        port: count("port", values.port),
        latencyMs: count("latency", values.latency),
        flat: {
            ...(quota !== undefined ? { rateLimit: { limit: quota } } : {}),
            seedUsers: count("seed-users", values["seed-users"]),
        },
    });
    const lines = [
        `edu-org-emulator listening on ${em.url}`,
        `  Flat     FLAT_BASE_URL=${em.flatUrl}`,
        `           FLAT_ACCESS_TOKEN=${em.flatToken}`,
    ];
    if (em.edubase) {
        lines.push(
            `  EduBase  EDUBASE_API_URL=${em.edubaseUrl}`,
            `           EDUBASE_API_APP=${em.edubase.credentials.app}`,
            `           EDUBASE_API_SECRET=${em.edubase.credentials.secret}`,
        );
    }
    lines.push(`  admin    ${em.url}/_emulator/state`, "Ctrl-C to stop.");
    process.stdout.write(`${lines.join("\n")}\n`);

    const stop = () => {
        em.close().then(
            () => process.exit(0),
            () => process.exit(1),
        );
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
    process.stderr.write(`edu-org-emulator: ${(error as Error).message}\n`);
    process.exit(2);
});

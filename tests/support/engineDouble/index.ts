// An engine double: runs a Pulumi program the way `pulumi up|preview|refresh|destroy` does, without
// the CLI. The real language runtime (@pulumi/pulumi/cmd/run, started with the arguments and
// environment pulumi-language-nodejs gives it) registers resources with this double's ResourceMonitor
// (monitor.ts), which takes the engine's steps (steps.ts) through the real dynamic-provider host over
// gRPC (providers.ts), and keeps the stack's state between runs as a deployment document with secrets
// encrypted (deployment.ts), config in Pulumi.<stack>.yaml (stackConfig.ts). What it follows of
// Pulumi's engine, and what it leaves out, is written down in README.md beside this file.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { stripSecrets } from "../secrets";
import { Crypter } from "./crypter";
import { DeploymentDocument, fromDocument, ResourceState, toDocument } from "./deployment";
import { EngineLog, startMonitor } from "./monitor";
import { ProviderPool } from "./providers";
import { Deployment, Mode, Op } from "./steps";
import { readStackConfig, writeStackConfig } from "./stackConfig";

export type { Op, OpKind, Mode } from "./steps";
export type { ResourceState, DeploymentDocument } from "./deployment";
export type { EngineLog } from "./monitor";

type Dict = Record<string, any>;

export interface EngineDoubleOptions {
    /** The program directory (Pulumi.yaml, package.json, node_modules with @pulumi/pulumi). */
    dir: string;
    project: string;
    stack?: string;
    /** The stack's passphrase (PULUMI_CONFIG_PASSPHRASE): encrypts secret config and state. */
    passphrase?: string;
    /** Extra environment for the program and the provider hosts. */
    env?: NodeJS.ProcessEnv;
    /**
     * Milliseconds a program run may take before it counts as hung (default 10 min: TypeScript
     * compilation included, on a loaded CI runner; no test measures it).
     */
    timeoutMs?: number;
}

export interface RunResult {
    mode: Mode;
    ops: Op[];
    /** Stack outputs in engine form (secrets as wrappers); undefined for refresh and destroy. */
    outputs: Dict | undefined;
    logs: EngineLog[];
    exitCode: number | null;
    /** Program and provider-host output, for diagnostics and secret scans. */
    output: string;
    errors: Error[];
    /** The deployment document as stored after the run (undefined for a preview, which stores nothing). */
    state: string | undefined;
}

/** A Pulumi.<stack>.yaml entry: a plain value, or `{secret}` for `pulumi config set --secret`. */
export type ConfigEntry = string | { secret: string };

const SDK_VERSION: string = require("@pulumi/pulumi/package.json").version;

export class EngineDouble {
    readonly dir: string;
    readonly project: string;
    readonly stack: string;
    readonly stateFile: string;
    readonly configFile: string;
    readonly runs: RunResult[] = [];
    private readonly crypter: Crypter;
    private configEntries: Record<string, ConfigEntry> = {};

    constructor(private readonly opts: EngineDoubleOptions) {
        this.dir = opts.dir;
        this.project = opts.project;
        this.stack = opts.stack ?? "dev";
        this.crypter = new Crypter(opts.passphrase ?? "engine-double-passphrase");
        this.stateFile = path.join(opts.dir, ".pulumi", "stacks", this.project, `${this.stack}.json`);
        this.configFile = path.join(opts.dir, `Pulumi.${this.stack}.yaml`);
    }

    /** Writes Pulumi.<stack>.yaml with exactly these keys (`{secret: v}` for `--secret`). */
    setConfig(entries: Record<string, ConfigEntry>): void {
        this.configEntries = { ...entries };
        writeStackConfig(this.configFile, this.crypter, entries);
    }

    /** `pulumi config set [--secret]` for some keys, keeping the others. */
    changeConfig(changes: Record<string, ConfigEntry>): void {
        this.setConfig({ ...this.configEntries, ...changes });
    }

    /**
     * Everything this stack stored or showed a user so far, for secret scans: every run's state
     * document, program and provider-host output and shown engine log, and Pulumi.<stack>.yaml.
     */
    exposedText(): string {
        const runs = this.runs.map((r) => [r.state ?? "", r.output, shownLogs(r.logs)].join("\n"));
        const config = fs.existsSync(this.configFile) ? fs.readFileSync(this.configFile, "utf8") : "";
        return [...runs, config].join("\n");
    }

    /** The deployment document as stored (secrets encrypted), or undefined before the first up. */
    stateText(): string | undefined {
        return fs.existsSync(this.stateFile) ? fs.readFileSync(this.stateFile, "utf8") : undefined;
    }

    /** The stored resources with secrets decrypted (engine form). */
    resources(): ResourceState[] {
        const text = this.stateText();
        return text ? fromDocument(JSON.parse(text) as DeploymentDocument, this.crypter) : [];
    }

    up(): Promise<RunResult> {
        return this.run("up");
    }
    preview(): Promise<RunResult> {
        return this.run("preview");
    }
    refresh(): Promise<RunResult> {
        return this.run("refresh");
    }
    destroy(): Promise<RunResult> {
        return this.run("destroy");
    }

    private async run(mode: Mode): Promise<RunResult> {
        const config = readStackConfig(this.configFile, this.crypter);
        const old = this.resources();
        // Assigned once the monitor exists; the monitor reads it lazily.
        // eslint-disable-next-line prefer-const
        let deployment: Deployment | undefined;
        const monitor = await startMonitor(() => deployment!);
        const pool = new ProviderPool({
            cwd: this.dir,
            project: this.project,
            stack: this.stack,
            engineAddress: monitor.address,
        });
        deployment = new Deployment(mode, { project: this.project, stack: this.stack, old, config, pool });
        let exitCode: number | null = 0;
        let output = "";
        try {
            if (mode === "up" || mode === "preview") {
                ({ exitCode, output } = await this.runProgram(monitor.address, mode === "preview", config));
                const failed =
                    exitCode !== 0 || deployment.errors.length > 0 || monitor.logs.some((l) => l.severity === "ERROR");
                // Like the engine, deletions only run when the rest of the update succeeded.
                if (!failed) await deployment.deleteOrphans();
                else if (exitCode === 0) exitCode = 1;
            } else if (mode === "refresh") await deployment.refreshAll();
            else await deployment.destroyAll();
            if (mode !== "preview") this.store(deployment.finalState());
        } finally {
            output += await pool.output();
            await pool.stop();
            await monitor.stop();
        }
        const result: RunResult = {
            mode,
            ops: deployment.ops,
            outputs: deployment.stackOutputs,
            logs: monitor.logs,
            exitCode,
            output,
            errors: deployment.errors,
            state: mode === "preview" ? undefined : this.stateText(),
        };
        this.runs.push(result);
        if (deployment.errors.length || exitCode !== 0) {
            const detail = [
                ...deployment.errors.map((e) => e.message),
                ...monitor.logs.filter((l) => l.severity === "ERROR").map((l) => l.message),
            ];
            throw Object.assign(
                new Error(`${mode} failed (exit ${exitCode}): ${detail.join(" / ") || output.slice(-2000)}`),
                { result },
            );
        }
        return result;
    }

    private store(resources: ResourceState[]): void {
        fs.mkdirSync(path.dirname(this.stateFile), { recursive: true });
        fs.writeFileSync(
            this.stateFile,
            JSON.stringify(toDocument(resources, this.crypter, SDK_VERSION), undefined, 2),
        );
    }

    /**
     * Starts cmd/run as pulumi-language-nodejs does (constructArguments in its main.go): the monitor
     * and engine addresses, project, stack, working directory, dry-run flag, entry point "."; config
     * in PULUMI_CONFIG (plaintext, as the language host passes it) with the secret keys listed apart;
     * PULUMI_NODEJS_TYPESCRIPT from Pulumi.yaml's `runtime.options.typescript` (default true).
     */
    private runProgram(address: string, dryRun: boolean, config: { values: Dict; secretKeys: string[] }) {
        const runScript = path.join(this.dir, "node_modules", "@pulumi", "pulumi", "cmd", "run");
        const args = [
            runScript,
            ...["--monitor", address, "--engine", address, "--organization", "organization"],
            ...["--project", this.project, "--root-directory", this.dir, "--stack", this.stack, "--pwd", this.dir],
            ...(dryRun ? ["--dry-run"] : []),
            ...["--parallel", "8", "."],
        ];
        const env: NodeJS.ProcessEnv = {};
        for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("PULUMI_")) env[k] = v;
        Object.assign(env, this.opts.env, {
            // constructConfig: keys `<namespace>:config:<key>`, the form every SDK version reads.
            PULUMI_CONFIG: JSON.stringify(
                Object.fromEntries(
                    Object.entries(config.values).map(([k, v]) => [k.replace(/^([^:]+):/, "$1:config:"), v]),
                ),
            ),
            PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(config.secretKeys),
            PULUMI_NODEJS_TYPESCRIPT: "true",
        });
        const timeoutMs = this.opts.timeoutMs ?? 600_000;
        return new Promise<{ exitCode: number | null; output: string }>((resolve, reject) => {
            const child = spawn(process.execPath, args, { cwd: this.dir, env, stdio: ["ignore", "pipe", "pipe"] });
            let output = "";
            child.stdout.on("data", (d) => (output += d));
            child.stderr.on("data", (d) => (output += d));
            const timer = setTimeout(() => {
                child.kill("SIGKILL");
                reject(new Error(`the program did not finish within ${timeoutMs} ms:\n${output}`));
            }, timeoutMs);
            child.on("error", reject);
            child.on("exit", (code) => {
                clearTimeout(timer);
                resolve({ exitCode: code, output });
            });
        });
    }
}

/** A run's steps other than `same`, as sorted `op:name` lines (what a CLI summary would list). */
export function changes(ops: readonly Op[]): string[] {
    return ops
        .filter((o) => o.op !== "same")
        .map((o) => `${o.op}:${o.name}`)
        .sort();
}

/** Stack outputs in plain form, and which of them are secret. */
export function plainOutputs(outputs: Dict | undefined): { values: Dict; secret: string[] } {
    const values = stripSecrets<Dict>(outputs ?? {});
    const secret = Object.entries(outputs ?? {})
        .filter(([, v]) => JSON.stringify(v).includes("1b47061264138c4ac30d75fd1eb44270"))
        .map(([k]) => k);
    return { values, secret };
}

/**
 * The engine log lines a user sees: the SDK's own DEBUG lines echo each RegisterResource response,
 * secrets included, and the CLI prints them only with --debug.
 */
export function shownLogs(logs: EngineLog[]): string {
    return logs
        .filter((l) => l.severity !== "DEBUG")
        .map((l) => l.message)
        .join("\n");
}

// Program-level harness: a `pulumi.runtime.Mocks` implementation that plays Pulumi's engine. For
// dynamic resources it really executes the serialized provider found in `inputs.__provider`, the way
// the engine and the SDK's dynamic-provider host would, and keeps state across runs:
//
//   up       check → create | diff → same / update / replace (delete-before-replace or
//            create-before-delete); then deletes what the program no longer declares  (register.ts)
//   preview  check and diff; records the planned op; no CRUD, no state change           (register.ts)
//   refresh  read, then diff, for every resource in state (no program)                   (refresh.ts)
//   destroy  deletes everything in reverse creation order (no program)                   (deletes.ts)
//
// Providers (providers.ts): the default provider gets the stack config as strings; a resource whose
// `provider` option is an explicit `pulumi:providers:pulumi-nodejs` resource gets that provider's
// inputs. Refresh and destroy configure providers from what the last `up` stored, not the current
// config. Where this follows Pulumi's engine, and where it cannot, is written down in ENGINE.md.
//
// Never-rethrow pattern: a failing provider call is recorded and the resource gets an empty id (the
// SDK treats it as unknown); the run method throws an AggregateError once the program has settled.
// Rethrowing from newResource would be an unhandled rejection (fatal under Jest) and the resource's
// outputs would never settle.
import { randomUUID } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { ensureProgramDir } from "../../../scripts/pack";
import { isSecret, markSecret, redactedJson, stripSecrets } from "../secrets";
import { secretOutputs as packageSecretOutputs } from "../secretOutputs";
import type { EngineCore, Subject } from "./core";
import { deleteEntries, deleteProviders } from "./deletes";
import { captureConsole } from "./logCapture";
import { defaultProviderConfig, explicitProviderConfig, ProviderConfig, ProviderProcesses } from "./providers";
import { refreshOne } from "./refresh";
import { registerDynamic } from "./register";
import type { Dict, MockEngineOptions, Mode, Op, OpKind, ProviderStateEntry, RunRecord, StateEntry } from "./types";
import { asError, configString, DYNAMIC_TYPE, PROVIDER_TYPE } from "./wire";

export type { LogEntry, MockEngineOptions, Mode, Op, OpKind, ProviderStateEntry, RunRecord, StateEntry } from "./types";
export { DYNAMIC_TYPE, PROVIDER_TYPE } from "./wire";

export class MockEngine implements pulumi.runtime.Mocks, EngineCore {
    readonly project: string;
    readonly stack: string;
    /** The stack config (see MockEngineOptions.config); assign between runs to change it. */
    config: Record<string, unknown>;
    readonly state = new Map<string, StateEntry>();
    readonly providerState = new Map<string, ProviderStateEntry>();
    /** The default provider's config as the last `up` stored it (refresh and destroy use it). */
    storedDefaultConfig: ProviderConfig | undefined;
    /** Ops of every run, in order. */
    readonly ops: Op[] = [];
    readonly runs: RunRecord[] = [];
    /** Every error message and captured log line of every run (for secret scans). */
    readonly messages: string[] = [];

    mode: Mode = "up";
    private readonly opts: MockEngineOptions;
    private readonly processes: ProviderProcesses;
    private seen = new Set<string>();
    private runProviders = new Map<string, ProviderStateEntry>();
    private seq = 0;
    private restoreConsole: (() => void) | undefined;

    constructor(opts: MockEngineOptions = {}) {
        this.opts = opts;
        this.project = opts.project ?? "edu-org-test";
        this.stack = opts.stack ?? "test";
        this.config = { ...(opts.config ?? {}) };
        this.processes = new ProviderProcesses(
            () => ({ cwd: this.opts.cwd ?? ensureProgramDir(), isolatePackages: this.opts.isolatePackages }),
            (k) => this.qualify(k),
        );
    }

    // ---------------------------------------------------------------- runs

    get lastRun(): RunRecord {
        const r = this.runs.at(-1);
        if (!r) throw new Error("no run yet");
        return r;
    }

    /** Ops of the last run (`engine.lastOps.map(o => o.op)`). */
    get lastOps(): Op[] {
        return this.runs.at(-1)?.ops ?? [];
    }

    /** `pulumi up`: runs the program, creates/updates/replaces, then deletes undeclared resources. */
    up<T>(program: () => Promise<T> | T): Promise<T> {
        return this.runProgram("up", program);
    }

    /** `pulumi preview`: runs check and diff, records planned ops (`planned: true`), changes nothing. */
    preview<T>(program: () => Promise<T> | T): Promise<T> {
        return this.runProgram("preview", program);
    }

    /** `pulumi refresh`: reads every resource in state; no program runs. */
    async refresh(): Promise<RunRecord> {
        const run = this.beginRun("refresh");
        try {
            const entries = [...this.state.values()].sort((a, b) => a.seq - b.seq);
            await Promise.all(entries.map((e) => refreshOne(this, e).catch((err) => this.fail(e, err, "read"))));
        } finally {
            this.endRun();
        }
        return this.finish(run);
    }

    /** `pulumi destroy`: deletes every resource in reverse creation order, then the providers. */
    async destroy(): Promise<RunRecord> {
        const run = this.beginRun("destroy");
        try {
            await deleteEntries(this, [...this.state.values()]);
            deleteProviders(this, this.providerState, [...this.providerState.values()]);
            if (this.state.size === 0) this.storedDefaultConfig = undefined;
        } finally {
            this.endRun();
        }
        return this.finish(run);
    }

    private async runProgram<T>(mode: "up" | "preview", program: () => Promise<T> | T): Promise<T> {
        const run = this.beginRun(mode);
        let result: T | undefined;
        try {
            const { plain, secretKeys } = this.programConfig();
            pulumi.runtime.setAllConfig(plain, secretKeys);
            // The default provider resource is registered with the current config and stored by `up`.
            if (mode === "up") this.storedDefaultConfig = defaultProviderConfig(this.config, (k) => this.qualify(k));
            await pulumi.runtime.setMocks(this, this.project, this.stack, mode === "preview");
            try {
                result = await program();
            } catch (e) {
                run.errors.push(asError(e));
            }
            // Wait for every outstanding RegisterResource RPC (exported, but not in the typings).
            await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
            const orphans = [...this.state.values()].filter((e) => !this.seen.has(e.key));
            const orphanProviders = [...this.providerState.values()].filter((p) => !this.seen.has(p.key));
            if (mode === "preview") {
                for (const e of [...orphans, ...orphanProviders])
                    this.record({ op: "delete", key: e.key, type: e.type, name: e.name, planned: true });
            } else if (run.errors.length === 0) {
                // Like the engine, deletions only run when the rest of the update succeeded.
                await deleteEntries(this, orphans);
                deleteProviders(this, this.providerState, orphanProviders);
            }
        } finally {
            this.endRun();
        }
        this.finish(run);
        return result as T;
    }

    private beginRun(mode: Mode): RunRecord {
        if (this.restoreConsole)
            throw new Error("MockEngine: runs cannot overlap (the Pulumi runtime state is global)");
        this.mode = mode;
        this.seen = new Set();
        this.runProviders = new Map();
        this.processes.reset();
        const run: RunRecord = { mode, ops: [], errors: [], logs: [] };
        this.runs.push(run);
        const index = this.runs.length - 1;
        this.restoreConsole = captureConsole((entry) => {
            run.logs.push({ ...entry, run: index });
            this.messages.push(entry.message);
        }, !!this.opts.echoLogs);
        return run;
    }

    private endRun(): void {
        this.restoreConsole?.();
        this.restoreConsole = undefined;
    }

    private finish(run: RunRecord): RunRecord {
        for (const e of run.errors) this.messages.push(e.message);
        if (run.errors.length) {
            throw new AggregateError(run.errors, `${run.mode} failed: ${run.errors.map((e) => e.message).join(" / ")}`);
        }
        return run;
    }

    record(op: Omit<Op, "mode" | "run">): void {
        const full: Op = { ...op, mode: this.mode, run: this.runs.length - 1 };
        this.ops.push(full);
        this.runs.at(-1)!.ops.push(full);
    }

    fail(e: Subject, err: unknown, op?: OpKind): void {
        const error = new Error(`${e.key}: ${asError(err).message}`, { cause: err });
        this.runs.at(-1)!.errors.push(error);
        if (op) this.record({ op, key: e.key, type: e.type, name: e.name, failed: true });
    }

    nextSeq(): number {
        return ++this.seq;
    }

    /** Every error message and log line captured so far, one per line (scan it for secrets). */
    capturedText(): string {
        return this.messages.join("\n");
    }

    // ---------------------------------------------------------------- config and providers

    private qualify(k: string): string {
        return k.includes(":") ? k : `${this.project}:${k}`;
    }

    private programConfig(): { plain: Record<string, string>; secretKeys: string[] } {
        const plain: Record<string, string> = {};
        const secretKeys: string[] = [];
        for (const [k, v] of Object.entries(this.config)) {
            const key = this.qualify(k);
            plain[key] = configString(v);
            if (isSecret(v)) secretKeys.push(key);
        }
        return { plain, secretKeys };
    }

    providerConfig(providerKey: string): ProviderConfig {
        if (!providerKey) {
            const stored = this.mode === "refresh" || this.mode === "destroy" ? this.storedDefaultConfig : undefined;
            return stored ?? defaultProviderConfig(this.config, (k) => this.qualify(k));
        }
        const p = this.runProviders.get(providerKey) ?? this.providerState.get(providerKey);
        if (!p) throw new Error(`unknown provider ${providerKey}`);
        return explicitProviderConfig(p.inputs);
    }

    provider(providerKey: string, text: unknown): Promise<any> {
        return this.processes.instance(providerKey, text, () => {
            const config = this.providerConfig(providerKey);
            if (!config.known) throw new Error(`provider ${providerKey} has unknown inputs and cannot be configured`);
            return config.values;
        });
    }

    /** `urn::id` provider reference → key of the provider resource (`type::name`), "" for default. */
    private providerKeyOf(ref: string | undefined): string {
        if (!ref) return "";
        const urn = ref.slice(0, ref.lastIndexOf("::"));
        const parts = urn.split("::");
        const name = parts.slice(3).join("::");
        const type = parts[2]?.split("$").pop() ?? "";
        const key = `${type}::${name}`;
        if (!this.runProviders.has(key) && !this.providerState.has(key))
            throw new Error(`unknown provider reference ${ref}`);
        return key;
    }

    secretOutputs(type: string, outs: Dict): Dict {
        const map = this.opts.secretOutputs ?? packageSecretOutputs;
        const short = type.replace(DYNAMIC_TYPE, (m, mod?: string) => (mod ? `${mod.slice(1)}:` : ""));
        return markSecret(outs, map[type] ?? map[short]);
    }

    // ---------------------------------------------------------------- Mocks

    async newResource(args: pulumi.runtime.MockResourceArgs): Promise<pulumi.runtime.MockResourceResult> {
        const key = `${args.type}::${args.name}`;
        try {
            if (PROVIDER_TYPE.test(args.type)) return this.registerProvider(args, key);
            if (DYNAMIC_TYPE.test(args.type)) {
                this.claim(key);
                return await registerDynamic(this, args, key, this.providerKeyOf(args.provider));
            }
            if (this.opts.mocks?.newResource) return await this.opts.mocks.newResource(args);
            return { id: args.custom ? `${args.name}-id` : undefined, state: args.inputs };
        } catch (e) {
            // Never rethrow (see the header comment).
            this.fail({ key, type: args.type, name: args.name }, e);
            return { id: undefined, state: {} };
        }
    }

    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult | Promise<pulumi.runtime.MockCallResult> {
        return this.opts.mocks?.call ? this.opts.mocks.call(args) : {};
    }

    private claim(key: string): void {
        if (this.seen.has(key)) throw new Error(`duplicate resource ${key} in one program`);
        this.seen.add(key);
    }

    private registerProvider(args: pulumi.runtime.MockResourceArgs, key: string): pulumi.runtime.MockResourceResult {
        this.claim(key);
        const prior = this.providerState.get(key);
        const entry: ProviderStateEntry = {
            key,
            type: args.type,
            name: args.name,
            id: prior?.id ?? randomUUID(),
            inputs: args.inputs,
            seq: prior?.seq ?? this.nextSeq(),
        };
        this.runProviders.set(key, entry);
        // DiffConfig is unimplemented for dynamic providers: the engine updates, never replaces.
        const op: OpKind = !prior
            ? "create"
            : JSON.stringify(prior.inputs) === JSON.stringify(args.inputs)
              ? "same"
              : "update";
        this.record({ op, key, type: args.type, name: args.name, planned: this.mode === "preview" || undefined });
        if (this.mode === "up") this.providerState.set(key, entry);
        return { id: entry.id, state: args.inputs };
    }

    // ---------------------------------------------------------------- inspection

    /**
     * The state entry of a resource, with `props` (outputs) and `args` (inputs) in plain form.
     * `type` is the full token or its `<module>:<Type>` part (`flat:OrganizationUser`).
     */
    findCreatedResource(type: string, name: string): StateEntry & { props: Dict; args: Dict } {
        const e = [...this.state.values()].find(
            (s) => s.name === name && (s.type === type || s.type.endsWith(`/${type}`) || s.type.endsWith(`:${type}`)),
        );
        if (!e)
            throw new Error(
                `no ${type} named ${name} in state; have: ${[...this.state.keys()].join(", ") || "nothing"}`,
            );
        return { ...e, props: stripSecrets(e.outputs), args: stripSecrets(e.inputs) };
    }

    /** The state as JSON with secret values redacted, like an encrypted state file. Scan it for tokens. */
    stateText(): string {
        return redactedJson({
            resources: [...this.state.values()],
            providers: [...this.providerState.values()],
            defaultProvider: this.storedDefaultConfig,
        });
    }
}

/** Awaits an Output's value and its secretness (test helper). Unknown values resolve to undefined. */
export async function settle<T>(o: pulumi.Output<T>): Promise<{ value: T; secret: boolean; known: boolean }> {
    const known = await (o as unknown as { isKnown: Promise<boolean> }).isKnown;
    const secretness = await pulumi.isSecret(o);
    // apply() never runs its callback for an unknown value (preview), so don't wait for it then.
    if (!known) return { value: undefined as T, secret: secretness, known };
    const value = await new Promise<T>((resolve) =>
        o.apply((v) => {
            resolve(v);
            return v;
        }),
    );
    return { value, secret: secretness, known };
}

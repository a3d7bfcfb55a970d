// Program-level harness: a `pulumi.runtime.Mocks` implementation that plays a tiny Pulumi engine.
// For dynamic resources it really executes the serialized provider found in `inputs.__provider`, the
// way the engine + the SDK's dynamic-provider host would, and keeps state across runs:
//
//   up       check → create | diff → same / update / replace (delete-before-replace or
//            create-before-delete) ; then deletes what the program no longer declares
//   preview  check AND diff for existing resources; records the planned op; no CRUD, no state change
//   refresh  read for every resource in state (no program); applies props/inputs; drops "gone" ones
//   destroy  deletes everything in reverse creation order (no program)
//
// Providers: the default provider of a resource gets the stack config (`<ns>:<key>` keys); a resource
// whose `provider` option is an explicit `pulumi:providers:pulumi-nodejs` resource gets that
// provider's inputs (secrets unwrapped) instead. Each provider (default, each explicit one) gets its
// own emulated process per run (a `ProviderRealm`: private module cache), configured once per
// serialized text, as the host does: module-level state in provider code is never shared between
// providers or carried from one run to the next.
//
// Never-rethrow pattern: a failing provider call is recorded and the resource gets an empty id (the
// SDK treats it as unknown); the run method throws an AggregateError once the program has settled.
// Rethrowing from newResource would be an unhandled rejection (fatal under Jest) and the resource's
// outputs would never settle.
//
// Limits (it is an emulation, not Pulumi's engine): resources are keyed by `type::name` (no parents,
// aliases, URNs); no ignoreChanges / replaceOnChanges; MockResourceArgs carries no dependencies, so
// deletions (destroy, orphans) run in reverse *creation* order, not in dependency order (a resource
// re-created after its dependents is deleted before them); additionalSecretOutputs must be declared
// through `secretOutputs` (see below).
import { randomUUID } from "node:crypto";
import { format } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { createRealm, loadSerializedProvider, outerGlobal, ProviderRealm, RealmOptions } from "./loadProvider";
import { ensureProgramDir } from "../../scripts/pack";
import { annotateSecrets, isSecret, markSecret, redactedJson, secret, stripSecrets, UNKNOWN_SENTINEL } from "./secrets";

export const DYNAMIC_TYPE = /^pulumi-nodejs:dynamic(\/[^:]+)?:/;
export const PROVIDER_TYPE = /^pulumi:providers:/;
/** Provider inputs the engine consumes itself and does not pass to Configure. */
const PROVIDER_META_KEYS = new Set(["version", "pluginDownloadURL"]);

export type Mode = "up" | "preview" | "refresh" | "destroy";
export type OpKind = "create" | "update" | "same" | "replace" | "delete" | "read";

export interface Op {
    op: OpKind;
    /** `type::name` */
    key: string;
    type: string;
    name: string;
    mode: Mode;
    /** Index of the run in `engine.runs`. */
    run: number;
    /** preview: the op is planned, nothing was executed. */
    planned?: boolean;
    /** replace: whether the old object was deleted before the new one was created. */
    deleteBeforeReplace?: boolean;
    /** read (refresh): whether the props or inputs changed, and whether the object was gone. */
    changed?: boolean;
    gone?: boolean;
    /** The provider call failed (recorded in the run's errors). */
    failed?: boolean;
}

export interface StateEntry {
    key: string;
    type: string;
    name: string;
    id: string;
    /** Checked inputs, engine form: secrets wrapped (see secrets.ts), `__provider` included. */
    inputs: Record<string, any>;
    /** Outputs, engine form: secrets wrapped, `__provider` included. */
    outputs: Record<string, any>;
    /** Key (`type::name`) of the explicit provider resource, or "" for the default provider. */
    provider: string;
    /** Creation order (a replacement is a new creation). */
    seq: number;
}

export interface ProviderStateEntry {
    key: string;
    type: string;
    name: string;
    id: string;
    /** The provider resource's inputs as registered (secrets wrapped). */
    inputs: Record<string, any>;
    seq: number;
}

export interface LogEntry {
    level: string;
    message: string;
    run: number;
}

export interface RunRecord {
    mode: Mode;
    ops: Op[];
    errors: Error[];
    logs: LogEntry[];
}

export interface MockEngineOptions {
    project?: string;
    stack?: string;
    /**
     * Stack config, `<ns>:<key>` keys (bare keys are qualified with the project). Wrap a value with
     * `secret()` from ./secrets to make it secret config. It is given to the default provider's
     * configure and installed as the program's config (`new pulumi.Config(ns)`).
     */
    config?: Record<string, unknown>;
    /**
     * additionalSecretOutputs emulation: type token (full, or the `<module>:<Type>` part after
     * `dynamic/`) → output names to store as secrets. Needed because MockResourceArgs carries no
     * resource options (pulumi/pulumi#14421): the mock never learns what a resource class put in
     * `additionalSecretOutputs`, so tests declare it here (and assert the class's options separately).
     */
    secretOutputs?: Record<string, readonly string[]>;
    /** Mocks for other custom resources, components and invokes. */
    mocks?: Partial<pulumi.runtime.Mocks>;
    /**
     * Where serialized providers' require() resolves (the host's cwd). Default: tests/.tmp/program, a
     * user-program directory from which "pulumi-edu-org" resolves to the installed (packed) copy.
     */
    cwd?: string;
    /** Which packages get private module copies per emulated provider process (see loadProvider.ts). */
    isolatePackages?: RealmOptions["isolatePackages"];
    /** Also print captured console output (default false: captured only). */
    echoLogs?: boolean;
}

interface ProviderProcess {
    realm: ProviderRealm;
    config: Record<string, unknown>;
    instances: Map<string, Promise<any>>;
}

type Dict = Record<string, any>;

export class MockEngine implements pulumi.runtime.Mocks {
    readonly project: string;
    readonly stack: string;
    readonly state = new Map<string, StateEntry>();
    readonly providerState = new Map<string, ProviderStateEntry>();
    /** Ops of every run, in order. */
    readonly ops: Op[] = [];
    readonly runs: RunRecord[] = [];
    /** Every error message and captured log line of every run (for secret scans). */
    readonly messages: string[] = [];

    private readonly opts: MockEngineOptions;
    private mode: Mode = "up";
    private seen = new Set<string>();
    private runProviders = new Map<string, ProviderStateEntry>();
    private processes = new Map<string, ProviderProcess>();
    private seq = 0;
    private restoreConsole: (() => void) | undefined;

    constructor(opts: MockEngineOptions = {}) {
        this.opts = opts;
        this.project = opts.project ?? "edu-org-test";
        this.stack = opts.stack ?? "test";
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
            await Promise.all(entries.map((e) => this.refreshOne(e).catch((err) => this.fail(e, err, "read"))));
        } finally {
            this.endRun();
        }
        return this.finish(run);
    }

    /** `pulumi destroy`: deletes every resource in reverse creation order, then the providers. */
    async destroy(): Promise<RunRecord> {
        const run = this.beginRun("destroy");
        try {
            await this.deleteEntries([...this.state.values()]);
            this.deleteProviders([...this.providerState.values()]);
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
                await this.deleteEntries(orphans);
                this.deleteProviders(orphanProviders);
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
        this.processes = new Map(); // fresh provider processes for every command, as the CLI does
        const run: RunRecord = { mode, ops: [], errors: [], logs: [] };
        this.runs.push(run);
        this.captureConsole(run);
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

    private record(op: Omit<Op, "mode" | "run">): void {
        const full: Op = { ...op, mode: this.mode, run: this.runs.length - 1 };
        this.ops.push(full);
        this.runs.at(-1)!.ops.push(full);
    }

    private fail(e: { key: string; type: string; name: string }, err: unknown, op?: OpKind): void {
        const error = new Error(`${e.key}: ${asError(err).message}`);
        this.runs.at(-1)!.errors.push(error);
        if (op) this.record({ op, key: e.key, type: e.type, name: e.name, failed: true });
    }

    // ---------------------------------------------------------------- log capture

    private captureConsole(run: RunRecord): void {
        const levels = ["log", "info", "warn", "error", "debug", "trace"] as const;
        const consoles = new Set<Console>([console, outerGlobal().console]);
        const restore: (() => void)[] = [];
        for (const c of consoles) {
            for (const level of levels) {
                const original = c[level];
                c[level] = (...args: unknown[]) => {
                    const message = format(...args);
                    run.logs.push({ level, message, run: this.runs.length - 1 });
                    this.messages.push(message);
                    if (this.opts.echoLogs) original.apply(c, args);
                };
                restore.push(() => (c[level] = original));
            }
        }
        this.restoreConsole = () => restore.forEach((r) => r());
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
        for (const [k, v] of Object.entries(this.opts.config ?? {})) {
            const key = this.qualify(k);
            const value = stripSecrets(v);
            plain[key] = typeof value === "string" ? value : JSON.stringify(value);
            if (isSecret(v)) secretKeys.push(key);
        }
        return { plain, secretKeys };
    }

    /** What a provider's Configure receives: stack config for the default one, inputs for explicit ones. */
    private providerConfig(providerKey: string): Record<string, unknown> {
        if (!providerKey) {
            return Object.fromEntries(
                Object.entries(this.opts.config ?? {}).map(([k, v]) => [this.qualify(k), stripSecrets(v)]),
            );
        }
        const p = this.runProviders.get(providerKey) ?? this.providerState.get(providerKey);
        if (!p) throw new Error(`unknown provider ${providerKey}`);
        const config: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(toProviderValues(p.inputs)))
            if (!PROVIDER_META_KEYS.has(k) && !k.startsWith("__")) config[k] = v;
        return config;
    }

    /** The provider instance for a serialized text in the given provider's emulated process. */
    private provider(providerKey: string, text: string): Promise<any> {
        let proc = this.processes.get(providerKey);
        if (!proc) {
            proc = {
                realm: createRealm({
                    cwd: this.opts.cwd ?? ensureProgramDir(),
                    isolatePackages: this.opts.isolatePackages,
                }),
                config: this.providerConfig(providerKey),
                instances: new Map(),
            };
            this.processes.set(providerKey, proc);
        }
        let instance = proc.instances.get(text);
        if (!instance) {
            const p = proc;
            instance = (async () => {
                const loaded = loadSerializedProvider(text, p.realm);
                if (loaded.configure) {
                    // The host's dynConfig.Config: bare keys are qualified with the project.
                    const get = (key: string) => p.config[this.qualify(key)];
                    const require = (key: string) => {
                        const v = get(key);
                        if (v === undefined)
                            throw new Error(`Missing required configuration key: ${this.qualify(key)}`);
                        return v;
                    };
                    await loaded.configure({ config: { get, require } });
                }
                return loaded;
            })();
            proc.instances.set(text, instance);
        }
        return instance;
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

    // ---------------------------------------------------------------- Mocks

    async newResource(args: pulumi.runtime.MockResourceArgs): Promise<pulumi.runtime.MockResourceResult> {
        const key = `${args.type}::${args.name}`;
        try {
            if (PROVIDER_TYPE.test(args.type)) return this.registerProvider(args, key);
            if (DYNAMIC_TYPE.test(args.type)) return await this.registerDynamic(args, key);
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
            seq: prior?.seq ?? ++this.seq,
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

    private async registerDynamic(
        args: pulumi.runtime.MockResourceArgs,
        key: string,
    ): Promise<pulumi.runtime.MockResourceResult> {
        this.claim(key);
        const base = { key, type: args.type, name: args.name };
        const providerKey = this.providerKeyOf(args.provider);
        // Engine form of the new inputs: unknowns as the sentinel string, secrets still wrapped.
        const news: Dict = toEngineValues(args.inputs);
        const text = stripSecrets<string>(news.__provider);
        if (typeof text !== "string") throw new Error("inputs.__provider is missing or not a string");
        const p = await this.provider(providerKey, text);
        const prior = this.state.get(key);
        const preview = this.mode === "preview";

        // Check (the host puts news.__provider back into the checked inputs).
        let checked: Dict = stripSecrets(news);
        if (p.check) {
            const r = await p.check(prior ? stripSecrets(prior.inputs) : {}, stripSecrets(news));
            if (r?.failures?.length) {
                throw new Error(
                    `check failed: ${r.failures.map((f: { property: string; reason: string }) => `${f.property}: ${f.reason}`).join("; ")}`,
                );
            }
            if (r?.inputs) checked = r.inputs;
        }
        checked = { ...checked, __provider: text };
        const inputs = annotateSecrets(checked, news);

        // Decide the step.
        let step: "create" | "update" | "same" | "replace" = "create";
        let dbr = false;
        if (prior) {
            const d = p.diff ? await p.diff(prior.id, stripSecrets(prior.outputs), checked) : undefined;
            const changes: boolean | undefined = d?.changes;
            if (d?.replaces?.length) {
                step = "replace";
                dbr = !!d.deleteBeforeReplace;
            } else if (changes === true) step = "update";
            else if (changes === false) step = "same";
            else {
                // DIFF_UNKNOWN: the engine falls back to comparing old and new inputs.
                step = JSON.stringify(stripSecrets(prior.inputs)) === JSON.stringify(checked) ? "same" : "update";
            }
        }

        if (preview) {
            this.record({
                op: step,
                ...base,
                planned: true,
                deleteBeforeReplace: step === "replace" ? dbr : undefined,
            });
            if (step === "same") return { id: prior!.id, state: prior!.outputs };
            // Providers without preview support: the planned outputs are the inputs; others unknown.
            return { id: step === "update" ? prior!.id : undefined, state: this.secretOutputs(args.type, inputs) };
        }

        let id: string;
        let outputs: Dict;
        let seq = prior?.seq ?? 0;
        try {
            if (step === "create") {
                ({ id, outputs } = await this.create(p, checked, inputs, args.type, key, providerKey));
                seq = ++this.seq;
            } else if (step === "same") {
                // A Same step keeps the old outputs (with their old __provider: pulumi/pulumi#6490).
                id = prior!.id;
                outputs = prior!.outputs;
            } else if (step === "update") {
                id = prior!.id;
                const r =
                    (p.update ? await p.update(prior!.id, stripSecrets(prior!.outputs), checked) : undefined) ?? {};
                outputs = this.outputs(args.type, r.outs, checked, inputs);
            } else {
                // Replace: the old object is deleted by the provider it was created with (its stored text).
                const old = prior!;
                const deleteOld = async () => {
                    const op = await this.provider(old.provider, stripSecrets(old.outputs.__provider));
                    if (op.delete) await op.delete(old.id, stripSecrets(old.outputs));
                };
                if (dbr) {
                    await deleteOld();
                    this.state.delete(key);
                }
                ({ id, outputs } = await this.create(p, checked, inputs, args.type, key, providerKey));
                seq = ++this.seq;
                if (!dbr) await deleteOld();
            }
        } catch (e) {
            // An error carrying `id` (ErrorResourceInitFailed) means the object exists: record it.
            const err = e as { id?: unknown; properties?: Dict };
            if (
                typeof err?.id === "string" &&
                err.id &&
                (step === "create" || step === "replace" || step === "update")
            ) {
                const outs = this.outputs(args.type, err.properties, checked, inputs);
                this.state.set(key, {
                    ...base,
                    id: err.id,
                    inputs,
                    outputs: outs,
                    provider: providerKey,
                    seq: step === "update" ? seq : ++this.seq,
                });
            }
            this.fail(base, e, step);
            return { id: undefined, state: {} };
        }
        this.record({ op: step, ...base, deleteBeforeReplace: step === "replace" ? dbr : undefined });
        this.state.set(key, { ...base, id, inputs, outputs, provider: providerKey, seq });
        return { id, state: outputs };
    }

    private async create(p: any, checked: Dict, inputs: Dict, type: string, key: string, providerKey: string) {
        const r = await p.create(checked);
        if (!r || typeof r.id !== "string" || !r.id)
            throw new Error(`create returned no id for ${key} (provider ${providerKey || "default"})`);
        return { id: r.id as string, outputs: this.outputs(type, r.outs, checked, inputs) };
    }

    /** Host: outs + __provider of the request; engine: annotateSecrets, then additionalSecretOutputs. */
    private outputs(type: string, outs: Dict | undefined, request: Dict, engineInputs: Dict): Dict {
        assertWireSafe(outs ?? {}, type);
        return this.secretOutputs(
            type,
            annotateSecrets({ ...(outs ?? {}), __provider: request.__provider }, engineInputs),
        );
    }

    private secretOutputs(type: string, outs: Dict): Dict {
        const map = this.opts.secretOutputs ?? {};
        const short = type.replace(DYNAMIC_TYPE, (m, mod?: string) => (mod ? `${mod.slice(1)}:` : ""));
        return markSecret(outs, map[type] ?? map[short]);
    }

    // ---------------------------------------------------------------- refresh / delete

    private async refreshOne(e: StateEntry): Promise<void> {
        const base = { key: e.key, type: e.type, name: e.name };
        const p = await this.provider(e.provider, stripSecrets(e.outputs.__provider));
        if (!p.read) {
            this.record({ op: "read", ...base, changed: false });
            return;
        }
        const oldProps = stripSecrets<Dict>(e.outputs);
        const r = (await p.read(e.id, oldProps)) ?? {};
        if (!r.id) {
            this.state.delete(e.key);
            this.record({ op: "read", ...base, changed: true, gone: true });
            return;
        }
        assertWireSafe(r.props ?? {}, e.type);
        const props = { ...(r.props ?? {}), __provider: oldProps.__provider };
        const inputs = r.inputs ? { ...r.inputs, __provider: oldProps.__provider } : stripSecrets<Dict>(e.inputs);
        const changed = r.id !== e.id || !sameJson(props, oldProps) || !sameJson(inputs, stripSecrets(e.inputs));
        this.state.set(e.key, {
            ...e,
            id: r.id,
            outputs: this.secretOutputs(e.type, annotateSecrets(props, e.outputs)),
            inputs: annotateSecrets(inputs, e.inputs),
        });
        this.record({ op: "read", ...base, changed });
    }

    private async deleteEntries(entries: StateEntry[]): Promise<void> {
        // Reverse creation order, one at a time (dependents were created after their dependencies).
        for (const e of entries.sort((a, b) => b.seq - a.seq)) {
            try {
                const p = await this.provider(e.provider, stripSecrets(e.outputs.__provider));
                if (p.delete) await p.delete(e.id, stripSecrets(e.outputs));
                this.state.delete(e.key);
                this.record({ op: "delete", key: e.key, type: e.type, name: e.name });
            } catch (err) {
                this.fail(e, err, "delete");
            }
        }
    }

    private deleteProviders(providers: ProviderStateEntry[]): void {
        for (const p of providers.sort((a, b) => b.seq - a.seq)) {
            if ([...this.state.values()].some((e) => e.provider === p.key)) continue; // still in use (a delete failed)
            this.providerState.delete(p.key);
            this.record({ op: "delete", key: p.key, type: p.type, name: p.name });
        }
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
        return redactedJson({ resources: [...this.state.values()], providers: [...this.providerState.values()] });
    }
}

/** Under mocks, unknown values arrive as pulumi's `unknown` object; the engine sends the sentinel string. */
function toEngineValues(v: unknown): any {
    if (pulumi.isUnknown(v)) return UNKNOWN_SENTINEL;
    if (isSecret(v)) return secret(toEngineValues(v.value));
    if (Array.isArray(v)) return v.map(toEngineValues);
    if (v && typeof v === "object")
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toEngineValues(x)]));
    return v;
}

/** Provider inputs as Configure args: secrets unwrapped (the host does it), unknowns as the sentinel. */
function toProviderValues(v: Dict): Dict {
    return stripSecrets(toEngineValues(v));
}

/** The host's Struct encoder rejects undefined values and non-plain objects ("Unexpected struct type"). */
function assertWireSafe(v: unknown, where: string, path = ""): void {
    if (v === undefined)
        throw new Error(
            `${where}: output ${path || "(root)"} is undefined; the engine's Struct encoder would reject it`,
        );
    if (v === null || typeof v !== "object") {
        if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint")
            throw new Error(`${where}: output ${path} is a ${typeof v}`);
        return;
    }
    if (isSecret(v))
        throw new Error(
            `${where}: output ${path} is a secret wrapper; dynamic providers cannot return secrets (Unexpected struct type)`,
        );
    if (Array.isArray(v)) return v.forEach((x, i) => assertWireSafe(x, where, `${path}[${i}]`));
    const proto = Object.getPrototypeOf(v);
    if (proto !== null && Object.getPrototypeOf(proto) !== null)
        throw new Error(`${where}: output ${path} is a ${proto.constructor?.name ?? "class"} instance, not plain data`);
    for (const [k, x] of Object.entries(v)) assertWireSafe(x, where, path ? `${path}.${k}` : k);
}

function sameJson(a: unknown, b: unknown): boolean {
    return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === "object")
        return Object.fromEntries(
            Object.keys(v)
                .sort()
                .map((k) => [k, sortKeys((v as Dict)[k])]),
        );
    return v;
}

function asError(e: unknown): Error {
    return e instanceof Error
        ? e
        : new Error(typeof e === "object" && e && "message" in e ? String((e as Error).message) : String(e));
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

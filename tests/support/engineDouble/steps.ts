// One command's steps, as Pulumi's step generator and executor take them for the resources a program
// registers (up, preview) or that the state holds (refresh, destroy). Values are in engine form:
// secrets as wrappers, stripped before each provider call and re-marked after (ProviderClient).
import { randomUUID } from "node:crypto";
import { initFailure, Provider } from "../providerHost";
import { isSecret, secret, stripSecrets } from "../secrets";
import type { ResourceState } from "./deployment";
import { DEFAULT_PROVIDER_TYPE, ProviderPool, configureArgs } from "./providers";
import type { StackConfig } from "./stackConfig";
import type { Mode, OpKind } from "../mockEngine/types";
import { sameJson } from "../mockEngine/wire";

type Dict = Record<string, any>;

export type { Mode, OpKind };

export interface Op {
    op: OpKind;
    urn: string;
    type: string;
    name: string;
    planned?: boolean;
    deleteBeforeReplace?: boolean;
    /** refresh: whether the read changed the state, and whether the object was gone. */
    changed?: boolean;
    gone?: boolean;
    failed?: boolean;
}

export interface Registration {
    type: string;
    name: string;
    parent: string;
    custom: boolean;
    /** `urn::id`, or "" for the default provider. */
    provider: string;
    inputs: Dict;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    additionalSecretOutputs: string[];
}

export const STACK_TYPE = "pulumi:pulumi:Stack";

/** `urn:pulumi:<stack>::<project>::<parent type$>type::name` (sdk/nodejs/runtime/resource.ts createUrn). */
export function typeAndName(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    return { type: parts[2].split("$").pop()!, name: parts.slice(3).join("::") };
}

/**
 * additionalSecretOutputs, then any output whose input of the same name is secret
 * (pkg/resource/deploy/step_executor.go, continueExecuteStep).
 */
function markSecretOutputs(outputs: Dict, inputs: Dict, names: readonly string[]): Dict {
    const out = { ...outputs };
    for (const k of names) if (k in out && !isSecret(out[k])) out[k] = secret(out[k]);
    for (const [k, v] of Object.entries(out)) if (!isSecret(v) && isSecret(inputs[k])) out[k] = secret(v);
    return out;
}

export class Deployment {
    readonly ops: Op[] = [];
    readonly errors: Error[] = [];
    /** This run's resources, in registration order (parents, providers and dependencies first). */
    readonly news = new Map<string, ResourceState>();
    stackOutputs: Dict | undefined;
    private readonly olds: Map<string, ResourceState>;

    constructor(
        readonly mode: Mode,
        private readonly opts: {
            project: string;
            stack: string;
            old: ResourceState[];
            config: StackConfig;
            pool: ProviderPool;
        },
    ) {
        this.olds = new Map(opts.old.map((r) => [r.urn, r]));
    }

    private get dryRun(): boolean {
        return this.mode === "preview";
    }

    urn(type: string, name: string, parent: string): string {
        const parentType = parent && typeAndName(parent).type !== STACK_TYPE ? `${parent.split("::")[2]}$` : "";
        return `urn:pulumi:${this.opts.stack}::${this.opts.project}::${parentType}${type}::${name}`;
    }

    private record(op: Op): void {
        this.ops.push(this.dryRun && op.op !== "read" ? { ...op, planned: true } : op);
    }

    private fail(urn: string, err: unknown, op?: OpKind): Error {
        const error = new Error(`${urn}: ${(err as Error)?.message ?? String(err)}`, { cause: err });
        this.errors.push(error);
        if (op) this.ops.push({ op, urn, ...typeAndName(urn), failed: true });
        return error;
    }

    // ---------------------------------------------------------------- providers

    /**
     * The default provider of pulumi-nodejs: a provider resource in state whose inputs are the whole
     * stack config, strings, secrets kept secret (pkg/resource/deploy/target.go GetPackageConfig,
     * default_providers.go). Registered before its first resource; its id survives config changes.
     */
    private defaultProvider(): { ref: string; entry: ResourceState } {
        const urn = this.urn(DEFAULT_PROVIDER_TYPE, "default", "");
        let entry = this.news.get(urn);
        if (!entry) {
            const { values, secretKeys } = this.opts.config;
            const inputs = Object.fromEntries(
                Object.entries(values).map(([k, v]) => [k, secretKeys.includes(k) ? secret(v) : v]),
            );
            const old = this.olds.get(urn);
            entry = {
                urn,
                custom: true,
                id: old?.id ?? randomUUID(),
                type: DEFAULT_PROVIDER_TYPE,
                inputs,
                outputs: inputs,
            };
            this.record({
                op: !old ? "create" : sameJson(old.inputs, inputs) ? "same" : "update",
                urn,
                type: DEFAULT_PROVIDER_TYPE,
                name: "default",
            });
            this.news.set(urn, entry);
        }
        return { ref: `${urn}::${entry.id}`, entry };
    }

    /** The provider resource behind a reference: this run's registration, else the stored one. */
    private providerEntry(ref: string): ResourceState {
        const urn = ref.slice(0, ref.lastIndexOf("::"));
        // Refresh and destroy run no program: every provider comes from the state of the last up.
        const entry = this.news.get(urn) ?? this.olds.get(urn);
        if (!entry) throw new Error(`unknown provider ${ref}`);
        return entry;
    }

    private plugin(ref: string): Promise<Provider> {
        return this.opts.pool.get(ref, this.providerEntry(ref));
    }

    // ---------------------------------------------------------------- up / preview

    /** RegisterResource: answers with the urn, the id ("" when unknown) and the outputs (engine form). */
    async register(reg: Registration): Promise<{ urn: string; id: string; outputs: Dict }> {
        const urn = this.urn(reg.type, reg.name, reg.parent);
        if (this.news.has(urn)) throw this.fail(urn, new Error("duplicate resource URN"));
        const old = this.olds.get(urn);
        const base = { urn, type: reg.type, parent: reg.parent || undefined, dependencies: reg.dependencies };
        if (!reg.custom) {
            // Stack and components: the engine keeps no inputs; outputs come with RegisterResourceOutputs.
            this.news.set(urn, { ...base, custom: false, inputs: {}, outputs: old?.outputs ?? {} });
            this.record({ op: old ? "same" : "create", urn, type: reg.type, name: reg.name });
            return { urn, id: "", outputs: {} };
        }
        if (reg.type.startsWith("pulumi:providers:")) {
            const id = old?.id ?? randomUUID();
            this.news.set(urn, { ...base, custom: true, id, inputs: reg.inputs, outputs: reg.inputs });
            // DiffConfig is unimplemented by the dynamic host: a change is an update, never a replace.
            this.record({
                op: !old ? "create" : sameJson(old.inputs, reg.inputs) ? "same" : "update",
                urn,
                type: reg.type,
                name: reg.name,
            });
            return { urn, id, outputs: reg.inputs };
        }
        try {
            return await this.registerCustom(urn, reg, old);
        } catch (e) {
            throw this.fail(urn, e);
        }
    }

    private async registerCustom(urn: string, reg: Registration, old: ResourceState | undefined) {
        const ref = reg.provider || this.defaultProvider().ref;
        const providerEntry = this.providerEntry(ref);
        const entryOf = (id: string, inputs: Dict, outputs: Dict, initErrors?: string[]): ResourceState => ({
            urn,
            custom: true,
            id,
            type: reg.type,
            inputs,
            outputs,
            parent: reg.parent || undefined,
            provider: ref,
            dependencies: reg.dependencies,
            propertyDependencies: reg.propertyDependencies,
            additionalSecretOutputs: reg.additionalSecretOutputs.length ? reg.additionalSecretOutputs : undefined,
            initErrors,
        });

        if (!configureArgs(providerEntry)) {
            // A provider with unknown inputs (preview) is never configured: no Check, no Diff (counted
            // as an update), empty planned outputs (provider_plugin.go under `!pcfg.known`).
            if (!this.dryRun) throw new Error(`the provider ${ref} has unknown inputs outside a preview`);
            this.news.set(urn, old ?? entryOf("", reg.inputs, {}));
            this.record({ op: old ? "update" : "create", urn, type: reg.type, name: reg.name });
            return { urn, id: old?.id ?? "", outputs: {} };
        }
        const { client } = await this.plugin(ref);
        const name = reg.name;
        const checked = await client.check(reg.type, name, old?.inputs ?? {}, reg.inputs);
        if (checked.failures.length)
            throw new Error(`check failed: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
        const inputs = checked.inputs;

        let step: "create" | "update" | "same" | "replace" = "create";
        let dbr = false;
        if (old) {
            const d = await client.diff(reg.type, name, old.id!, old.outputs, inputs);
            let changes = d.changes === "some";
            if (d.changes === "unknown") changes = !sameJson(stripSecrets(old.inputs), stripSecrets(inputs));
            if (d.replaces.length) [step, dbr] = ["replace", d.deleteBeforeReplace];
            else step = changes || old.initErrors?.length ? "update" : "same";
        }
        const op: Op = {
            op: step,
            urn,
            type: reg.type,
            name,
            deleteBeforeReplace: step === "replace" ? dbr : undefined,
        };
        const secretOutputs = (outs: Dict) => markSecretOutputs(outs, inputs, reg.additionalSecretOutputs);

        if (this.dryRun) {
            this.news.set(urn, old ?? entryOf("", inputs, {}));
            this.record(op);
            if (step === "same") return { urn, id: old!.id!, outputs: old!.outputs };
            // The dynamic host does not support previews: the planned outputs are the checked inputs.
            return { urn, id: step === "update" ? old!.id! : "", outputs: secretOutputs(inputs) };
        }

        try {
            let id: string;
            let outputs: Dict;
            if (step === "same") {
                [id, outputs] = [old!.id!, old!.outputs];
            } else if (step === "update") {
                id = old!.id!;
                outputs = (await client.update(reg.type, name, id, old!.outputs, inputs)).outs;
            } else {
                if (step === "replace" && dbr) await this.deleteOne(old!);
                ({ id, outs: outputs } = await client.create(reg.type, name, inputs));
                if (step === "replace" && !dbr) await this.deleteOne(old!);
            }
            const entry = entryOf(id, inputs, step === "same" ? outputs : secretOutputs(outputs));
            this.news.set(urn, entry);
            this.record(op);
            return { urn, id, outputs: entry.outputs };
        } catch (e) {
            // An object created or updated part way is stored with exactly the error's properties, an
            // update keeping its old inputs (step.go; engine/update.go OnResourceStepPost).
            const partial = initFailure(e);
            if (partial && step !== "same") {
                const outputs = secretOutputs(stripSecrets(partial.properties));
                this.news.set(
                    urn,
                    entryOf(
                        partial.id,
                        step === "update" ? old!.inputs : inputs,
                        outputs,
                        partial.reasons.length ? partial.reasons : undefined,
                    ),
                );
            } else if (old) this.news.set(urn, old);
            this.ops.push({ ...op, failed: true });
            throw e;
        }
    }

    /** RegisterResourceOutputs: a component's (or the stack's) outputs. */
    registerOutputs(urn: string, outputs: Dict): void {
        const entry = this.news.get(urn);
        if (entry) entry.outputs = outputs;
        if (typeAndName(urn).type === STACK_TYPE) this.stackOutputs = outputs;
    }

    // ---------------------------------------------------------------- deletes, refresh

    private async deleteOne(r: ResourceState): Promise<void> {
        const { client } = await this.plugin(r.provider!);
        const { type, name } = typeAndName(r.urn);
        await client.delete(type, name, r.id!, r.outputs);
    }

    /**
     * After a successful up: deletes what the program no longer declares, dependents first (the
     * reverse of the stored order), one at a time. A failed delete leaves the resource in state.
     */
    async deleteOrphans(): Promise<void> {
        const orphans = [...this.olds.values()].filter((r) => !this.news.has(r.urn)).reverse();
        for (const r of orphans) {
            const { type, name } = typeAndName(r.urn);
            if (this.dryRun) {
                this.record({ op: "delete", urn: r.urn, type, name });
                continue;
            }
            try {
                if (r.custom && !type.startsWith("pulumi:providers:")) await this.deleteOne(r);
                this.olds.delete(r.urn);
                this.record({ op: "delete", urn: r.urn, type, name });
            } catch (e) {
                this.fail(r.urn, e, "delete");
            }
        }
    }

    /** `pulumi destroy`: every resource, dependents first; providers, components and the stack last. */
    async destroyAll(): Promise<void> {
        for (const r of [...this.olds.values()].reverse()) {
            const { type, name } = typeAndName(r.urn);
            if (!r.custom || type.startsWith("pulumi:providers:")) continue;
            try {
                await this.deleteOne(r);
                this.olds.delete(r.urn);
                this.record({ op: "delete", urn: r.urn, type, name });
            } catch (e) {
                this.fail(r.urn, e, "delete");
            }
        }
        if ([...this.olds.values()].some((r) => r.custom && !r.type.startsWith("pulumi:providers:"))) return;
        this.olds.clear();
    }

    /**
     * `pulumi refresh`: Read every resource with its stored inputs and outputs through the provider as
     * stored (configured from the last up's inputs), then Diff the refreshed outputs against the stored
     * inputs (step.go RefreshStep.Apply); a read clears initErrors; an empty id drops the resource.
     */
    async refreshAll(): Promise<void> {
        const customs = [...this.olds.values()].filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
        await Promise.all(
            customs.map(async (r) => {
                const { type, name } = typeAndName(r.urn);
                try {
                    const { client } = await this.plugin(r.provider!);
                    const read = await client.read(type, name, r.id!, r.outputs, r.inputs);
                    if (!read.id) {
                        this.olds.delete(r.urn);
                        this.record({ op: "read", urn: r.urn, type, name, changed: true, gone: true });
                        return;
                    }
                    const outputs = markSecretOutputs(read.props, r.inputs, r.additionalSecretOutputs ?? []);
                    const inputs = read.inputs ?? r.inputs;
                    await client.diff(type, name, read.id, outputs, r.inputs);
                    const changed = !sameJson(outputs, r.outputs) || !sameJson(inputs, r.inputs);
                    this.olds.set(r.urn, { ...r, id: read.id, outputs, inputs, initErrors: undefined });
                    this.record({ op: "read", urn: r.urn, type, name, changed });
                } catch (e) {
                    this.fail(r.urn, e, "read");
                }
            }),
        );
    }

    /** The state to store: this run's registrations, then what the run left of the old state. */
    finalState(): ResourceState[] {
        if (this.mode === "refresh" || this.mode === "destroy") return [...this.olds.values()];
        const rest = [...this.olds.values()].filter((r) => !this.news.has(r.urn));
        return [...this.news.values(), ...rest];
    }
}

/**
 * The thin-shim dynamic provider and the helpers every resource shares.
 *
 * Each resource file exports plain `Handlers`; its `<resource>.provider.ts` module makes them the
 * whole `module.exports` through `defineProvider`. Installed in `node_modules`, that module is what
 * the closure serializer captures by reference, so `__provider` is one `require(...)` line: no logic,
 * no client, no credential in state. Every method follows the same flow: the host deserializes
 * `__provider`, calls `configure` once per process, then the method; `defineProvider` adds what all
 * of them need (outs without `undefined`, `providerVersion` in outs, errors without secrets).
 */
import type * as pulumi from "@pulumi/pulumi";
import { setEngineConfig } from "./config";

/** The engine's placeholder for a value that is not known yet (preview), whatever the declared type. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Bumped when a release changes what handlers store or how they behave, so `diff` forces one
 * in-place update that rewrites the stored `__provider` (pulumi/pulumi#6490).
 */
export const PROVIDER_VERSION = "1";

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN || (Array.isArray(value) && value.some(isUnknown));
}

export type Props = Record<string, unknown>;

export interface CheckFailure {
    readonly property: string;
    readonly reason: string;
}
export interface CheckResult<I> {
    readonly inputs: I;
    readonly failures: CheckFailure[];
}
export interface DiffResult {
    readonly changes: boolean;
    readonly replaces: string[];
    readonly deleteBeforeReplace: boolean;
}
export interface CreateResult<O> {
    readonly id: string;
    readonly outs: O;
}
export interface ReadResult<I, O> {
    readonly id?: string;
    readonly props?: O;
    readonly inputs?: I;
}

/** What a resource file implements; `defineProvider` turns it into the engine-facing provider. */
export interface Handlers<I extends object, O extends object> {
    check(olds: Partial<I>, news: Props): Promise<CheckResult<I>>;
    diff(id: string, olds: O, news: I): Promise<DiffResult>;
    create(inputs: I): Promise<CreateResult<O>>;
    read(id: string, props: O): Promise<ReadResult<I, O>>;
    update(id: string, olds: O, news: I): Promise<{ outs: O }>;
    delete(id: string, props: O): Promise<void>;
}

export function defineProvider<I extends object, O extends object>(h: Handlers<I, O>): pulumi.dynamic.ResourceProvider {
    return {
        async configure(req: pulumi.dynamic.ConfigureRequest) {
            setEngineConfig((key) => req.config.get(key));
        },
        async check(olds: Props, news: Props) {
            const r = await h.check(olds as Partial<I>, news);
            return { inputs: { ...sanitize(r.inputs), providerVersion: PROVIDER_VERSION }, failures: r.failures };
        },
        diff: (id: string, olds: O, news: I) => h.diff(id, olds, news),
        async create(inputs: I) {
            const r = await recordPartial(h.create(inputs), inputs);
            return { id: r.id, outs: withVersion(r.outs) };
        },
        async read(id: string, props: O) {
            const r = await h.read(id, props);
            if (!r.id) return {};
            return { id: r.id, props: r.props && withVersion(r.props), inputs: r.inputs && withVersion(r.inputs) };
        },
        async update(id: string, olds: O, news: I) {
            const r = await recordPartial(h.update(id, olds, news), news);
            return { outs: withVersion(r.outs) };
        },
        delete: (id: string, props: O) => h.delete(id, props),
    };
}

/**
 * An error carrying `id` is stored by the engine with exactly its properties as outputs: the host adds
 * no `__provider` to them (grpcResponseFromError), so the request's is put there, or the next refresh,
 * destroy or replace could not load the provider. They go through the same Struct encoder as outs.
 */
async function recordPartial<T>(work: Promise<T>, request: object): Promise<T> {
    try {
        return await work;
    } catch (err) {
        const e = err as Partial<ResourceInitError> | undefined;
        if (typeof e?.id === "string" && e.id) {
            const message = e.message ?? String(err);
            const properties = { ...withVersion(e.properties ?? {}), __provider: (request as Props).__provider };
            throw new ResourceInitError(message, e.id, sanitize(properties), e.reasons ?? [message], { cause: err });
        }
        throw err;
    }
}

function withVersion<T extends object>(props: T): Props {
    return { ...sanitize(props), providerVersion: PROVIDER_VERSION };
}

/** Removes `undefined` (the engine's Struct encoder rejects it) at every depth. */
export function sanitize<T>(value: T): T {
    if (Array.isArray(value)) return value.filter((v) => v !== undefined).map(sanitize) as T;
    if (value && typeof value === "object") {
        const out: Props = {};
        for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = sanitize(v);
        return out as T;
    }
    return value;
}

/** How a changed input is applied. */
export type ChangeKind = "update" | "replace";

/**
 * The shared diff: compares each listed input with the stored output of the same name (write-only
 * values such as passwords are kept in outputs, as secrets, for this), plus `providerVersion`.
 * An unknown new value counts as a change. An unset optional input is not compared: the remote
 * value is then the API's, not the program's (Terraform's optional+computed). Inputs not listed
 * (create-time only values such as `notify`) are never compared.
 */
export function diffInputs<O extends object>(
    olds: O,
    news: object,
    fields: Readonly<Record<string, ChangeKind>>,
    options: { deleteBeforeReplace?: boolean } = {},
): DiffResult {
    const o = olds as Props;
    const n = news as Props;
    const replaces: string[] = [];
    let changes = o.providerVersion !== PROVIDER_VERSION;
    for (const [name, kind] of Object.entries(fields)) {
        if (n[name] === undefined || (!isUnknown(n[name]) && equal(o[name], n[name]))) continue;
        changes = true;
        if (kind === "replace") replaces.push(name);
    }
    return { changes, replaces, deleteBeforeReplace: replaces.length > 0 && !!options.deleteBeforeReplace };
}

/** Structural equality for config values; `undefined` and `null` are both "not set". */
export function equal(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if ((a === undefined || a === null) && (b === undefined || b === null)) return true;
    if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
    if (a && b && typeof a === "object" && typeof b === "object") {
        const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
        return [...keys].every((k) => equal((a as Props)[k], (b as Props)[k]));
    }
    return false;
}

/** An error carrying `id` tells the engine the object exists though a later step failed. */
export class ResourceInitError extends Error {
    constructor(
        message: string,
        readonly id: string,
        readonly properties: Props,
        readonly reasons: string[] = [message],
        options?: ErrorOptions,
    ) {
        super(message, options);
    }
}

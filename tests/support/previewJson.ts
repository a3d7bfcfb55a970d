/**
 * Builds `pulumi preview --json` documents for tests, in the exact shape Pulumi prints them. Source:
 * pulumi/pulumi at commit 1b5949891b (2026-11), read for this purpose:
 * - `pkg/display/json.go`: `PreviewDigest` {config, steps, diagnostics, duration, changeSummary,
 *   maybeCorrupt}, `PreviewStep` {op, urn, provider, oldState, newState, diffReasons,
 *   replaceReasons, detailedDiff}, `PreviewDiagnostic` {urn, prefix, message, severity}; every field
 *   `omitempty` except `detailedDiff`, which is always printed (`null` without a detailed diff);
 * - `pkg/backend/display/json.go` (`ShowPreviewDigest`, `getPreviewMetadataStep`,
 *   `stateForJSONOutput`): secrets at any depth become "[secret]", the diagnostic prefix is folded
 *   into the message, the document is printed with `json.MarshalIndent(…, "", "    ")` (HTML
 *   characters escaped as \u003c etc.);
 * - `sdk/go/common/apitype/core.go` (`ResourceV3`, field order urn, custom, delete, id, type,
 *   inputs, outputs, parent, protect, …, provider, propertyDependencies, …), filled by
 *   `SerializeResource` in `pkg/resource/stack/deployment.go` (unknowns as the sentinel below);
 * - `pkg/resource/deploy/step.go` (op names) and `pkg/backend/display/display.go` (`shouldShow`: the
 *   root stack's `same` is always printed, other sames only with --show-sames).
 * For dynamic resources (this package) the engine gets no detailed diff when `diff` answers, so
 * `detailedDiff` is null and `diffReasons` absent; `newState` of a create or update is captured
 * before the step runs: inputs (as `check` returned them, `__provider` and `providerVersion`
 * included), no id, no outputs.
 */
import { PreviewDigest, PreviewStep, Props, ResourceState } from "../../cli/review/previewDocument";

export const SECRET = "[secret]";
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const STACK = "prod";
export const PROJECT = "school";

export function urn(type: string, name: string): string {
    return `urn:pulumi:${STACK}::${PROJECT}::${type}::${name}`;
}

export const STACK_URN = urn("pulumi:pulumi:Stack", `${PROJECT}-${STACK}`);
/** `<provider URN>::<provider id>`, as a step's and a state's `provider` read. */
export const DEFAULT_PROVIDER = `${urn("pulumi:providers:pulumi-nodejs", "default")}::7c2f9e1a-58d4-4b8e-9a51-0f3c2d6b8e11`;
export const explicitProvider = (name: string) =>
    `${urn("pulumi:providers:pulumi-nodejs", name)}::5e0a1b2c-3d4e-4f50-8a61-72b3c4d5e6f7`;

export type Api = "flat" | "edubase";
export const dynamicType = (api: Api, type: string) => `pulumi-nodejs:dynamic/${api}:${type}`;

/** `__provider` as the resource classes store it: one require of the installed module. */
export function providerText(api: Api, module: string): string {
    return `exports.handler = __f0;\n\nfunction __f0() {\n  return (function() {\n    with({  }) {\n\nreturn () => require("pulumi-edu-org/dist/provider/${api}/${module}.provider.js");\n\n    }\n  }).apply(undefined, undefined).apply(this, arguments);\n}\n`;
}

export interface Resource {
    readonly api: Api;
    readonly type: string;
    readonly name: string;
    /** Provider reference; the default provider when left out. */
    readonly provider?: string;
}

export interface Stored {
    readonly id: string;
    readonly inputs: Props;
    readonly outputs: Props;
}

function resourceUrn(r: Resource): string {
    return urn(dynamicType(r.api, r.type), r.name);
}

/** Go prints a map's keys sorted (inputs and outputs are `map[string]any` at every depth); structs keep field order. */
export function sortedKeys<T>(value: T): T {
    if (Array.isArray(value)) return value.map(sortedKeys) as T;
    if (value && typeof value === "object")
        return Object.fromEntries(
            Object.keys(value)
                .sort()
                .map((k) => [k, sortedKeys((value as Props)[k])]),
        ) as T;
    return value;
}

function dynamicInputs(r: Resource, inputs: Props): Props {
    const module = r.type[0].toLowerCase() + r.type.slice(1);
    return sortedKeys({ __provider: providerText(r.api, module), providerVersion: "1", ...inputs });
}

/** `ResourceV3` with Go's field order; `stored` adds what only a recorded state has. */
function state(r: Resource, inputs: Props, stored?: Stored): ResourceState {
    return {
        urn: resourceUrn(r),
        custom: true,
        ...(stored ? { id: stored.id } : {}),
        type: dynamicType(r.api, r.type),
        inputs: dynamicInputs(r, inputs),
        ...(stored ? { outputs: dynamicInputs(r, stored.outputs) } : {}),
        parent: STACK_URN,
        provider: r.provider ?? DEFAULT_PROVIDER,
        ...(stored
            ? {
                  propertyDependencies: {},
                  created: "2026-09-01T08:00:00.000000000Z",
                  modified: "2026-11-20T16:42:07.000000000Z",
              }
            : {}),
    };
}

function step(op: string, r: Resource, parts: Partial<PreviewStep>): PreviewStep {
    return {
        op,
        urn: resourceUrn(r),
        provider: r.provider ?? DEFAULT_PROVIDER,
        ...parts,
        detailedDiff: null,
    };
}

export const create = (r: Resource, inputs: Props) => step("create", r, { newState: state(r, inputs) });

export const update = (r: Resource, old: Stored, inputs: Props) =>
    step("update", r, { oldState: state(r, old.inputs, old), newState: state(r, inputs) });

/** One logical step with both states and the provider's `replaces` as replaceReasons. */
export const replace = (r: Resource, old: Stored, inputs: Props, replaceReasons: string[]) =>
    step("replace", r, { oldState: state(r, old.inputs, old), newState: state(r, inputs), replaceReasons });

export const remove = (r: Resource, old: Stored) => step("delete", r, { oldState: state(r, old.inputs, old) });

/** Printed only with --show-sames. */
export const same = (r: Resource, old: Stored) =>
    step("same", r, { oldState: state(r, old.inputs, old), newState: state(r, old.inputs, old) });

/** `Resource.get(name, id)`: the engine reads an existing object; nothing is managed or changed. */
export const read = (r: Resource, id: string) =>
    step("read", r, {
        newState: {
            urn: resourceUrn(r),
            custom: true,
            id,
            type: dynamicType(r.api, r.type),
            parent: STACK_URN,
            provider: r.provider ?? DEFAULT_PROVIDER,
            external: true,
        } as ResourceState,
    });

/** `preview --refresh`: the refresh step carries the stored state on both sides (its new state defaults to the old one). */
export const refresh = (r: Resource, old: Stored) =>
    step("refresh", r, { oldState: state(r, old.inputs, old), newState: state(r, old.inputs, old) });

/** An explicit `flat.Provider` / `edubase.Provider` resource. */
export function providerStep(op: string, name: string, inputs: Props, oldInputs?: Props): PreviewStep {
    const providerUrn = urn("pulumi:providers:pulumi-nodejs", name);
    const s = (i: Props, id?: string) =>
        ({
            urn: providerUrn,
            custom: true,
            ...(id ? { id } : {}),
            type: "pulumi:providers:pulumi-nodejs",
            inputs: sortedKeys(i),
            ...(id ? { outputs: sortedKeys(i) } : {}),
            parent: STACK_URN,
        }) as ResourceState;
    return {
        op,
        urn: providerUrn,
        ...(oldInputs ? { oldState: s(oldInputs, "5e0a1b2c-3d4e-4f50-8a61-72b3c4d5e6f7") } : {}),
        ...(op === "delete" ? {} : { newState: s(inputs) }),
        detailedDiff: null,
    };
}

/** A resource of another provider, with the detailed diff such providers give. */
export function otherStep(op: string, type: string, name: string): PreviewStep {
    const s = {
        urn: urn(type, name),
        custom: true,
        type,
        inputs: { bucket: name },
        parent: STACK_URN,
    } as ResourceState;
    return {
        op,
        urn: urn(type, name),
        provider: `${urn(`pulumi:providers:${type.split(":")[0]}`, "default_6_0_0")}::1f2e3d4c-0000-4000-8000-000000000000`,
        ...(op === "create" ? {} : { oldState: { ...s, id: `${name}-id`, outputs: { bucket: name } } }),
        ...(op === "delete" ? {} : { newState: s }),
        ...(op === "update" ? { diffReasons: ["tags"] } : {}),
        detailedDiff: op === "update" ? { tags: { kind: "update", inputDiff: true } } : null,
    };
}

/** The root stack's step, printed in every preview. */
export const rootStep = (): PreviewStep => ({
    op: "same",
    urn: STACK_URN,
    oldState: { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack" },
    newState: { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack" },
    detailedDiff: null,
});

export interface DigestOptions {
    readonly config?: Record<string, string>;
    readonly diagnostics?: { urn?: string; message: string; severity: "warning" | "error" | "info" }[];
    /** Resources left unchanged and not printed (no --show-sames): counted in changeSummary only. */
    readonly unprintedSames?: number;
}

/** The whole document: the root stack step first, `changeSummary` counting every logical step. */
export function digest(steps: PreviewStep[], options: DigestOptions = {}): PreviewDigest {
    const all = [rootStep(), ...steps];
    const changeSummary: Record<string, number> = {};
    for (const s of all)
        if (s.op !== "refresh" && s.op !== "read") changeSummary[s.op] = (changeSummary[s.op] ?? 0) + 1;
    changeSummary.same = (changeSummary.same ?? 0) + (options.unprintedSames ?? 0);
    return {
        config: sortedKeys(options.config ?? { "flat:maxUserRemovals": "10", "school:initialPassword": SECRET }),
        steps: all,
        ...(options.diagnostics?.length ? { diagnostics: options.diagnostics } : {}),
        duration: 4_213_000_000,
        changeSummary: sortedKeys(changeSummary),
    };
}

/** Go's `json.MarshalIndent(doc, "", "    ")` with its default HTML escaping. */
export function goJson(doc: unknown): string {
    return JSON.stringify(doc, null, 4).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

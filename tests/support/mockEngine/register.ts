// `up` and `preview` of one dynamic resource: Check, Diff, then Create / Update / Replace / nothing,
// as Pulumi's step generator and step executor do it for a provider that answers Configure with
// acceptSecrets=false (the Node dynamic-provider host always does).
import type * as pulumi from "@pulumi/pulumi";
import { annotateSecrets, stripSecrets } from "../secrets";
import type { EngineCore, Subject } from "./core";
import type { Dict, StateEntry } from "./types";
import { assertWireSafe, sameJson, toEngineValues } from "./wire";

type Step = "create" | "update" | "same" | "replace";

export async function registerDynamic(
    core: EngineCore,
    args: pulumi.runtime.MockResourceArgs,
    key: string,
    providerKey: string,
): Promise<pulumi.runtime.MockResourceResult> {
    const base: Subject = { key, type: args.type, name: args.name };
    // Engine form of the new inputs: unknowns as the sentinel string, secrets still wrapped.
    const news: Dict = toEngineValues(args.inputs);
    const text = stripSecrets<string>(news.__provider);
    if (typeof text !== "string") throw new Error("inputs.__provider is missing or not a string");
    const prior = core.state.get(key);
    const preview = core.mode === "preview";

    if (!core.providerConfig(providerKey).known) return unconfiguredPreview(core, base, prior);
    const p = await core.provider(providerKey, text);

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

    const { step, dbr } = prior ? await decide(p, prior, checked) : { step: "create" as Step, dbr: false };

    if (preview) {
        core.record({ op: step, ...base, planned: true, deleteBeforeReplace: step === "replace" ? dbr : undefined });
        if (step === "same") return { id: prior!.id, state: prior!.outputs };
        // Providers without preview support: the planned outputs are the inputs (provider_plugin.go Create/Update).
        return { id: step === "update" ? prior!.id : undefined, state: core.secretOutputs(args.type, inputs) };
    }

    let id: string;
    let outputs: Dict;
    let seq = prior?.seq ?? 0;
    try {
        if (step === "create") {
            ({ id, outputs } = await create(core, p, checked, inputs, args.type, key, providerKey));
            seq = core.nextSeq();
        } else if (step === "same") {
            // A Same step keeps the old outputs (with their old __provider: pulumi/pulumi#6490).
            id = prior!.id;
            outputs = prior!.outputs;
        } else if (step === "update") {
            id = prior!.id;
            const r = (p.update ? await p.update(prior!.id, stripSecrets(prior!.outputs), checked) : undefined) ?? {};
            outputs = hostOutputs(core, args.type, r.outs, checked, inputs);
        } else {
            // Replace: the old object is deleted by the provider it was created with (its stored text).
            const old = prior!;
            const deleteOld = async () => {
                const op = await core.provider(old.provider, stripSecrets(old.outputs).__provider);
                if (op.delete) await op.delete(old.id, stripSecrets(old.outputs));
            };
            if (dbr) {
                await deleteOld();
                core.state.delete(key);
            }
            ({ id, outputs } = await create(core, p, checked, inputs, args.type, key, providerKey));
            seq = core.nextSeq();
            if (!dbr) await deleteOld();
        }
    } catch (e) {
        if (step !== "same") recordPartialFailure(core, base, step, e, { inputs, prior, providerKey });
        core.fail(base, e, step);
        return { id: undefined, state: {} };
    }
    core.record({ op: step, ...base, deleteBeforeReplace: step === "replace" ? dbr : undefined });
    core.state.set(key, { ...base, id, inputs, outputs, provider: providerKey, seq });
    return { id, state: outputs };
}

/**
 * Diff against the old outputs. DIFF_UNKNOWN falls back to comparing old and new inputs
 * (step_generator.go, diffResource); recorded initErrors turn "no change" into an update
 * (step_generator.go, continueStepsFromDiff: "If resource was unchanged, but there were
 * initialization errors, generate an empty update step").
 */
async function decide(p: any, prior: StateEntry, checked: Dict): Promise<{ step: Step; dbr: boolean }> {
    const d = p.diff ? await p.diff(prior.id, stripSecrets(prior.outputs), checked) : undefined;
    if (d?.replaces?.length) return { step: "replace", dbr: !!d.deleteBeforeReplace };
    let changes: boolean | undefined = d?.changes;
    if (changes !== true && changes !== false) changes = !sameJson(stripSecrets(prior.inputs), checked);
    return { step: changes || prior.initErrors?.length ? "update" : "same", dbr: false };
}

/**
 * An explicit provider whose inputs are unknown in a preview is never configured: the engine calls
 * neither its Check (the new inputs are taken as they are) nor its Diff (DiffUnavailable, which the
 * step generator counts as an update), and plans empty outputs, so every output reads as unknown
 * (provider_plugin.go, Check/Diff/Create/Update under `!pcfg.known`).
 */
function unconfiguredPreview(
    core: EngineCore,
    base: Subject,
    prior: StateEntry | undefined,
): pulumi.runtime.MockResourceResult {
    if (core.mode !== "preview") throw new Error(`${base.key}: its provider's inputs are unknown outside a preview`);
    core.record({ op: prior ? "update" : "create", ...base, planned: true });
    return { id: prior?.id, state: {} };
}

async function create(
    core: EngineCore,
    p: any,
    checked: Dict,
    inputs: Dict,
    type: string,
    key: string,
    providerKey: string,
) {
    const r = await p.create(checked);
    if (!r || typeof r.id !== "string" || !r.id)
        throw new Error(`create returned no id for ${key} (provider ${providerKey || "default"})`);
    return { id: r.id as string, outputs: hostOutputs(core, type, r.outs, checked, inputs) };
}

/** Host: outs + __provider of the request (resultIncludingProvider); engine: annotateSecrets, additionalSecretOutputs. */
function hostOutputs(core: EngineCore, type: string, outs: Dict | undefined, request: Dict, engineInputs: Dict): Dict {
    assertWireSafe(outs ?? {}, type);
    return core.secretOutputs(type, annotateSecrets({ ...(outs ?? {}), __provider: request.__provider }, engineInputs));
}

/**
 * An error carrying `id` (ErrorResourceInitFailed) means the object exists: the engine records it with
 * exactly the error's properties as outputs (step.go, CreateStep/UpdateStep.Apply: `outs =
 * resp.Properties`; the host's grpcResponseFromError adds no `__provider`), its reasons as initErrors,
 * and, for an update, the old inputs (engine/update.go, OnResourceStepPost: "saving old inputs instead
 * of new inputs").
 */
function recordPartialFailure(
    core: EngineCore,
    base: Subject,
    step: Exclude<Step, "same">,
    e: unknown,
    ctx: { inputs: Dict; prior: StateEntry | undefined; providerKey: string },
): void {
    const err = e as { id?: unknown; properties?: Dict; reasons?: unknown };
    if (typeof err?.id !== "string" || !err.id) return;
    const properties = err.properties ?? {};
    assertWireSafe(properties, base.type);
    const outputs = core.secretOutputs(base.type, annotateSecrets(properties, ctx.inputs));
    const initErrors = Array.isArray(err.reasons) ? err.reasons.map(String) : [];
    const updated = step === "update";
    core.state.set(base.key, {
        ...base,
        id: err.id,
        inputs: updated ? ctx.prior!.inputs : ctx.inputs,
        outputs,
        provider: ctx.providerKey,
        seq: updated ? ctx.prior!.seq : core.nextSeq(),
        initErrors: initErrors.length ? initErrors : undefined,
    });
}

// `refresh` of one resource: Read, then Diff of the refreshed state against the stored inputs.
import { annotateSecrets, stripSecrets } from "../secrets";
import type { EngineCore } from "./core";
import type { Dict, StateEntry } from "./types";
import { assertWireSafe, sameJson } from "./wire";

/**
 * As step.go's RefreshStep.Apply: Read with the old inputs and outputs (the host loads the provider
 * from the stored outputs' `__provider`); an empty id means gone; new outputs and inputs are re-marked
 * secret against the old ones (provider_plugin.go, Read: annotateSecrets); a successful read clears
 * initErrors. Then the provider's Diff runs with the refreshed outputs as olds and the old inputs as
 * news (diffResource with the sides swapped), so a diff that cannot take refreshed state fails the
 * refresh, as it does under the CLI.
 */
export async function refreshOne(core: EngineCore, e: StateEntry): Promise<void> {
    const base = { key: e.key, type: e.type, name: e.name };
    const oldProps = stripSecrets<Dict>(e.outputs);
    const p = await core.provider(e.provider, oldProps.__provider);
    if (!p.read) {
        // The host answers with the old state unchanged.
        core.state.set(e.key, { ...e, initErrors: undefined });
        core.record({ op: "read", ...base, changed: false });
        return;
    }
    const r = (await p.read(e.id, oldProps)) ?? {};
    if (!r.id) {
        core.state.delete(e.key);
        core.record({ op: "read", ...base, changed: true, gone: true });
        return;
    }
    assertWireSafe(r.props ?? {}, e.type);
    // The host's resultIncludingProvider: the old `__provider` goes back into props and inputs.
    const props = { ...(r.props ?? {}), __provider: oldProps.__provider };
    const inputs = r.inputs ? { ...r.inputs, __provider: oldProps.__provider } : stripSecrets<Dict>(e.inputs);
    const d = p.diff ? await p.diff(r.id, props, stripSecrets<Dict>(e.inputs)) : undefined;
    const changed = r.id !== e.id || !sameJson(props, oldProps) || !sameJson(inputs, stripSecrets(e.inputs));
    const { initErrors: _cleared, ...rest } = e;
    core.state.set(e.key, {
        ...rest,
        id: r.id,
        outputs: core.secretOutputs(e.type, annotateSecrets(props, e.outputs)),
        inputs: annotateSecrets(inputs, e.inputs),
    });
    core.record({
        op: "read",
        ...base,
        changed,
        diff: d ? { changes: d.changes, replaces: d.replaces ?? [] } : undefined,
    });
}

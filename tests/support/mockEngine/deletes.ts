// Deletions: `destroy`, and what an `up` no longer declares.
import { stripSecrets } from "../secrets";
import type { EngineCore } from "./core";
import type { ProviderStateEntry, StateEntry } from "./types";

/**
 * Reverse creation order, one at a time (dependents were created after their dependencies). Each
 * object is deleted by the provider text stored in its outputs, as the host loads it from the
 * Delete request's properties. A failed delete leaves the resource in state.
 */
export async function deleteEntries(core: EngineCore, entries: StateEntry[]): Promise<void> {
    for (const e of entries.sort((a, b) => b.seq - a.seq)) {
        try {
            const props = stripSecrets(e.outputs);
            const p = await core.provider(e.provider, props.__provider);
            if (p.delete) await p.delete(e.id, props);
            core.state.delete(e.key);
            core.record({ op: "delete", key: e.key, type: e.type, name: e.name });
        } catch (err) {
            core.fail(e, err, "delete");
        }
    }
}

/** Provider resources go last, and never while a resource still uses them (a delete failed). */
export function deleteProviders(
    core: EngineCore,
    providerState: Map<string, ProviderStateEntry>,
    providers: ProviderStateEntry[],
): void {
    for (const p of providers.sort((a, b) => b.seq - a.seq)) {
        if ([...core.state.values()].some((e) => e.provider === p.key)) continue;
        providerState.delete(p.key);
        core.record({ op: "delete", key: p.key, type: p.type, name: p.name });
    }
}

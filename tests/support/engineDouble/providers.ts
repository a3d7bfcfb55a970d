// The provider plugins of one command: one real dynamic-provider host process per provider resource
// (the default one, each explicit one), started on first use with the program directory as cwd and
// configured once with the provider's inputs, as the engine's provider registry does.
import { Provider, startProvider } from "../providerHost";
import { containsUnknowns } from "../mockEngine/wire";
import type { ResourceState } from "./deployment";

type Dict = Record<string, any>;

export const DEFAULT_PROVIDER_TYPE = "pulumi:providers:pulumi-nodejs";

/** Provider inputs the engine consumes itself and does not pass to Configure. */
const META_KEYS = new Set(["version", "pluginDownloadURL"]);

/** A provider resource's Configure arguments, or undefined while some are unknown (a preview). */
export function configureArgs(provider: ResourceState): Dict | undefined {
    const args = Object.fromEntries(Object.entries(provider.inputs).filter(([k]) => !META_KEYS.has(k)));
    return containsUnknowns(args) ? undefined : args;
}

export class ProviderPool {
    private readonly plugins = new Map<string, Promise<Provider>>();

    constructor(private readonly opts: { cwd: string; project: string; stack: string; engineAddress: string }) {}

    /** The configured host for a provider resource (keyed by its `urn::id` reference). */
    get(ref: string, provider: ResourceState): Promise<Provider> {
        let plugin = this.plugins.get(ref);
        if (!plugin) {
            plugin = (async () => {
                const args = configureArgs(provider);
                if (!args) throw new Error(`provider ${provider.urn} has unknown inputs and cannot be configured`);
                const { cwd, project, stack, engineAddress } = this.opts;
                const env = { PULUMI_NODEJS_ENGINE: engineAddress, PULUMI_NODEJS_STACK: stack };
                return startProvider({ cwd, project, stack, env, config: args, qualify: false });
            })();
            this.plugins.set(ref, plugin);
        }
        return plugin;
    }

    /** Everything the hosts printed (stdout, stderr), for secret scans. */
    async output(): Promise<string> {
        const all = await Promise.allSettled([...this.plugins.values()]);
        return all.map((p) => (p.status === "fulfilled" ? p.value.host.output() : "")).join("\n");
    }

    async stop(): Promise<void> {
        const all = await Promise.allSettled([...this.plugins.values()]);
        await Promise.all(all.map((p) => (p.status === "fulfilled" ? p.value.host.stop() : Promise.resolve())));
    }
}

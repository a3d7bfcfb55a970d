// Provider processes and what each one is configured with.
//
// The engine starts one dynamic-provider host per provider (the default one, each explicit one) per
// command, and the host configures a deserialized provider once per `__provider` text (getProvider in
// @pulumi/pulumi/cmd/dynamic-provider). Here each process is a `ProviderRealm` (private module cache),
// so module-level state in provider code is never shared between providers or carried between runs.
import { createRealm, loadSerializedProvider, ProviderRealm, RealmOptions } from "../loadProvider";
import { isSecret, secret, stripSecrets } from "../secrets";
import { configString, containsUnknowns, toEngineValues } from "./wire";
import type { Dict } from "./types";

/** Provider inputs the engine consumes itself and does not pass to Configure. */
const PROVIDER_META_KEYS = new Set(["version", "pluginDownloadURL"]);

/**
 * What Configure receives. `known: false` stands for an explicit provider whose inputs are not known
 * yet (a preview where they come from another resource's outputs): the engine then never configures
 * it (provider_plugin.go, provider.Configure leaves `cfgknown` unset).
 */
export type ProviderConfig = { known: true; values: Dict } | { known: false };
// `values` keep their secret wrappers (they are stored in state); the host unwraps them in Configure.

/**
 * The default provider's config: the whole stack config, keys `<ns>:<key>`, every value a string
 * (pkg/resource/deploy/target.go, Target.GetPackageConfig keeps the namespace for dynamic providers;
 * config.Value.Value is a string, structured values as JSON text).
 */
export function defaultProviderConfig(config: Record<string, unknown>, qualify: (k: string) => string): ProviderConfig {
    const values = Object.entries(config).map(([k, v]) => [
        qualify(k),
        isSecret(v) ? secret(configString(v)) : configString(v),
    ]);
    return { known: true, values: Object.fromEntries(values) };
}

/** An explicit provider's config: its inputs as registered, typed as the program gave them, secrets unwrapped. */
export function explicitProviderConfig(inputs: Dict): ProviderConfig {
    const values: Dict = {};
    for (const [k, v] of Object.entries(toEngineValues(inputs) as Dict))
        if (!PROVIDER_META_KEYS.has(k) && !k.startsWith("__")) values[k] = v;
    if (containsUnknowns(values)) return { known: false };
    return { known: true, values };
}

interface ProviderProcess {
    realm: ProviderRealm;
    config: Dict;
    instances: Map<string, Promise<any>>;
}

export class ProviderProcesses {
    private processes = new Map<string, ProviderProcess>();

    constructor(
        private readonly realmOptions: () => RealmOptions,
        private readonly qualify: (key: string) => string,
    ) {}

    /** Every command starts fresh provider processes, as the CLI does. */
    reset(): void {
        this.processes = new Map();
    }

    /**
     * The provider instance for a serialized text in the given provider's process, configured once.
     * `config` is asked for only when the process starts. A missing `__provider` fails as the host does.
     */
    instance(providerKey: string, text: unknown, config: () => Dict): Promise<any> {
        if (typeof text !== "string") {
            return Promise.reject(
                new Error(
                    `__provider is missing from the stored state; the dynamic-provider host fails with "code must be a string, not ${typeof text}"`,
                ),
            );
        }
        let proc = this.processes.get(providerKey);
        if (!proc) {
            proc = { realm: createRealm(this.realmOptions()), config: stripSecrets(config()), instances: new Map() };
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
}

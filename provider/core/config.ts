/**
 * Credential resolution, in this precedence:
 * 1. an explicit provider instance (`new flat.Provider(...)`): its inputs arrive as the Configure args;
 * 2. stack config (`flat:accessToken`, ...), which the engine sends to `configure` of the default provider;
 * 3. environment variables.
 *
 * `configure` must not fail when credentials are absent (previews run without them): the first CRUD
 * call that needs one fails, naming the config key and the environment variable.
 */

/** One setting: where it comes from and what it defaults to. */
export interface Setting {
    readonly key: string;
    readonly env: readonly string[];
    readonly secret?: boolean;
    readonly default?: string;
}

export const settings = {
    flatAccessToken: { key: "flat:accessToken", env: ["FLAT_ACCESS_TOKEN"], secret: true },
    flatBaseUrl: { key: "flat:baseUrl", env: ["FLAT_BASE_URL"], default: "https://api.flat.io/v2" },
    edubaseApp: { key: "edubase:app", env: ["EDUBASE_API_APP"] },
    edubaseSecret: { key: "edubase:secret", env: ["EDUBASE_API_SECRET", "EDUBASE_API_KEY"], secret: true },
    edubaseApiUrl: { key: "edubase:apiUrl", env: ["EDUBASE_API_URL"], default: "https://www.edubase.net/api" },
    /** Accounts one run may take out of a Flat organization (delete or convertToIndividual). */
    flatMaxUserRemovals: { key: "flat:maxUserRemovals", env: ["FLAT_MAX_USER_REMOVALS"], default: "10" },
    /** (organization, user) pairs one run may remove from EduBase organizations. */
    edubaseMaxMembershipRemovals: {
        key: "edubase:maxMembershipRemovals",
        env: ["EDUBASE_MAX_MEMBERSHIP_REMOVALS"],
        default: "25",
    },
} satisfies Record<string, Setting>;

/**
 * Reads a config key; the engine's Config in the provider process, `pulumi.Config` values in a program.
 * Stack config arrives as strings; an explicit provider's inputs may arrive as numbers or booleans.
 */
export type ConfigSource = (key: string) => string | number | boolean | undefined;

let engineConfig: ConfigSource = () => undefined;

/** Called from the dynamic provider's `configure` with the engine's config. Never throws. */
export function setEngineConfig(source: ConfigSource): void {
    engineConfig = source;
}

/**
 * The value of a setting from `source` (default: what `configure` received), then the environment, then its default.
 */
export function lookup(setting: Setting, source: ConfigSource = engineConfig): string | undefined {
    const fromConfig = source(setting.key);
    if (fromConfig !== undefined && fromConfig !== null && fromConfig !== "") return String(fromConfig);
    for (const name of setting.env) {
        const v = process.env[name];
        if (v) return v;
    }
    return setting.default;
}

/** Like `lookup`, but a missing value is an error that says how to set it. */
export function requireSetting(setting: Setting, source: ConfigSource = engineConfig): string {
    const v = lookup(setting, source);
    if (v === undefined) {
        const set = setting.secret
            ? `pulumi config set --secret ${setting.key} <value>`
            : `pulumi config set ${setting.key} <value>`;
        throw new Error(
            `Missing required configuration ${setting.key}: run \`${set}\`, pass it to an explicit provider, or ` +
                `set the ${setting.env.join(" or ")} environment variable`,
        );
    }
    return v;
}

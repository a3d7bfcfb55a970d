// Pulumi's wire-level secret encoding, and what the engine does with secrets around a provider that
// answers Configure with acceptSecrets=false (the Node dynamic-provider host always does):
// it strips secret wrappers before every call and re-marks outputs afterwards (annotateSecrets).

export const SIG_KEY = "4dabf18193072939515e22adb298388d"; // rpc.specialSigKey
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"; // rpc.specialSecretSig
/** The engine's placeholder for a value not known yet (preview). */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type SecretWrapper = { [SIG_KEY]: typeof SECRET_SIG; value: unknown };

/** A wire-encoded secret value, as the engine and the mocks exchange it. */
export const secret = (value: unknown): SecretWrapper => ({ [SIG_KEY]: SECRET_SIG, value });

export function isSecret(v: unknown): v is SecretWrapper {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}

export function containsSecrets(v: unknown): boolean {
    if (isSecret(v)) return true;
    if (Array.isArray(v)) return v.some(containsSecrets);
    if (v && typeof v === "object") return Object.values(v).some(containsSecrets);
    return false;
}

/** Deeply removes secret wrappers (what the engine does before calling a provider that rejects secrets). */
export function stripSecrets<T = any>(v: unknown): T {
    if (isSecret(v)) return stripSecrets(v.value);
    if (Array.isArray(v)) return v.map(stripSecrets) as T;
    if (v && typeof v === "object") {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stripSecrets(x)])) as T;
    }
    return v as T;
}

/**
 * Port of the engine's annotateSecrets (pkg/resource/plugin/provider_plugin.go): any output whose key
 * matches an input that contained a secret is re-wrapped as secret (recursing where both are objects).
 */
export function annotateSecrets(outs: Record<string, any>, ins: Record<string, any> | undefined): Record<string, any> {
    const result: Record<string, any> = { ...outs };
    const isObj = (x: unknown) => !!x && typeof x === "object" && !Array.isArray(x) && !isSecret(x);
    for (const [k, inV] of Object.entries(ins ?? {})) {
        if (!(k in result)) continue;
        const outV = result[k];
        if (isObj(outV) && isObj(inV)) result[k] = annotateSecrets(outV, inV);
        else if (!isSecret(outV) && containsSecrets(inV)) result[k] = secret(outV);
    }
    return result;
}

/** Wraps the named top-level properties as secrets (emulates the `additionalSecretOutputs` option). */
export function markSecret(props: Record<string, any>, names: readonly string[] | undefined): Record<string, any> {
    if (!names?.length) return props;
    const result = { ...props };
    for (const n of names)
        if (n in result && result[n] !== undefined && !isSecret(result[n])) result[n] = secret(result[n]);
    return result;
}

/**
 * JSON text of a value with every secret's plaintext replaced, like a state file where secrets are
 * encrypted. Scan it for tokens: any plaintext found there was stored outside a secret.
 */
export function redactedJson(v: unknown, space?: number): string {
    const redact = (x: unknown): unknown => {
        if (isSecret(x)) return { [SIG_KEY]: SECRET_SIG, ciphertext: "[secret]" };
        if (Array.isArray(x)) return x.map(redact);
        if (x instanceof Map) return Object.fromEntries([...x].map(([k, y]) => [k, redact(y)]));
        if (x && typeof x === "object") return Object.fromEntries(Object.entries(x).map(([k, y]) => [k, redact(y)]));
        return x;
    };
    return JSON.stringify(redact(v), undefined, space);
}

/**
 * Returns the secret strings that occur in `text`, for leak scans of logs, errors, state and
 * `__provider`. Values shorter than 6 characters are ignored (too many false positives).
 */
export function findLeaks(text: string, secrets: readonly (string | undefined)[]): string[] {
    return secrets.filter((s): s is string => !!s && s.length >= 6 && text.includes(s));
}

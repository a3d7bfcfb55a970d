// Values as they travel between the SDK, the engine and the provider host.
import * as pulumi from "@pulumi/pulumi";
import { isSecret, secret, stripSecrets, UNKNOWN_SENTINEL } from "../secrets";
import type { Dict } from "./types";

export const DYNAMIC_TYPE = /^pulumi-nodejs:dynamic(\/[^:]+)?:/;
export const PROVIDER_TYPE = /^pulumi:providers:/;

/** Under mocks, unknown values arrive as pulumi's `unknown` object; the engine sends the sentinel string. */
export function toEngineValues(v: unknown): any {
    if (pulumi.isUnknown(v)) return UNKNOWN_SENTINEL;
    if (isSecret(v)) return secret(toEngineValues(v.value));
    if (Array.isArray(v)) return v.map(toEngineValues);
    if (v && typeof v === "object")
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toEngineValues(x)]));
    return v;
}

export function containsUnknowns(v: unknown): boolean {
    if (v === UNKNOWN_SENTINEL) return true;
    if (Array.isArray(v)) return v.some(containsUnknowns);
    if (v && typeof v === "object") return Object.values(v).some(containsUnknowns);
    return false;
}

/**
 * A stack config value as the engine hands it to a dynamic provider's Configure: always a string
 * (config.Value.Value gives structured values as their JSON text), secrets unwrapped by the host.
 */
export function configString(v: unknown): string {
    const plain = stripSecrets(v);
    return typeof plain === "string" ? plain : JSON.stringify(plain);
}

/** The host's Struct encoder rejects undefined values and non-plain objects ("Unexpected struct type"). */
export function assertWireSafe(v: unknown, where: string, path = ""): void {
    if (v === undefined)
        throw new Error(
            `${where}: output ${path || "(root)"} is undefined; the engine's Struct encoder would reject it`,
        );
    if (v === null || typeof v !== "object") {
        if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint")
            throw new Error(`${where}: output ${path} is a ${typeof v}`);
        return;
    }
    if (isSecret(v))
        throw new Error(
            `${where}: output ${path} is a secret wrapper; dynamic providers cannot return secrets (Unexpected struct type)`,
        );
    if (Array.isArray(v)) return v.forEach((x, i) => assertWireSafe(x, where, `${path}[${i}]`));
    const proto = Object.getPrototypeOf(v);
    if (proto !== null && Object.getPrototypeOf(proto) !== null)
        throw new Error(`${where}: output ${path} is a ${proto.constructor?.name ?? "class"} instance, not plain data`);
    for (const [k, x] of Object.entries(v)) assertWireSafe(x, where, path ? `${path}.${k}` : k);
}

export function sameJson(a: unknown, b: unknown): boolean {
    return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v && typeof v === "object")
        return Object.fromEntries(
            Object.keys(v)
                .sort()
                .map((k) => [k, sortKeys((v as Dict)[k])]),
        );
    return v;
}

export function asError(e: unknown): Error {
    return e instanceof Error
        ? e
        : new Error(typeof e === "object" && e && "message" in e ? String((e as Error).message) : String(e));
}

/**
 * The EduBase emulator's argument rules, strict where EduBase is silent: a wrong argument ends the
 * request with a `Refusal`, answered with EduBase's error headers.
 */
import type { EmulatorResponse } from "./types";

/** An answer that ends the request early, thrown by the argument helpers. */
export class Refusal extends Error {
    constructor(
        readonly status: number,
        readonly code: string,
        message: string,
    ) {
        super(message);
    }
}

export function refuse(r: Refusal): EmulatorResponse {
    return { status: r.status, headers: { "EduBase-API-Error": r.message, "EduBase-API-Error-Code": r.code } };
}

export function requiredString(a: Record<string, unknown>, key: string): string {
    const v = optionalString(a, key);
    if (v === undefined || v === "") throw new Refusal(400, "MISSING_ARGUMENT", `Missing required argument: ${key}`);
    return v;
}

export function optionalString(a: Record<string, unknown>, key: string): string | undefined {
    const v = a[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") throw new Refusal(400, "INVALID_ARGUMENT", `${key} must be a string`);
    return v;
}

export function commaList(a: Record<string, unknown>, key: string): string[] {
    if (Array.isArray(a[key]))
        throw new Refusal(400, "INVALID_ARGUMENT", `${key} must be a comma-separated string, not a list`);
    const items = requiredString(a, key)
        .split(",")
        .map((s) => s.trim());
    if (items.some((s) => !s)) throw new Refusal(400, "INVALID_ARGUMENT", `${key} contains an empty item`);
    return items;
}

export function optionalEnum<T extends string>(
    a: Record<string, unknown>,
    key: string,
    allowed: readonly T[],
): T | undefined {
    const v = optionalString(a, key);
    if (v === undefined) return undefined;
    if (!allowed.includes(v as T))
        throw new Refusal(403, "INVALID_ARGUMENTS", `${key} must be one of ${allowed.join(", ")}`);
    return v as T;
}

export function optionalBoolean(a: Record<string, unknown>, key: string): boolean | undefined {
    const v = a[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === "boolean") return v;
    if (v === "true" || v === "false") return v === "true";
    throw new Refusal(400, "INVALID_ARGUMENT", `${key} must be a boolean`);
}

export function positiveInt(a: Record<string, unknown>, key: string, fallback: number): number {
    const v = a[key];
    if (v === undefined || v === null || v === "") return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Refusal(400, "INVALID_ARGUMENT", `${key} must be a positive integer`);
    return n;
}

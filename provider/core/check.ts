/**
 * Declarative input validation for `check`: pure and offline, run for every resource in every
 * preview. A failure names the property, the rule, the value and the allowed values; unknown
 * values (not resolved yet in a preview) are skipped, never validated.
 */
import { CheckFailure, isUnknown, Props } from "./dynamic";

export interface Rule {
    readonly type: "string" | "boolean" | "number" | "string[]";
    readonly required?: boolean;
    readonly enum?: readonly string[];
    readonly minLength?: number;
    readonly maxLength?: number;
    /** For `string[]`: at least this many items. */
    readonly minItems?: number;
    readonly format?: "email" | "duration" | "url" | "path";
    readonly default?: unknown;
    /** Never echo the value in a failure (passwords). */
    readonly secret?: boolean;
    /** Why the value matters, appended to a "required" failure. */
    readonly hint?: string;
}
export type Rules = Readonly<Record<string, Rule>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DURATION = /^(\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/** Parses durations such as `72h`, `1h30m`, `90s`, `7d` into milliseconds. */
export function parseDuration(text: string): number | undefined {
    if (!DURATION.test(text)) return undefined;
    const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
    let total = 0;
    for (const [, n, u] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(n) * unit[u];
    return total;
}

/** Applies defaults, drops properties no rule names and returns every failure. */
export function checkInputs<I>(news: Props, rules: Rules): { inputs: I; failures: CheckFailure[] } {
    const inputs: Props = {};
    const failures: CheckFailure[] = [];
    for (const [name, rule] of Object.entries(rules)) {
        let value = news[name];
        if (value === undefined || value === null) value = rule.default;
        if (value === undefined) {
            if (rule.required)
                failures.push({
                    property: name,
                    reason: `${name} is required${oneOf(rule)}${rule.hint ? `: ${rule.hint}` : ""}`,
                });
            continue;
        }
        inputs[name] = value;
        // A list with some unknown items is still checked, item by item.
        if (isUnknown(value) && !Array.isArray(value)) continue;
        const reason = violation(name, value, rule);
        if (reason) failures.push({ property: name, reason });
    }
    return { inputs: inputs as I, failures };
}

function violation(name: string, value: unknown, rule: Rule): string | undefined {
    const show = (v: unknown) => (rule.secret ? "a value" : JSON.stringify(v));
    if (rule.type === "string[]") {
        if (!Array.isArray(value))
            return `${name} must be a list of strings${oneOf(rule, "each one of")}, got ${describe(value)}`;
        const items: unknown[] = value;
        if (rule.minItems && items.length < rule.minItems)
            return `${name} must have at least ${rule.minItems} item${rule.minItems > 1 ? "s" : ""}`;
        for (const [i, item] of items.entries()) {
            if (isUnknown(item)) continue;
            const r = violation(`${name}[${i}]`, item, { ...rule, type: "string" });
            if (r) return r;
        }
        // A Set, not indexOf: rosters run to 50,000 items.
        const seen = new Set<unknown>();
        const dup = items.find((v) => !isUnknown(v) && (seen.has(v) || !seen.add(v)));
        if (dup !== undefined) return `${name} lists ${JSON.stringify(dup)} more than once`;
        return undefined;
    }
    if (typeof value !== rule.type)
        return `${name} must be a ${rule.type}${oneOf(rule)}, got ${rule.secret ? typeof value : describe(value)}`;
    if (rule.type !== "string") return undefined;
    const s = value as string;
    if (rule.enum && !rule.enum.includes(s)) return `${name} must be one of ${rule.enum.join(", ")}; got ${show(s)}`;
    if (rule.minLength !== undefined && s.length < rule.minLength)
        return `${name} must be at least ${rule.minLength} characters long, got ${s.length}`;
    if (rule.maxLength !== undefined && s.length > rule.maxLength)
        return `${name} must be at most ${rule.maxLength} characters long, got ${s.length}`;
    if (rule.format === "email" && !EMAIL.test(s))
        return `${name} must be an email address such as name@school.example; got ${show(s)}`;
    if (rule.format === "duration" && parseDuration(s) === undefined)
        return `${name} must be a duration such as 72h, 30m or 7d; got ${JSON.stringify(s)}`;
    if (rule.format === "url" && !/^https?:\/\/[^\s/]+/.test(s))
        return `${name} must be an http(s) URL; got ${JSON.stringify(s)}`;
    if (rule.format === "path" && !s.startsWith("/"))
        return `${name} must be a path starting with /; got ${JSON.stringify(s)}`;
    return undefined;
}

/** ` (one of a, b, c)` for an enum rule: every failure says what would have been accepted. */
export function oneOf(rule: Pick<Rule, "enum">, lead = "one of"): string {
    return rule.enum ? ` (${lead} ${rule.enum.join(", ")})` : "";
}

function describe(value: unknown): string {
    return Array.isArray(value) ? "a list" : value === null ? "null" : `${typeof value} ${JSON.stringify(value)}`;
}

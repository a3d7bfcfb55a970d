/**
 * The limits a pull request's check enforces on a preview. A limit left out is not checked; a
 * preview that reported errors always fails, since what it did not reach cannot be reviewed.
 */
import { Summary, Totals } from "./changes";

export interface Limits {
    readonly maxRemovals?: number;
    readonly maxDeletions?: number;
    readonly maxRoleChanges?: number;
    readonly failOnPasswordReset?: boolean;
}

export interface LimitCheck {
    /** The option that set the limit. */
    readonly option: string;
    readonly what: string;
    readonly actual: number;
    readonly limit: number;
    readonly crossed: boolean;
}

export function checkLimits(summary: Summary, t: Totals, limits: Limits): LimitCheck[] {
    const checks: LimitCheck[] = [];
    const add = (option: string, what: string, actual: number, limit: number | undefined) => {
        if (limit !== undefined) checks.push({ option, what, actual, limit, crossed: actual > limit });
    };
    add(
        "--max-removals",
        "accounts removed (deleted or converted) and EduBase memberships removed",
        t.removals,
        limits.maxRemovals,
    );
    add("--max-deletions", "accounts deleted with their scores and class data", t.deletions, limits.maxDeletions);
    add(
        "--max-role-changes",
        "role changes (Flat) and permission changes (EduBase)",
        t.roleChanges + t.permissionChanges,
        limits.maxRoleChanges,
    );
    add("--fail-on-password-reset", "password resets", t.passwordResets, limits.failOnPasswordReset ? 0 : undefined);
    checks.push({
        option: "preview errors",
        what: "errors reported by the preview",
        actual: summary.errors.length,
        limit: 0,
        crossed: summary.errors.length > 0,
    });
    return checks;
}

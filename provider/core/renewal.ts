/**
 * Renewal of credentials the API issues with an expiry and can neither list nor extend (Flat's
 * delegated access tokens and sign-in links). Pulumi renews them by replacement: `diff` reports one
 * once less than `renewBefore` remains, so the next preview shows it and the next up issues a new
 * credential. Pure and offline, like every `diff`: the clock is the only outside input.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseDuration } from "./check";
import { DiffResult, isUnknown } from "./dynamic";

/**
 * True when less than `renewBefore` remains before `expirationDate`. An expiry that cannot be read
 * is never due: replacing on every run would be worse than keeping a credential we cannot judge.
 */
export function renewalDue(expirationDate: string | undefined, renewBefore: string, now = Date.now()): boolean {
    const expires = expirationDate === undefined ? NaN : Date.parse(expirationDate);
    const window = parseDuration(renewBefore);
    if (Number.isNaN(expires) || window === undefined) return false;
    return now + window >= expires;
}

/** `base` plus a replacement of `expirationDate` when the stored credential is due for renewal. */
export function withRenewal(
    base: DiffResult,
    expirationDate: string | undefined,
    renewBefore: unknown,
    now = Date.now(),
): DiffResult {
    if (typeof renewBefore !== "string" || isUnknown(renewBefore) || !renewalDue(expirationDate, renewBefore, now))
        return base;
    return {
        changes: true,
        replaces: [...base.replaces, "expirationDate"],
        deleteBeforeReplace: base.deleteBeforeReplace,
    };
}

/**
 * Warns at creation when a new credential is already due: `renewBefore` is at least its lifetime,
 * so every preview would replace it.
 */
export function warnIfBornDue(what: string, expirationDate: string | undefined, renewBefore: string): void {
    if (!renewalDue(expirationDate, renewBefore)) return;
    void pulumi.log.warn(
        `${what}: it expires at ${expirationDate}, within renewBefore (${renewBefore}); every preview will replace ` +
            `it until renewBefore is shorter than its lifetime`,
    );
}

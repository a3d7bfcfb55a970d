/**
 * The preview's warning for an LTI replacement, shared by `flat.LtiCredentials` and
 * `flat.LtiConfiguration`: `diff` runs in every preview, so the pull request shows that the LMS will
 * lose its connection to Flat until someone enters the new values in it.
 */
import * as pulumi from "@pulumi/pulumi";
import { DiffResult } from "../core/dynamic";

/** Warns when `result` replaces; returns it unchanged. `who` names the resource, `ltiVersion` what the LMS holds. */
export function warnIfLtiReplaced(result: DiffResult, who: string, ltiVersion: "1p1" | "1p3" | undefined): DiffResult {
    if (result.replaces.length === 0) return result;
    const issued =
        ltiVersion === "1p3"
            ? "creates a new LTI 1.3 configuration in place of this one"
            : "issues a new consumer key and secret";
    void pulumi.log.warn(
        `${who}: replacing it (${result.replaces.join(", ")} changed) ${issued}; the LMS stops working until it is ` +
            `updated with the new values`,
    );
    return result;
}

/**
 * What EduBase did not take of a membership write, for the resources that write lists of codes. A
 * refused write names the codes EduBase refuses on their own. A write EduBase took in part (an
 * unknown code skipped, a department kept over explicit levels) leaves the codes it did not take
 * out of the resource's output and in its `notApplied` output; they are warned about in every
 * preview and not written again until the program changes them, so no run retries them silently.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApiError } from "../core/http";
import { EdubaseClient, isRefused, Member } from "./client";
import { matches, MembershipInputs, minus } from "./membership";

/** `a, b, c, …`: the first ten codes, for a warning. */
function some(codes: readonly string[]): string {
    return codes.slice(0, 10).join(", ") + (codes.length > 10 ? ", …" : "");
}

const counted = (n: number, noun: string) => `${n} ${noun}${n > 1 ? "s" : ""}`;

/**
 * Sends a write; when EduBase refuses it (403: nothing applied), fails with the codes it refuses on
 * their own: organizations whose member list it refuses, else users `GET /user:search` does not find.
 */
export async function writeNamingRefusals(
    what: string,
    client: EdubaseClient,
    organizations: readonly string[],
    users: readonly string[],
    write: () => Promise<void>,
): Promise<void> {
    try {
        await write();
    } catch (err) {
        if (!isRefused(err)) throw err;
        const refused = await refusedCodes(client, organizations, users);
        throw new Error(
            `${what}: EduBase refused the write (${err.message}): ` +
                `${refused.length ? `it does not know (or this integration may not manage) ${refused.join(", ")}` : "an organization or user code is unknown or not allowed"}. The refused request was not applied; correct the codes (edubase.findUser looks users up)`,
            { cause: err },
        );
    }
}

/**
 * The codes of a refused write that EduBase refuses alone: organizations first, then users not yet members (50 at
 * most).
 */
async function refusedCodes(
    client: EdubaseClient,
    organizations: readonly string[],
    users: readonly string[],
): Promise<string[]> {
    const known = new Set<string>();
    const refused: string[] = [];
    for (const organization of organizations) {
        try {
            for (const m of await client.organizationMembers(organization)) known.add(m.user);
        } catch (err) {
            if (!isRefused(err)) throw err;
            refused.push(organization);
        }
    }
    if (refused.length) return refused;
    for (const user of minus(users, [...known]).slice(0, 50)) if (!(await client.searchUser(user))) refused.push(user);
    return refused;
}

/**
 * An organization's members read back after a write (never assumed from the request), or the
 * refusal EduBase answered for its member list after taking the write with success: an organization
 * code it skipped.
 */
export type ReadBack = { readonly members: ReadonlyMap<string, Member> } | { readonly refused: ApiError };

export async function readBack(client: EdubaseClient, organization: string): Promise<ReadBack> {
    try {
        return { members: new Map((await client.membersAfterWrites(organization)).map((m) => [m.user, m])) };
    } catch (err) {
        if (isRefused(err)) return { refused: err };
        throw err;
    }
}

/** Why `user` is not in the organization as `declared`, after a write; undefined when it is. */
export function notTaken(back: ReadBack, user: string, declared: MembershipInputs): string | undefined {
    if ("refused" in back) return "EduBase refuses it and its member list: an unknown code, skipped";
    const live = back.members.get(user);
    if (matches(live, declared)) return undefined;
    if (!live) return "not a member: a code EduBase does not know, skipped";
    if (live.department !== null) return `kept in department "${live.department}"`;
    return `${live.permissionOrganization}/${live.permissionContent}`;
}

/**
 * After a write: the listed codes EduBase did not take as declared, each with why
 * (`[code, reason]`), named in one warning.
 */
export function warnNotTaken(
    what: string,
    noun: "user" | "organization",
    output: string,
    reasons: readonly (readonly [string, string])[],
): void {
    if (!reasons.length) return;
    void pulumi.log.warn(
        `${what}: EduBase did not take ${counted(reasons.length, `listed ${noun}`)} as declared: ${some(
            reasons.map(([code, why]) => `${code} (${why})`),
        )}. They are left out of the ${output} output and not written again until the program changes them`,
    );
}

/** In `diff`, so in every preview: the listed codes EduBase did not take at the last write, not written again. */
export function warnNotRetried(what: string, noun: "user" | "organization", codes: readonly string[]): void {
    if (!codes.length) return;
    void pulumi.log.warn(
        `${what}: ${counted(codes.length, `listed ${noun}`)} EduBase did not take as declared at the last write ` +
            `(${some(codes)}) ${codes.length > 1 ? "are" : "is"} not written again; correct the codes or the ` +
            `departments in EduBase`,
    );
}

/** `notApplied` as an output: absent when empty. */
export function notAppliedOutput(codes: readonly string[]): string[] | undefined {
    return codes.length ? [...codes] : undefined;
}

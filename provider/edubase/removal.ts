/**
 * How every EduBase resource takes members out of organizations. EduBase answers 403 both for "no
 * such code" and for "not allowed", so a refused removal is never taken for "already gone":
 * - pairs another resource of the run declares are skipped (a user moved between sets keeps access);
 * - the others count against `edubase:maxMembershipRemovals`, taken whole before any request;
 * - a 403 counts as done only when the organization's member list, read again, no longer has them;
 *   when that list cannot be read either, the removal fails with EduBase's own error text and the
 *   resource stays in state.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApiError } from "../core/http";
import { removalBudgets } from "../core/removalBudget";
import { EdubaseClient, isRefused } from "./client";
import { declaredElsewhere } from "./pairs";

/** Users to take out of organizations: every listed user out of every listed organization. */
export interface Removal {
    readonly organizations: readonly string[];
    readonly users: readonly string[];
}

const budget = removalBudgets.edubaseMemberships;

/**
 * What a resource will really remove, decided before any request: the pairs another resource of
 * the run declares are left out, and the rest is taken from the run's budget whole or not at all.
 * `what` starts every error: `edubase.OrganizationMembers members-1a2b: update`.
 */
export function planRemovals(what: string, removals: readonly Removal[]): Removal[] {
    const planned = removals.filter((r) => r.organizations.length && r.users.length).flatMap(withoutDeclared);
    budget.take(pairCount(planned), what);
    return planned;
}

/**
 * Sends planned removals, one organization at a time (one request per 1,000 users), and confirms
 * refusals. One organization per request because EduBase may skip an unknown code in a list with a
 * 200: a list of organizations could then leave an organization this integration lost access to
 * silently untouched, where a single organization code is refused with a 403.
 */
export async function sendRemovals(client: EdubaseClient, what: string, planned: readonly Removal[]): Promise<void> {
    const parts = planned.flatMap((r) => r.organizations.map((organization) => ({ organization, users: r.users })));
    await Promise.all(
        parts.map((p) =>
            removeConfirmed(client, what, p.organization, p.users).catch((err) => {
                // Not removed: the resource stays in state and the next run counts them again.
                budget.giveBack(p.users.length);
                throw err;
            }),
        ),
    );
}

/** Plans and sends, for a delete. */
export async function removeMembers(client: EdubaseClient, what: string, removals: readonly Removal[]): Promise<void> {
    await sendRemovals(client, what, planRemovals(what, removals));
}

/** The removal minus the pairs another resource declares, split so that each part stays a cross product. */
function withoutDeclared(removal: Removal): Removal[] {
    const byOrganization = removal.organizations.map((organization) => ({
        organization,
        users: removal.users.filter((user) => !declaredElsewhere(organization, user)),
    }));
    if (byOrganization.every((o) => o.users.length === removal.users.length)) return [removal];
    return byOrganization
        .filter((o) => o.users.length > 0)
        .map((o) => ({ organizations: [o.organization], users: o.users }));
}

/**
 * Takes `users` out of `organization`. A 403 counts as done for the users the member list, read
 * again, no longer has; the others are sent again once, since EduBase may refuse a whole list for
 * one non-member.
 */
async function removeConfirmed(
    client: EdubaseClient,
    what: string,
    organization: string,
    users: readonly string[],
): Promise<void> {
    const removing = `${what}: removing ${describe({ organizations: [organization], users })}`;
    try {
        await client.removeOrganizationMembers(organization, users);
        return;
    } catch (err) {
        if (!isRefused(err)) throw err;
        const left = await stillMembers(client, removing, organization, users, err);
        if (left.length === 0) return;
        if (left.length < users.length) {
            try {
                await client.removeOrganizationMembers(organization, left);
                return;
            } catch (again) {
                if (!isRefused(again)) throw again;
                throw refusal(removing, again);
            }
        }
        throw refusal(removing, err);
    }
}

/** The users still members of `organization` after a refusal, read fresh from EduBase. */
async function stillMembers(
    client: EdubaseClient,
    removing: string,
    organization: string,
    users: readonly string[],
    refused: ApiError,
): Promise<string[]> {
    let members: Set<string>;
    try {
        members = new Set((await client.freshOrganizationMembers(organization)).map((m) => m.user));
    } catch (err) {
        if (!isRefused(err)) throw err;
        throw unreadable(removing, organization, refused);
    }
    return users.filter((u) => members.has(u));
}

/**
 * The error when EduBase refuses an organization and its member list: unknown or not allowed cannot be
 * told apart, so nothing is taken for gone. `err` carries EduBase's own text.
 */
export function unreadable(what: string, organization: string, err: ApiError): Error {
    return new Error(
        `${what}: EduBase refuses ${organization} and its member list (${err.message}): the organization is ` +
            `unknown or this integration lost access to it, and nothing is taken for gone. The memberships stay in ` +
            `state: restore the access and run again; if the organization was deleted on purpose, forget the ` +
            `resource with \`pulumi state delete\``,
        { cause: err },
    );
}

function refusal(removing: string, err: ApiError): Error {
    return new Error(
        `${removing}: EduBase refused (${err.message}) and the member list still has them. The memberships stay in ` +
            `state`,
        { cause: err },
    );
}

/** How many (organization, user) pairs the removals name. */
export function pairCount(removals: readonly Removal[]): number {
    return removals.reduce((n, r) => n + r.organizations.length * r.users.length, 0);
}

/**
 * The preview's warnings for removals a change will make (from `diff`, which every preview runs):
 * one per organization, naming the users, and one when they pass the run's budget.
 */
export function warnRemovals(what: string, removals: readonly Removal[]): void {
    for (const r of removals) {
        const named =
            r.users.length > 1 ? ` (${r.users.slice(0, 10).join(", ")}${r.users.length > 10 ? ", …" : ""})` : "";
        void pulumi.log.warn(`${what}: removes ${describe(r)}${named}`);
    }
    const total = pairCount(removals);
    const limit = budget.limit();
    if (total > limit)
        void pulumi.log.warn(
            `${what}: removes ${total} memberships, more than ${budget.setting.key} allows in one run (${limit}): ` +
                `the update will be refused before any request unless the limit is raised in the same change ` +
                `(\`pulumi config set ${budget.setting.key} ${total}\`)`,
        );
}

/** `3 users from ORG_MATH` / `U1 from ORG_MATH, ORG_PHYSICS`. */
export function describe(r: Removal): string {
    const users = r.users.length === 1 ? r.users[0] : `${r.users.length} users`;
    const orgs = r.organizations.slice(0, 3).join(", ") + (r.organizations.length > 3 ? ", …" : "");
    return `${users} from ${orgs}`;
}

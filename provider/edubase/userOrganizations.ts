/**
 * `edubase.UserOrganizations`: one user in several organizations, all with one department or one pair
 * of permission levels. API: `POST /user:organizations` (upsert), `DELETE /organization:members` once
 * per organization left (see `sendRemovals`), and `GET /user:organizations` to read (one request per resource).
 *
 * Not exclusive: the user's other organizations are left alone. One (organization, user) pair must be
 * managed by one resource only; the provider warns when two resources of a deployment cover the same pair.
 */
import * as pulumi from "@pulumi/pulumi";
import { Rules } from "../core/check";
import { CheckResult, DiffResult, diffInputs, Handlers, isUnknown, Props } from "../core/dynamic";
import { ResourceLabel } from "../core/errors";
import { EdubaseClient, edubaseClient, isRefused, PermissionContent, PermissionOrganization } from "./client";
import {
    checkMembership,
    codeListRule,
    codeRule,
    inputsOf,
    LiveMembership,
    matches,
    MembershipInputs,
    membershipRules,
    minus,
    notAsDeclared,
    sameSet,
    settingsChanged,
    settingsOf,
} from "./membership";
import { claim, declare, release } from "./pairs";
import { planRemovals, removeMembers, sendRemovals, unreadable, warnRemovals } from "./removal";

export interface UserOrganizationsArgs {
    /** The user's identification string (see `findUser`). Changing it replaces the resource (delete first). */
    user: pulumi.Input<string>;
    /** Identification strings of the organizations (at least one); order does not matter. */
    organizations: pulumi.Input<pulumi.Input<string>[]>;
    /** Role in every listed organization: `member` (default), `teacher`, `reporter`, `supervisor` or `admin`. Not with `department`. */
    permissionOrganization?: pulumi.Input<PermissionOrganization>;
    /** Content rights in every listed organization: `none` (default), `view`, `report`, `control`, `modify`, `grant` or `admin`. Not with `department`. */
    permissionContent?: pulumi.Input<PermissionContent>;
    /** Department in every listed organization; it must exist in each, and its own levels apply. */
    department?: pulumi.Input<string>;
    /** Ask EduBase to notify the user when added to an organization. Never compared. */
    notify?: pulumi.Input<boolean>;
}

export interface UserOrganizationsInputs extends MembershipInputs {
    user: string;
    organizations: string[];
}

/** `organizations`: the listed organizations in which the user's membership is as declared. */
export type UserOrganizationsOutputs = UserOrganizationsInputs;

const rules: Rules = { user: codeRule, organizations: codeListRule, ...membershipRules };

async function check(
    _olds: Partial<UserOrganizationsInputs>,
    news: Props,
): Promise<CheckResult<UserOrganizationsInputs>> {
    declare(news.organizations, news.user);
    return checkMembership<UserOrganizationsInputs>(news, rules, ["user", "organizations"]);
}

async function diff(_id: string, olds: UserOrganizationsOutputs, news: UserOrganizationsInputs): Promise<DiffResult> {
    const base = diffInputs(olds, news, { user: "replace" }, { deleteBeforeReplace: true });
    // A new user replaces the resource: every old membership goes.
    if (!isUnknown(news.organizations) && !isUnknown(news.user)) {
        const removed = base.replaces.length ? olds.organizations : minus(olds.organizations, news.organizations);
        warnRemovals(
            owner(olds.user),
            [{ organizations: removed, users: [olds.user] }].filter((r) => r.organizations.length),
        );
    }
    // The organizations are a set: a reordered list is no change.
    const changed =
        isUnknown(news.organizations) ||
        !sameSet(olds.organizations, news.organizations) ||
        settingsChanged(olds, news);
    return { ...base, changes: base.changes || changed };
}

async function create(inputs: UserOrganizationsInputs) {
    declare(inputs.organizations, inputs.user);
    await edubaseClient().addUserOrganizations(inputs.user, inputs.organizations, settingsOf(inputs), inputs.notify);
    claim(owner(inputs.user), inputs.organizations, [inputs.user]);
    return { id: inputs.user, outs: await recorded(`${owner(inputs.user)}: create`, inputs, inputs.organizations) };
}

async function read(id: string, props: UserOrganizationsOutputs) {
    const client = edubaseClient();
    const memberships = await liveMemberships(client, id, props.organizations);
    const live = new Map(memberships.map((m) => [m.organization, m]));
    // `get` without state adopts every organization of the user, with the first one's settings.
    const declared: MembershipInputs = props.organizations ? props : memberships[0] ? inputsOf(memberships[0]) : {};
    const organizations = (props.organizations ?? memberships.map((m) => m.organization)).filter((o) =>
        matches(live.get(o), declared),
    );
    // The user (or every membership of theirs) is gone.
    if (organizations.length === 0 && (!props.organizations || memberships.length === 0)) return {};
    const { department, permissionOrganization, permissionContent } = declared;
    const outs: UserOrganizationsOutputs = {
        user: id,
        organizations,
        department,
        permissionOrganization,
        permissionContent,
        notify: props.notify,
    };
    claim(owner(id), organizations, [id]);
    return { id, props: outs, inputs: outs };
}

async function update(_id: string, olds: UserOrganizationsOutputs, news: UserOrganizationsInputs) {
    const client = edubaseClient();
    declare(news.organizations, news.user);
    const kept = news.organizations.filter((o) => olds.organizations.includes(o));
    const added = minus(news.organizations, olds.organizations);
    const removed = minus(olds.organizations, news.organizations);
    // Decided before any request, so that a refused removal leaves the whole update unsent.
    const removals = planRemovals(`${owner(news.user)}: update`, [{ organizations: removed, users: [news.user] }]);
    const settings = settingsOf(news);
    const writes: Promise<void>[] = [];
    // Existing memberships get new settings without a notification.
    if (settingsChanged(olds, news) && kept.length) writes.push(client.addUserOrganizations(news.user, kept, settings));
    if (added.length) writes.push(client.addUserOrganizations(news.user, added, settings, news.notify));
    const assigned = writes.length > 0;
    writes.push(sendRemovals(client, `${owner(news.user)}: update`, removals));
    await Promise.all(writes);
    release(owner(news.user), removed, [news.user]);
    claim(owner(news.user), news.organizations, [news.user]);
    return { outs: assigned ? await recorded(`${owner(news.user)}: update`, news, [...kept, ...added]) : news };
}

/**
 * The outputs after a write: of the organizations written, those whose member list (read back, never
 * assumed from the request) has the user as declared; the others with a warning saying why.
 */
async function recorded(
    what: string,
    inputs: UserOrganizationsInputs,
    written: readonly string[],
): Promise<UserOrganizationsOutputs> {
    const client = edubaseClient();
    const missed = new Map<string, string>();
    for (const organization of written) {
        const m = (await client.membersAfterWrites(organization)).find((x) => x.user === inputs.user);
        if (!matches(m, inputs)) missed.set(organization, notAsDeclared(m));
    }
    if (missed.size)
        void pulumi.log.warn(
            `${what}: EduBase did not take ${inputs.user} as declared in ${[...missed].map(([o, why]) => `${o} (${why})`).join(", ")}; left out of the organizations output`,
        );
    return { ...inputs, organizations: minus(inputs.organizations, [...missed.keys()]) };
}

async function remove(_id: string, props: UserOrganizationsOutputs) {
    await removeMembers(edubaseClient(), `${owner(props.user)}: delete`, [
        { organizations: props.organizations, users: [props.user] },
    ]);
    release(owner(props.user), props.organizations, [props.user]);
}

/**
 * The user's memberships in the organizations that matter, as EduBase has them. The user's own list
 * leaves out organizations this integration cannot see, so an organization missing from it (or the
 * whole list refused) is looked up in the organization's member list; a refusal there fails the read.
 */
async function liveMemberships(
    client: EdubaseClient,
    user: string,
    declared: readonly string[] | undefined,
): Promise<(LiveMembership & { organization: string })[]> {
    let listed: (LiveMembership & { organization: string })[] = [];
    try {
        listed = await client.listUserOrganizations(user);
    } catch (err) {
        // `get` without state has no organizations to look in.
        if (!isRefused(err) || !declared) throw err;
    }
    const missing = minus(
        declared ?? [],
        listed.map((m) => m.organization),
    );
    const found = await Promise.all(
        missing.map(async (organization) => {
            const members = await client.organizationMembers(organization).catch((err) => {
                if (isRefused(err)) throw unreadable(`${owner(user)}: read`, organization, err);
                throw err;
            });
            const member = members.find((m) => m.user === user);
            return member ? [{ ...member, organization }] : [];
        }),
    );
    return [...listed, ...found.flat()];
}

const owner = (user: string) => `edubase.UserOrganizations ${user}`;

/** How this resource is named in its errors. */
export const label: ResourceLabel<UserOrganizationsInputs, UserOrganizationsOutputs> = {
    type: "edubase.UserOrganizations",
    name: (p) => p.user,
};

export const handlers: Handlers<UserOrganizationsInputs, UserOrganizationsOutputs> = {
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};

/**
 * `edubase.OrganizationMembers`: a set of memberships, every listed user in every listed
 * organization, all with one department or one pair of permission levels. Made for rosters: created
 * with one `POST /organizations:members`; an update sends exactly the difference (additions as
 * POSTs, removals as one `DELETE /organization:members` per organization with a comma list); a
 * refresh reads one member list per organization, shared with every other resource of the process.
 *
 * The set is not exclusive: members of the organizations that it does not list are left alone. A
 * listed user whose membership was changed outside Pulumi (other levels, other department, removed)
 * drops out of the `users` output on refresh, and the next update puts them back.
 *
 * One (organization, user) pair must be managed by one resource only; the provider warns when two
 * resources of a deployment cover the same pair.
 */
import { randomBytes } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { ArgsOf, input, InputsOf, output, OutputsOf, rulesOf } from "../core/fields";
import { CheckResult, DiffResult, diffInputs, Handlers, isUnknown, Props } from "../core/dynamic";
import { ResourceLabel } from "../core/errors";
import { EdubaseClient, edubaseClient, isRefused, Member } from "./client";
import {
    checkMembership,
    codeListRule,
    matches,
    membershipFields,
    minus,
    sameSet,
    settingsChanged,
    settingsOf,
} from "./membership";
import { notAppliedOutput, notTaken, readBack, warnNotRetried, warnNotTaken, writeNamingRefusals } from "./notApplied";
import { claim, declare, release } from "./pairs";
import { planRemovals, Removal, removeMembers, sendRemovals, unreadable, warnRemovals } from "./removal";

/** The fields only edubase.OrganizationMembers has; the membership fields come from `membershipFields`. */
const ownFields = {
    /**
     * Identification strings of the organizations (at least one). As an output, the listed organizations that still
     * exist.
     */
    organizations: input<string[], pulumi.Input<string>[]>().required(codeListRule),
    /**
     * Identification strings of the users (at least one); order does not matter. As an output, the
     * listed users whose membership in every organization is as declared (after a refresh).
     */
    users: input<string[], pulumi.Input<string>[]>().required(codeListRule),
    /**
     * Read the organizations' members first and write only the pairs that are not as declared, so
     * that taking over existing memberships costs no write (default `false`: one upsert of every pair).
     */
    adoptExisting: input<boolean>().optional({ type: "boolean" }),
    /**
     * Listed users EduBase did not take as declared at the last write (an unknown code it skipped, a
     * department it kept over explicit levels): left out of `users`, and not written again until
     * the program changes them.
     */
    notApplied: output<string[]>().optional(),
};

export const fields: typeof ownFields & typeof membershipFields = { ...ownFields, ...membershipFields };

export type OrganizationMembersArgs = ArgsOf<typeof fields>;
export type OrganizationMembersInputs = InputsOf<typeof fields>;
export type OrganizationMembersOutputs = OutputsOf<typeof fields>;

const rules = rulesOf(fields);

async function check(
    _olds: Partial<OrganizationMembersInputs>,
    news: Props,
): Promise<CheckResult<OrganizationMembersInputs>> {
    declare(news.organizations, news.users);
    const r = checkMembership<OrganizationMembersInputs>(news, rules, ["organizations", "users"]);
    // One stable order, whatever the roster's: the engine compares arrays by position.
    for (const key of ["organizations", "users"] as const)
        if (Array.isArray(r.inputs[key]) && !isUnknown(r.inputs[key])) r.inputs[key] = [...r.inputs[key]].sort();
    return r;
}

async function diff(
    id: string,
    olds: OrganizationMembersOutputs,
    news: OrganizationMembersInputs,
): Promise<DiffResult> {
    // Lists are sets: a reordered roster is no change. Users EduBase did not take are not retried.
    const notApplied = olds.notApplied ?? [];
    const listsChanged =
        isUnknown(news.organizations) ||
        isUnknown(news.users) ||
        !sameSet(olds.organizations, news.organizations) ||
        !sameSet([...olds.users, ...notApplied], news.users);
    if (!isUnknown(news.users))
        warnNotRetried(
            owner(id),
            "user",
            news.users.filter((u) => notApplied.includes(u)),
        );
    // Compares nothing but providerVersion.
    const base = diffInputs(olds, news, {});
    if (!isUnknown(news.organizations) && !isUnknown(news.users)) warnRemovals(owner(id), leaving(olds, news));
    return { ...base, changes: base.changes || listsChanged || settingsChanged(olds, news) };
}

async function create(inputs: OrganizationMembersInputs) {
    const id = `members-${randomBytes(8).toString("hex")}`;
    declare(inputs.organizations, inputs.users);
    if (inputs.adoptExisting) await adopt(edubaseClient(), id, inputs);
    // One request per 1,000 users for the whole cross product; existing memberships are updated (upsert).
    else await assign(`${owner(id)}: create`, inputs.organizations, inputs.users, inputs, inputs.notify);
    claim(owner(id), inputs.organizations, inputs.users);
    return { id, outs: await recorded(`${owner(id)}: create`, inputs) };
}

/**
 * Takes over the memberships that exist: per organization, absent users are added (notified as
 * declared) and members with other settings are updated silently, as an update would; members
 * already as declared cost nothing. The member lists are the ones refresh reads, once per process.
 */
async function adopt(client: EdubaseClient, id: string, inputs: OrganizationMembersInputs): Promise<void> {
    const settings = settingsOf(inputs);
    await Promise.all(
        inputs.organizations.map(async (organization) => {
            let members: Member[];
            try {
                members = await client.organizationMembers(organization);
            } catch (err) {
                if (isRefused(err)) throw unreadable(`${owner(id)}: adopt`, organization, err);
                throw err;
            }
            const live = new Map(members.map((m) => [m.user, m]));
            const absent = inputs.users.filter((user) => !live.has(user));
            const differing = inputs.users.filter((user) => live.has(user) && !matches(live.get(user), inputs));
            if (absent.length) await client.addOrganizationMembers(organization, absent, settings, inputs.notify);
            if (differing.length) await client.addOrganizationMembers(organization, differing, settings);
        }),
    );
}

async function read(id: string, props: OrganizationMembersOutputs) {
    if (!props.organizations || !props.users) {
        throw new Error(
            `edubase.OrganizationMembers ${id}: reading needs the organizations and users of the set; pass them as ` +
                `the state argument of OrganizationMembers.get`,
        );
    }
    const client = edubaseClient();
    const byOrganization = await Promise.all(
        props.organizations.map(async (organization) => {
            try {
                return new Map((await client.organizationMembers(organization)).map((m) => [m.user, m]));
            } catch (err) {
                if (isRefused(err)) throw unreadable(`${owner(id)}: read`, organization, err);
                throw err;
            }
        }),
    );
    const asDeclared = (user: string) => byOrganization.every((members) => matches(members.get(user), props));
    const users = [...props.users, ...(props.notApplied ?? [])].filter(asDeclared).sort();
    const notApplied = props.notApplied?.filter((u) => !asDeclared(u));
    const { department, permissionOrganization, permissionContent, notify, adoptExisting } = props;
    const outs: OrganizationMembersOutputs = {
        organizations: props.organizations,
        users,
        department,
        permissionOrganization,
        permissionContent,
        notify,
        adoptExisting,
        notApplied: notAppliedOutput(notApplied ?? []),
    };
    claim(owner(id), outs.organizations, users);
    return { id, props: outs, inputs: outs };
}

async function update(id: string, olds: OrganizationMembersOutputs, news: OrganizationMembersInputs) {
    const client = edubaseClient();
    declare(news.organizations, news.users);
    // Decided before any request, so that a refused removal leaves the whole update unsent.
    const removals = planRemovals(`${owner(id)}: update`, leaving(olds, news));
    const keptOrgs = news.organizations.filter((o) => olds.organizations.includes(o));
    const addedOrgs = minus(news.organizations, olds.organizations);
    const addedUsers = minus(news.users, [...olds.users, ...(olds.notApplied ?? [])]);
    const keptUsers = minus(news.users, addedUsers);
    const what = `${owner(id)}: update`;
    const writes: Promise<unknown>[] = [];
    // Existing memberships get new settings without a notification.
    if (settingsChanged(olds, news) && keptOrgs.length && keptUsers.length)
        writes.push(assign(what, keptOrgs, keptUsers, news));
    if (addedOrgs.length) writes.push(assign(what, addedOrgs, news.users, news, news.notify));
    if (keptOrgs.length && addedUsers.length) writes.push(assign(what, keptOrgs, addedUsers, news, news.notify));
    const assigned = writes.length > 0;
    writes.push(sendRemovals(client, `${owner(id)}: update`, removals));
    await Promise.all(writes);
    for (const r of leaving(olds, news)) release(owner(id), r.organizations, r.users);
    claim(owner(id), news.organizations, news.users);
    if (assigned) return { outs: await recorded(`${owner(id)}: update`, news) };
    // Only removals: what EduBase did not take before still stands.
    const notApplied = (olds.notApplied ?? []).filter((u) => news.users.includes(u));
    return { outs: { ...news, users: minus(news.users, notApplied), notApplied: notAppliedOutput(notApplied) } };
}

/** Every user into every organization; a refusal names the codes EduBase refuses. */
async function assign(
    what: string,
    organizations: string[],
    users: string[],
    settings: OrganizationMembersInputs,
    notify?: boolean,
): Promise<void> {
    const client = edubaseClient();
    await writeNamingRefusals(what, client, organizations, users, () =>
        client.addMembersToOrganizations(organizations, users, settingsOf(settings), notify),
    );
}

/**
 * The outputs after a write: the listed users EduBase reports as declared in every organization,
 * and the others with a warning saying why (read back, never assumed from the request).
 */
async function recorded(what: string, inputs: OrganizationMembersInputs): Promise<OrganizationMembersOutputs> {
    const client = edubaseClient();
    const lists = await Promise.all(
        inputs.organizations.map(async (organization) => {
            const back = await readBack(client, organization);
            // No user of the set can be recorded in an organization EduBase skipped: the write fails naming it.
            if ("refused" in back)
                throw new Error(
                    `${what}: EduBase answered the write with success, but refuses ${organization} and its member ` +
                        `list (${back.refused.message}): the organization code is unknown to EduBase (or this ` +
                        `integration may not manage it); correct it`,
                    { cause: back.refused },
                );
            return { organization, back };
        }),
    );
    const reasons = inputs.users.flatMap((user) => {
        for (const { organization, back } of lists) {
            const why = notTaken(back, user, inputs);
            if (why !== undefined) return [[user, `${organization}: ${why}`] as const];
        }
        return [];
    });
    warnNotTaken(what, "user", "users", reasons);
    const notApplied = reasons.map(([u]) => u);
    return { ...inputs, users: minus(inputs.users, notApplied), notApplied: notAppliedOutput(notApplied) };
}

async function remove(id: string, props: OrganizationMembersOutputs) {
    const removals = props.organizations.map((o) => ({ organizations: [o], users: props.users }));
    await removeMembers(edubaseClient(), `${owner(id)}: delete`, removals);
    release(owner(id), props.organizations, props.users);
}

/**
 * The pairs an update takes away, one removal per organization (one DELETE naming exactly the users
 * that leave it): everyone from a dropped organization, the dropped users from the kept ones.
 */
function leaving(olds: OrganizationMembersOutputs, news: OrganizationMembersInputs): Removal[] {
    const removedUsers = minus(olds.users, news.users);
    return olds.organizations.flatMap((organization) => {
        const users = news.organizations.includes(organization) ? removedUsers : olds.users;
        return users.length ? [{ organizations: [organization], users }] : [];
    });
}

const owner = (id: string) => `edubase.OrganizationMembers ${id}`;

/** How this resource is named in its errors. */
export const label: ResourceLabel<OrganizationMembersInputs, OrganizationMembersOutputs> = {
    type: "edubase.OrganizationMembers",
    name: (p) => p.organizations?.join(","),
};

export const handlers: Handlers<OrganizationMembersInputs, OrganizationMembersOutputs> = {
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};

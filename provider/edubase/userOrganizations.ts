/**
 * `edubase.UserOrganizations`: one user in several organizations, all with one department or one pair
 * of permission levels. API: `POST /user:organizations` (upsert), `DELETE /organization:members` once
 * per organization left (see `sendRemovals`), and `GET /user:organizations` to read (one request per resource).
 *
 * Not exclusive: the user's other organizations are left alone. One (organization, user) pair must be
 * managed by one resource only; the provider warns when two resources of a deployment cover the same pair.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgsOf, input, InputsOf, output, OutputsOf, rulesOf } from "../core/fields";
import { CheckResult, DiffResult, diffInputs, Handlers, isUnknown, Props } from "../core/dynamic";
import { ResourceLabel } from "../core/errors";
import { EdubaseClient, edubaseClient, isRefused } from "./client";
import {
    checkMembership,
    codeListRule,
    codeRule,
    inputsOf,
    LiveMembership,
    matches,
    membershipFields,
    MembershipInputs,
    minus,
    sameSet,
    settingsChanged,
    settingsOf,
} from "./membership";
import { notAppliedOutput, notTaken, readBack, warnNotRetried, warnNotTaken, writeNamingRefusals } from "./notApplied";
import { claim, declare, release } from "./pairs";
import { planRemovals, removeMembers, sendRemovals, unreadable, warnRemovals } from "./removal";

/** The fields only edubase.UserOrganizations has; the membership fields come from `membershipFields`. */
const ownFields = {
    /** The user's identification string (see `findUser`). Changing it replaces the resource (delete first). */
    user: input<string>().required(codeRule),
    /**
     * Identification strings of the organizations (at least one); order does not matter. As an
     * output, the listed organizations in which the user's membership is as declared (after a refresh).
     */
    organizations: input<string[], pulumi.Input<string>[]>().required(codeListRule),
    /**
     * Listed organizations EduBase did not take as declared at the last write (an unknown code it
     * skipped, a department it kept over explicit levels): left out of `organizations`, and not
     * written again until the program changes them.
     */
    notApplied: output<string[]>().optional(),
};

export const fields: typeof ownFields & typeof membershipFields = { ...ownFields, ...membershipFields };

export type UserOrganizationsArgs = ArgsOf<typeof fields>;
export type UserOrganizationsInputs = InputsOf<typeof fields>;
export type UserOrganizationsOutputs = OutputsOf<typeof fields>;

const rules = rulesOf(fields);

async function check(
    _olds: Partial<UserOrganizationsInputs>,
    news: Props,
): Promise<CheckResult<UserOrganizationsInputs>> {
    declare(news.organizations, news.user);
    return checkMembership<UserOrganizationsInputs>(news, rules, ["user", "organizations"]);
}

async function diff(_id: string, olds: UserOrganizationsOutputs, news: UserOrganizationsInputs): Promise<DiffResult> {
    const base = diffInputs(olds, news, { user: "replace" }, { deleteBeforeReplace: true });
    const notApplied = olds.notApplied ?? [];
    // A new user replaces the resource: every old membership goes.
    if (!isUnknown(news.organizations) && !isUnknown(news.user)) {
        const removed = base.replaces.length ? olds.organizations : minus(olds.organizations, news.organizations);
        warnRemovals(
            owner(olds.user),
            [{ organizations: removed, users: [olds.user] }].filter((r) => r.organizations.length),
        );
        if (!base.replaces.length)
            warnNotRetried(
                owner(olds.user),
                "organization",
                news.organizations.filter((o) => notApplied.includes(o)),
            );
    }
    // The organizations are a set: a reordered list is no change. Organizations EduBase did not take are not retried.
    const changed =
        isUnknown(news.organizations) ||
        !sameSet([...olds.organizations, ...notApplied], news.organizations) ||
        settingsChanged(olds, news);
    return { ...base, changes: base.changes || changed };
}

async function create(inputs: UserOrganizationsInputs) {
    const what = `${owner(inputs.user)}: create`;
    declare(inputs.organizations, inputs.user);
    await add(what, inputs, inputs.organizations, inputs.notify);
    claim(owner(inputs.user), inputs.organizations, [inputs.user]);
    return { id: inputs.user, outs: await recorded(what, inputs, inputs.organizations, {}) };
}

async function read(id: string, props: UserOrganizationsOutputs) {
    const client = edubaseClient();
    const notApplied = props.notApplied ?? [];
    const memberships = await liveMemberships(client, id, props.organizations, notApplied);
    const live = new Map(memberships.map((m) => [m.organization, m]));
    // `get` without state adopts every organization of the user, with the first one's settings.
    const declared: MembershipInputs = props.organizations ? props : memberships[0] ? inputsOf(memberships[0]) : {};
    const asDeclared = (o: string) => matches(live.get(o), declared);
    const organizations = [...(props.organizations ?? memberships.map((m) => m.organization)), ...notApplied].filter(
        asDeclared,
    );
    const stillNotApplied = notApplied.filter((o) => !asDeclared(o));
    // The user (or every membership of theirs) is gone; organizations EduBase never took keep the resource.
    if (organizations.length === 0 && !stillNotApplied.length && (!props.organizations || memberships.length === 0))
        return {};
    const { department, permissionOrganization, permissionContent } = declared;
    const outs: UserOrganizationsOutputs = {
        user: id,
        organizations,
        department,
        permissionOrganization,
        permissionContent,
        notify: props.notify,
        notApplied: notAppliedOutput(stillNotApplied),
    };
    claim(owner(id), organizations, [id]);
    return { id, props: outs, inputs: outs };
}

async function update(_id: string, olds: UserOrganizationsOutputs, news: UserOrganizationsInputs) {
    const client = edubaseClient();
    const what = `${owner(news.user)}: update`;
    declare(news.organizations, news.user);
    // Organizations EduBase did not take at the last write count as written: not written again.
    const written = [...olds.organizations, ...(olds.notApplied ?? [])];
    const kept = news.organizations.filter((o) => written.includes(o));
    const added = minus(news.organizations, written);
    const removed = minus(olds.organizations, news.organizations);
    // Decided before any request, so that a refused removal leaves the whole update unsent.
    const removals = planRemovals(what, [{ organizations: removed, users: [news.user] }]);
    const rewritten = settingsChanged(olds, news) ? kept : [];
    // Existing memberships get new settings without a notification.
    await Promise.all([
        rewritten.length ? add(what, news, rewritten) : undefined,
        added.length ? add(what, news, added, news.notify) : undefined,
        sendRemovals(client, what, removals),
    ]);
    release(owner(news.user), removed, [news.user]);
    claim(owner(news.user), news.organizations, [news.user]);
    return { outs: await recorded(what, news, [...rewritten, ...added], olds) };
}

/** `POST /user:organizations`; a refusal names the codes EduBase refuses. */
async function add(
    what: string,
    inputs: UserOrganizationsInputs,
    organizations: readonly string[],
    notify?: boolean,
): Promise<void> {
    const client = edubaseClient();
    await writeNamingRefusals(what, client, organizations, [inputs.user], () =>
        client.addUserOrganizations(inputs.user, organizations, settingsOf(inputs), notify),
    );
}

/**
 * The outputs after a write. Of the organizations written, those whose member list (read back, never
 * assumed from the request) has the user as declared; the others go to `notApplied` with a warning
 * saying why. The organizations not written keep what the last write recorded.
 */
async function recorded(
    what: string,
    inputs: UserOrganizationsInputs,
    written: readonly string[],
    olds: Partial<UserOrganizationsOutputs>,
): Promise<UserOrganizationsOutputs> {
    const client = edubaseClient();
    const reasons = (
        await Promise.all(
            written.map(async (organization) => {
                const why = notTaken(await readBack(client, organization), inputs.user, inputs);
                return why === undefined ? [] : [[organization, why] as const];
            }),
        )
    ).flat();
    warnNotTaken(what, "organization", "organizations", reasons);
    const stillNotApplied = (olds.notApplied ?? []).filter(
        (o) => inputs.organizations.includes(o) && !written.includes(o),
    );
    const notApplied = [...stillNotApplied, ...reasons.map(([o]) => o)];
    return {
        ...inputs,
        organizations: minus(inputs.organizations, notApplied),
        notApplied: notAppliedOutput(notApplied),
    };
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
    notApplied: readonly string[],
): Promise<(LiveMembership & { organization: string })[]> {
    let listed: (LiveMembership & { organization: string })[] = [];
    try {
        listed = await client.listUserOrganizations(user);
    } catch (err) {
        // `get` without state has no organizations to look in.
        if (!isRefused(err) || !declared) throw err;
    }
    const missing = minus(
        [...(declared ?? []), ...notApplied],
        listed.map((m) => m.organization),
    );
    const found = await Promise.all(
        missing.map(async (organization) => {
            const members = await client.organizationMembers(organization).catch((err) => {
                if (!isRefused(err)) throw err;
                // Never recorded as a membership: still not applied, nothing taken for gone.
                if (notApplied.includes(organization)) return [];
                throw unreadable(`${owner(user)}: read`, organization, err);
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

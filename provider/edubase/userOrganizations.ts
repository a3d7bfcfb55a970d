/**
 * `edubase.UserOrganizations`: one user in several organizations, all with one department or one pair
 * of permission levels. API: `POST /user:organizations` (upsert), `DELETE /user:organizations` with a
 * comma list, and `GET /user:organizations` to read (one request per resource).
 *
 * Not exclusive: the user's other organizations are left alone. One (organization, user) pair must be
 * managed by one resource only; the provider warns when two resources of a deployment cover the same pair.
 */
import * as pulumi from "@pulumi/pulumi";
import { Rules } from "../core/check";
import { CheckResult, DiffResult, diffInputs, Handlers, isUnknown, Props } from "../core/dynamic";
import { edubaseClient, isNotFound, PermissionContent, PermissionOrganization } from "./client";
import {
    checkMembership,
    claim,
    codeListRule,
    codeRule,
    inputsOf,
    matches,
    MembershipInputs,
    membershipRules,
    minus,
    release,
    sameSet,
    settingsChanged,
    settingsOf,
} from "./membership";

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
    return checkMembership<UserOrganizationsInputs>(news, rules, ["user", "organizations"]);
}

async function diff(_id: string, olds: UserOrganizationsOutputs, news: UserOrganizationsInputs): Promise<DiffResult> {
    const base = diffInputs(olds, news, { user: "replace" }, { deleteBeforeReplace: true });
    // The organizations are a set: a reordered list is no change.
    const changed =
        isUnknown(news.organizations) ||
        !sameSet(olds.organizations, news.organizations) ||
        settingsChanged(olds, news);
    return { ...base, changes: base.changes || changed };
}

async function create(inputs: UserOrganizationsInputs) {
    await edubaseClient().addUserOrganizations(inputs.user, inputs.organizations, settingsOf(inputs), inputs.notify);
    claim(owner(inputs.user), inputs.organizations, [inputs.user]);
    return { id: inputs.user, outs: inputs };
}

async function read(id: string, props: UserOrganizationsOutputs) {
    const memberships = await edubaseClient().listUserOrganizations(id);
    // The user no longer exists: neither do the memberships.
    if (!memberships) return {};
    const live = new Map(memberships.map((m) => [m.organization, m]));
    // `get` without state adopts every organization of the user, with the first one's settings.
    const declared: MembershipInputs = props.organizations ? props : memberships[0] ? inputsOf(memberships[0]) : {};
    const organizations = (props.organizations ?? memberships.map((m) => m.organization)).filter((o) =>
        matches(live.get(o), declared),
    );
    if (organizations.length === 0 && !props.organizations) return {};
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
    const kept = news.organizations.filter((o) => olds.organizations.includes(o));
    const added = minus(news.organizations, olds.organizations);
    const removed = minus(olds.organizations, news.organizations);
    const settings = settingsOf(news);
    const writes: Promise<void>[] = [];
    // Existing memberships get new settings without a notification.
    if (settingsChanged(olds, news) && kept.length) writes.push(client.addUserOrganizations(news.user, kept, settings));
    if (added.length) writes.push(client.addUserOrganizations(news.user, added, settings, news.notify));
    if (removed.length) writes.push(removeIfPresent(news.user, removed));
    await Promise.all(writes);
    release(owner(news.user), removed, [news.user]);
    claim(owner(news.user), news.organizations, [news.user]);
    return { outs: news };
}

async function remove(_id: string, props: UserOrganizationsOutputs) {
    if (props.organizations.length) await removeIfPresent(props.user, props.organizations);
    release(owner(props.user), props.organizations, [props.user]);
}

async function removeIfPresent(user: string, organizations: string[]): Promise<void> {
    try {
        await edubaseClient().removeUserOrganizations(user, organizations);
    } catch (err) {
        // The user or an organization no longer exists: treated as already removed.
        if (!isNotFound(err)) throw err;
    }
}

const owner = (user: string) => `edubase.UserOrganizations ${user}`;

export const handlers: Handlers<UserOrganizationsInputs, UserOrganizationsOutputs> = {
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};

export class UserOrganizations extends pulumi.dynamic.Resource {
    declare readonly user: pulumi.Output<string>;
    /** The listed organizations in which the membership is as declared (after a refresh). */
    declare readonly organizations: pulumi.Output<string[]>;
    declare readonly department: pulumi.Output<string | undefined>;
    declare readonly permissionOrganization: pulumi.Output<PermissionOrganization | undefined>;
    declare readonly permissionContent: pulumi.Output<PermissionContent | undefined>;
    declare readonly notify: pulumi.Output<boolean | undefined>;

    constructor(name: string, args: UserOrganizationsArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            department: undefined,
            permissionOrganization: undefined,
            permissionContent: undefined,
            notify: undefined,
            ...args,
        };
        // Required lazily: the provider module requires this file (no cycle at load time).
        super(require("./userOrganizations.provider"), name, props, opts, "edubase", "UserOrganizations");
    }

    /** Reads a user's organizations (id: the user's code) into the program; `state` narrows it to the listed organizations. */
    static get(
        name: string,
        id: pulumi.Input<string>,
        state?: UserOrganizationsArgs,
        opts?: pulumi.CustomResourceOptions,
    ): UserOrganizations {
        return new UserOrganizations(name, state ?? ({} as UserOrganizationsArgs), { ...opts, id });
    }
}

/**
 * `flat.OrganizationUser`: one account of the Flat for Education organization the token acts for.
 * API: `createOrganizationUser`, `updateOrganizationUser`, `removeOrganizationUser`; read through the
 * users list (there is no single-user GET for organization admins).
 */
import * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../core/check";
import { ArgsOf, changesOf, Complete, input, inputsFrom, InputsOf, output, OutputsOf, rulesOf } from "../core/fields";
import { createOnce } from "../core/createOnce";
import { CheckResult, diffInputs, Handlers, isUnknown, ResourceInitError } from "../core/dynamic";
import { ResourceLabel } from "../core/errors";
import { ApiError } from "../core/http";
import { removalBudgets } from "../core/removalBudget";
import { flatClient } from "./client";
import { claimUsernames, releaseUsernames } from "./usernameClaims";
import { OrganizationRole, organizationRoles, UserAdminUpdate, UserDetailsAdmin } from "./models";
import {
    claimAccount,
    claimedInThisRun,
    findByUsername,
    passwordUpdate,
    profileOf,
    profileUpdate,
} from "./userProfile";

export const onDeleteModes = ["delete", "convertToIndividual", "retain"] as const;
export type OnDelete = (typeof onDeleteModes)[number];

export const fields = {
    /** Username, unique in the organization (1–30 characters). */
    username: input<string>().required({ type: "string", minLength: 1, maxLength: 30 }, { change: "update" }),
    /**
     * Initial password (6–1000 characters). Always stored as a secret. Write-only: Flat never
     * returns it, so a change made outside Pulumi cannot be seen. Sent when the account is created
     * and when the program changes it later (the preview warns); never sent on adoption.
     */
    password: input<string>().required(
        {
            type: "string",
            minLength: 6,
            maxLength: 1000,
            secret: true,
            hint: "Flat needs a password to create the account; pass it with config.requireSecret(...)",
        },
        { change: "update", secret: true },
    ),
    /** Email address of the account. */
    email: input<string>().optional({ type: "string", format: "email" }, { change: "update" }),
    /** First name (≤ 60 characters). */
    firstname: input<string>().optional({ type: "string", maxLength: 60 }, { change: "update" }),
    /** Last name (≤ 60 characters). */
    lastname: input<string>().optional({ type: "string", maxLength: 60 }, { change: "update" }),
    /**
     * Organization role: `user` (student, the default), `teacher`, `admin` or `accountAdmin`; read back from the
     * API's `organizationRole`.
     */
    role: input<OrganizationRole>().defaulted(
        { type: "string", enum: organizationRoles, default: "user" },
        { change: "update" },
    ),
    /**
     * Language of the account, applied at creation only: the API can neither read nor change it,
     * and replacing a user would destroy their scores, so a later change only warns.
     */
    locale: input<string>().optional({ type: "string", minLength: 2, maxLength: 10 }),
    /**
     * What destroying the resource does: `delete` (the API's default) removes the account and all
     * its scores, assignments and class data; `convertToIndividual` takes it out of the organization
     * as an individual account (the user must be at least 13 and have accepted Flat's terms);
     * `retain` forgets it without any request. The first two count against `flat:maxUserRemovals`.
     */
    // Compared though never sent to the API: delete reads it from the stored outputs.
    onDelete: input<OnDelete>().defaulted(
        { type: "string", enum: onDeleteModes, default: "delete" },
        { change: "update" },
    ),
    /**
     * When the username already exists in the organization, take that user over instead of failing:
     * only the profile fields that differ are sent, never the password.
     */
    adoptExisting: input<boolean>().defaulted({ type: "boolean", default: false }),
    printableName: output<string>().optional(),
    /** Id of the organization the account belongs to. */
    organization: output<string>().optional(),
    /** Ids of the groups (classes) the account is part of. */
    groups: output<string[]>().always(),
    /** The account's license, as Flat reports it. */
    license: output<{ active?: boolean; mode?: string; source?: string; expirationDate?: string }>().optional(),
    /** True when the account existed before and was taken over (`adoptExisting`). */
    adopted: output<boolean>().always(),
};

export type OrganizationUserArgs = ArgsOf<typeof fields>;
/** Inputs after `check`: defaults applied. */
export type OrganizationUserInputs = InputsOf<typeof fields>;
export type OrganizationUserOutputs = OutputsOf<typeof fields>;

const rules = rulesOf(fields);
const changeKinds = changesOf(fields);

async function check(
    olds: Partial<OrganizationUserInputs>,
    news: Record<string, unknown>,
): Promise<CheckResult<OrganizationUserInputs>> {
    const result = checkInputs<OrganizationUserInputs>(news, rules);
    if (olds.username !== undefined && olds.locale !== result.inputs.locale) {
        void pulumi.log.warn(
            `flat.OrganizationUser ${olds.username}: locale applies at creation only; Flat cannot change it ` +
                `afterwards, so the change from ${olds.locale ?? "the default"} to ` +
                `${result.inputs.locale ?? "the default"} is recorded but not applied`,
        );
    }
    return result;
}

/** Runs in every preview: what an update will do that a school cannot undo is said here. */
async function diff(_id: string, olds: OrganizationUserOutputs, news: OrganizationUserInputs) {
    const result = diffInputs(olds, news, changeKinds);
    if (result.changes) for (const warning of updateWarnings(olds, news)) void pulumi.log.warn(warning);
    return result;
}

/** The preview's warnings for an update from `olds` to `news`. */
function updateWarnings(olds: OrganizationUserOutputs, news: OrganizationUserInputs): string[] {
    const who = `flat.OrganizationUser ${olds.username}`;
    const warnings: string[] = [];
    if (isUnknown(news.password) && olds.password !== undefined)
        warnings.push(
            `${who}: the password is not known yet; if it changes, the update resets the password of ${olds.username}`,
        );
    else if (passwordUpdate(olds.password, news.password) !== undefined)
        warnings.push(`${who}: resets the password of ${olds.username}: they can no longer sign in with the old one`);
    if (!isUnknown(news.username) && news.username !== olds.username)
        warnings.push(
            `${who}: renames the account to ${news.username}: the user signs in with the new username from then on`,
        );
    if (news.onDelete === "delete" && olds.onDelete !== "delete")
        warnings.push(
            `${who}: onDelete becomes delete: destroying this resource will delete the account with all its scores ` +
                `and class data`,
        );
    return warnings;
}

async function create(inputs: OrganizationUserInputs) {
    const client = flatClient();
    if (inputs.adoptExisting) {
        const existing = findByUsername(await client.users.all(), inputs.username);
        if (existing) return { id: existing.id, outs: await adopt(existing, inputs) };
    }
    let user: UserDetailsAdmin;
    try {
        user = await createOnce({
            create: () =>
                client.createOrganizationUser({
                    username: inputs.username,
                    password: inputs.password,
                    email: inputs.email,
                    firstname: inputs.firstname,
                    lastname: inputs.lastname,
                    locale: inputs.locale,
                    role: inputs.role,
                }),
            find: async () => findByUsername(await client.users.fresh(), inputs.username),
        });
    } catch (err) {
        if (err instanceof ApiError && err.status === 400 && err.param === "username") {
            // The snapshot predates the account (made elsewhere during this run): look again.
            const existing = inputs.adoptExisting
                ? findByUsername(await client.users.fresh(), inputs.username)
                : undefined;
            if (existing) return { id: existing.id, outs: await adopt(existing, inputs) };
            throw new Error(
                `${err.message}. If this account should be managed by Pulumi, set adoptExisting: true on ` +
                    `flat.OrganizationUser "${inputs.username}"`,
                { cause: err },
            );
        }
        throw err;
    }
    claimUsername(user.username);
    return { id: user.id, outs: toOutputs(user, inputs, false) };
}

/**
 * Brings an existing account to the declared profile, sending only what differs (nothing when equal)
 * and never the password, which is remembered so that a later change of it is sent. A failure still
 * records the account.
 */
async function adopt(existing: UserDetailsAdmin, inputs: OrganizationUserInputs): Promise<OrganizationUserOutputs> {
    // Claimed first: a removal of this account later in the run is the old side of a move.
    claimAccount(existing.id);
    claimUsername(existing.username);
    const changes = profileUpdate(profileOf(existing), inputs);
    if (Object.keys(changes).length === 0) return toOutputs(existing, inputs, true);
    try {
        const updated = await flatClient().updateOrganizationUser(existing.id, changes);
        if (!updated)
            throw new Error(`flat.OrganizationUser ${inputs.username}: the account disappeared while being adopted`);
        return toOutputs(updated, inputs, true);
    } catch (err) {
        // Recorded with the account's current values, so the next `up` diffs and updates it; without
        // a password, so that update remembers the declared one instead of sending it.
        const { password: _unknown, ...current } = toOutputs(existing, inputs, true);
        throw new ResourceInitError(
            `adopted existing user ${existing.id} but could not apply the declared values: ${(err as Error).message}`,
            existing.id,
            current,
            undefined,
            { cause: err },
        );
    }
}

async function read(id: string, props: OrganizationUserOutputs) {
    const user = await flatClient().users.find(id);
    // Gone: the engine drops it from state on refresh.
    if (!user) return {};
    claimUsername(user.username);
    const outs = toOutputs(user, props, props.adopted);
    return { id, props: outs, inputs: inputsFrom(fields, outs) };
}

async function update(id: string, olds: OrganizationUserOutputs, news: OrganizationUserInputs) {
    const password = passwordUpdate(olds.password, news.password);
    const changes: UserAdminUpdate = { ...profileUpdate(olds, news), ...(password !== undefined && { password }) };
    if (Object.keys(changes).length === 0) return { outs: { ...olds, ...news } };
    const user = await flatClient().updateOrganizationUser(id, changes);
    if (!user)
        throw new Error(
            `flat.OrganizationUser ${news.username} (${id}) no longer exists in the organization; run \`pulumi ` +
                `refresh\` to recreate it`,
        );
    claimUsername(user.username);
    return { outs: toOutputs(user, news, olds.adopted) };
}

async function remove(id: string, props: OrganizationUserOutputs) {
    const who = `flat.OrganizationUser ${props.username}`;
    releaseUsernames(who, [props.username]);
    if (props.onDelete === "retain") {
        // The engine reports a delete: say that the account itself is untouched.
        void pulumi.log.info(
            `${who}: forgotten, not removed (onDelete: retain): the account stays in the organization`,
        );
        return;
    }
    if (claimedInThisRun(id)) {
        void pulumi.log.warn(
            `${who}: not removed: another resource of this run adopted account ${id}, so this removal is the old ` +
                `side of a move`,
        );
        return;
    }
    const convertToIndividual = props.onDelete === "convertToIndividual";
    // Already gone counts as deleted.
    await removalBudgets.flatUsers.spend(
        1,
        `${who}: ${convertToIndividual ? "convert to an individual account" : "delete"}`,
        () => flatClient().removeOrganizationUser(id, { convertToIndividual }),
    );
}

/** Warns when a `flat.OrganizationUsers` of this deployment manages the same account. */
const claimUsername = (username: string) => claimUsernames(`flat.OrganizationUser ${username}`, [username]);

/**
 * Outputs from the API's view plus the write-only and behaviour inputs it cannot return. Volatile fields
 * (lastActivityDate) are left out.
 */
function toOutputs(
    user: UserDetailsAdmin,
    inputs: OrganizationUserInputs,
    adopted: boolean,
): Complete<OrganizationUserOutputs> {
    return {
        username: user.username,
        password: inputs.password,
        email: user.email,
        firstname: user.firstname,
        lastname: user.lastname,
        role: user.organizationRole ?? inputs.role,
        locale: inputs.locale,
        onDelete: inputs.onDelete,
        adoptExisting: inputs.adoptExisting,
        printableName: user.printableName,
        organization: user.organization,
        groups: user.groups ?? [],
        license: user.license && {
            active: user.license.active,
            mode: user.license.mode,
            source: user.license.source,
            expirationDate: user.license.expirationDate,
        },
        adopted,
    };
}

/** How this resource is named in its errors. */
export const label: ResourceLabel<OrganizationUserInputs, OrganizationUserOutputs> = {
    type: "flat.OrganizationUser",
    name: (p) => p.username,
};

export const handlers: Handlers<OrganizationUserInputs, OrganizationUserOutputs> = {
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};

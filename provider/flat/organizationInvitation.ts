/**
 * `flat.OrganizationInvitation`: an invitation for a teacher or admin to join the organization.
 * API: `createOrganizationInvitation`, `removeOrganizationInvitation`; read through the paginated
 * invitations list. Invitations cannot be updated, so every change replaces.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkInputs } from "../core/check";
import { ArgsOf, changesOf, Complete, input, inputsFrom, InputsOf, output, OutputsOf, rulesOf } from "../core/fields";
import { createOnce } from "../core/createOnce";
import { diffInputs, Handlers } from "../core/dynamic";
import { ResourceLabel } from "../core/errors";
import { ApiError } from "../core/http";
import { flatClient } from "./client";
import { InvitationRole, invitationRoles, OrganizationInvitation as Invitation, OrganizationRole } from "./models";

export const fields = {
    /** Email address the invitation is sent to. */
    email: input<string>().required({ type: "string", format: "email" }, { change: "replace" }),
    /** Role given on joining: `teacher` (default), `admin` or `accountAdmin`. */
    role: input<InvitationRole>().defaulted(
        { type: "string", enum: invitationRoles, default: "teacher" },
        { change: "replace" },
    ),
    /**
     * When an invitation with this email and role already exists, take it over instead of sending a
     * new one (no request is made). Default `false`.
     */
    adoptExisting: input<boolean>().defaulted({ type: "boolean", default: false }),
    /** Id of the organization. */
    organization: output<string>().always(),
    /** Id of the admin who sent the invitation. */
    invitedBy: output<string>().optional(),
    /** Ids of the users who used the invitation. */
    usedBy: output<string[]>().always(),
    creationDate: output<string>().optional(),
    /** Enrollment code to join the organization (secret). */
    customCode: output<string>().optional({ secret: true }),
    /** Join URL containing the code (secret). */
    htmlUrl: output<string>().optional({ secret: true }),
    /**
     * True when the email already belonged to a member: Flat then changes that member's role instead
     * of sending an invitation, and the invitation is used at once.
     */
    appliedToExistingMember: output<boolean>().always(),
};

export type OrganizationInvitationArgs = ArgsOf<typeof fields>;
export type OrganizationInvitationInputs = InputsOf<typeof fields>;
export type OrganizationInvitationOutputs = OutputsOf<typeof fields>;

const rules = rulesOf(fields);
const changeKinds = changesOf(fields);

async function check(_olds: Partial<OrganizationInvitationInputs>, news: Record<string, unknown>) {
    return checkInputs<OrganizationInvitationInputs>(news, rules);
}

async function diff(_id: string, olds: OrganizationInvitationOutputs, news: OrganizationInvitationInputs) {
    const result = diffInputs(olds, news, changeKinds);
    const replaced = result.replaces.length > 0;
    // Known from the stored invitation, so said in the preview; for a new invitation only `up` can tell.
    if (replaced && olds.appliedToExistingMember && news.email === olds.email)
        void pulumi.log.warn(
            `flat.OrganizationInvitation ${olds.email}: this email belongs to organization member ` +
                `${olds.usedBy.join(", ")}: the new invitation changes that member's role to ${news.role} instead ` +
                `of inviting`,
        );
    // A second invitation to the same address may collide with the first: remove the old one first.
    return { ...result, deleteBeforeReplace: replaced && olds.email === news.email };
}

async function create(inputs: OrganizationInvitationInputs) {
    const client = flatClient();
    if (inputs.adoptExisting) {
        // A pending invitation first: it is the one still waiting for its addressee.
        const existing = (await client.invitations.all())
            .filter((i) => sameInvitation(i, inputs))
            .sort((a, b) => (a.usedBy?.length ?? 0) - (b.usedBy?.length ?? 0))[0];
        if (existing) return { id: existing.id!, outs: toOutputs(existing, inputs) };
    }
    const startedAt = Date.now();
    const invitation = await createOnce({
        create: () => client.createOrganizationInvitation({ email: inputs.email, organizationRole: inputs.role }),
        find: async () =>
            (await client.invitations.fresh()).find((i) => sameInvitation(i, inputs) && createdSince(i, startedAt)),
    });
    const outs = toOutputs(invitation, inputs);
    if (outs.appliedToExistingMember) {
        void pulumi.log.warn(
            `flat.OrganizationInvitation ${inputs.email}: this email already belongs to organization member ` +
                `${invitation.usedBy?.join(", ")}; Flat changed that member's role to ${inputs.role} instead of ` +
                `sending an invitation`,
        );
    }
    return { id: invitation.id!, outs };
}

async function read(id: string, props: OrganizationInvitationOutputs) {
    const invitation = (await flatClient().invitations.all()).find((i) => i.id === id);
    if (!invitation) {
        // A used invitation has done its job; whether Flat still lists it is undocumented, so keep it.
        if (props.usedBy?.length) return { id, props, inputs: inputsOf(props) };
        return {};
    }
    const outs = toOutputs(invitation, props);
    return { id, props: outs, inputs: inputsOf(outs) };
}

async function update(_id: string, olds: OrganizationInvitationOutputs, news: OrganizationInvitationInputs) {
    // Only providerVersion can change without a replacement.
    return { outs: { ...olds, ...news } };
}

async function remove(id: string, props: OrganizationInvitationOutputs) {
    try {
        await flatClient().removeOrganizationInvitation(id);
    } catch (err) {
        // Flat may refuse to remove an invitation that has been used: it has nothing left to revoke.
        if (!(props.usedBy?.length && err instanceof ApiError && err.status >= 400 && err.status < 500)) throw err;
    }
}

function inputsOf(outs: OrganizationInvitationOutputs): OrganizationInvitationInputs {
    return { ...inputsFrom(fields, outs), adoptExisting: outs.adoptExisting ?? false };
}

function sameInvitation(i: Invitation, inputs: OrganizationInvitationInputs): boolean {
    return i.email?.toLowerCase() === inputs.email.toLowerCase() && i.organizationRole === inputs.role;
}

/** Only an invitation created by this attempt may be taken for ours (10 min of clock skew allowed). */
function createdSince(i: Invitation, startedAt: number): boolean {
    return !i.creationDate || Date.parse(i.creationDate) >= startedAt - 10 * 60_000;
}

function toOutputs(i: Invitation, inputs: OrganizationInvitationInputs): Complete<OrganizationInvitationOutputs> {
    return {
        email: i.email ?? inputs.email,
        role: invitationRole(i.organizationRole) ?? inputs.role,
        adoptExisting: inputs.adoptExisting,
        organization: i.organization,
        invitedBy: i.invitedBy,
        usedBy: i.usedBy ?? [],
        creationDate: i.creationDate,
        customCode: i.customCode ?? undefined,
        htmlUrl: i.htmlUrl,
        appliedToExistingMember: (i.usedBy?.length ?? 0) > 0,
    };
}

function invitationRole(role: OrganizationRole): InvitationRole | undefined {
    return (invitationRoles as readonly string[]).includes(role) ? (role as InvitationRole) : undefined;
}

/** How this resource is named in its errors. */
export const label: ResourceLabel<OrganizationInvitationInputs, OrganizationInvitationOutputs> = {
    type: "flat.OrganizationInvitation",
    name: (p) => p.email,
};

export const handlers: Handlers<OrganizationInvitationInputs, OrganizationInvitationOutputs> = {
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};

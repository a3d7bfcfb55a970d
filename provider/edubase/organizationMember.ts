/**
 * `edubase.OrganizationMember`: one user in one organization, with a department or explicit
 * permission levels. API: `POST /organization:members` (an upsert: create and update), `DELETE
 * /organization:members`; read through the organization's member list (no single-member GET).
 *
 * One (organization, user) pair must be managed by one resource only — not by two
 * OrganizationMember resources, nor by this and an OrganizationMembers or UserOrganizations covering
 * the same pair: each would undo the other's changes, and destroying either removes the membership.
 * The provider warns when it sees that happen.
 */
import * as pulumi from "@pulumi/pulumi";
import { ArgsOf, input, InputsOf, output, OutputsOf, rulesOf } from "../core/fields";
import { ChangeKind, CheckResult, DiffResult, diffInputs, Handlers, Props, ResourceInitError } from "../core/dynamic";
import { ResourceLabel } from "../core/errors";
import { EdubaseClient, edubaseClient, isRefused, Member, PermissionContent, PermissionOrganization } from "./client";
import { checkMembership, codeRule, inputsOf, membershipFields, settingsOf } from "./membership";
import { claim, declare, release } from "./pairs";
import { removeMembers, unreadable, warnRemovals } from "./removal";

/** The fields only edubase.OrganizationMember has; the membership fields come from `membershipFields`. */
const ownFields = {
    /** The organization's identification string. Changing it replaces the membership (delete first). */
    organization: input<string>().required(codeRule),
    /** The user's identification string (see `findUser`). Changing it replaces the membership (delete first). */
    user: input<string>().required(codeRule),
    /**
     * Role in the organization: `member` (default), `teacher`, `reporter`, `supervisor` or `admin`. Not
     * allowed together with `department`. As an output, the effective role: as declared, or the department's.
     */
    permissionOrganization: { ...membershipFields.permissionOrganization, alwaysOutput: true as const },
    /**
     * Rights over the organization's contents: `none` (default), `view`, `report`, `control`, `modify`,
     * `grant` or `admin`. Not allowed together with `department`. As an output, the effective rights.
     */
    permissionContent: { ...membershipFields.permissionContent, alwaysOutput: true as const },
    /**
     * Set when EduBase kept the user in a department over the declared explicit levels at the last
     * write: the department kept and the levels declared (not applied). The other outputs say what
     * EduBase has.
     */
    notApplied: output<{ department: string; permissionOrganization: string; permissionContent: string }>().optional(),
};

export const fields: Omit<typeof membershipFields, keyof typeof ownFields> & typeof ownFields = {
    ...membershipFields,
    ...ownFields,
};

export type OrganizationMemberArgs = ArgsOf<typeof fields>;
/** Inputs after `check`: without a department, both levels are set (defaults applied). */
export type OrganizationMemberInputs = InputsOf<typeof fields>;
/** The inputs plus the effective levels (the department's, when there is one). */
export type OrganizationMemberOutputs = OutputsOf<typeof fields>;

const rules = rulesOf(fields);

async function check(
    _olds: Partial<OrganizationMemberInputs>,
    news: Props,
): Promise<CheckResult<OrganizationMemberInputs>> {
    declare(news.organization, news.user);
    return checkMembership<OrganizationMemberInputs>(news, rules, ["organization", "user"]);
}

async function diff(id: string, olds: OrganizationMemberOutputs, news: OrganizationMemberInputs): Promise<DiffResult> {
    // The same levels EduBase already kept a department over: writing them again changes nothing.
    const kept = olds.notApplied;
    if (
        kept &&
        news.department === undefined &&
        news.permissionOrganization === kept.permissionOrganization &&
        news.permissionContent === kept.permissionContent
    ) {
        warnKept(owner(id), news, kept);
        return diffInputs(olds, news, { organization: "replace", user: "replace" }, { deleteBeforeReplace: true });
    }
    // With a department the levels are the department's: read back, never compared.
    const fields: Record<string, ChangeKind> = { organization: "replace", user: "replace", department: "update" };
    if (news.department === undefined)
        Object.assign(fields, { permissionOrganization: "update", permissionContent: "update" });
    const result = diffInputs(olds, news, fields, { deleteBeforeReplace: true });
    // A replacement takes the old membership away first.
    if (result.replaces.length) warnRemovals(owner(id), [{ organizations: [olds.organization], users: [olds.user] }]);
    // Moving from a department to explicit levels must clear the department, which diffInputs does not compare.
    return olds.department !== undefined && news.department === undefined ? { ...result, changes: true } : result;
}

async function create(inputs: OrganizationMemberInputs) {
    const id = memberId(inputs.organization, inputs.user);
    const client = edubaseClient();
    // An upsert: an existing membership is taken over, never duplicated.
    declare(inputs.organization, inputs.user);
    await client.addOrganizationMembers(inputs.organization, [inputs.user], settingsOf(inputs), inputs.notify);
    claim(owner(id), [inputs.organization], [inputs.user]);
    let member: Member | undefined;
    try {
        member = await readBack(client, inputs);
    } catch (err) {
        throw new ResourceInitError(
            `edubase.OrganizationMember ${id}: create: assigned, but the membership could not be read back: ` +
                `${(err as Error).message}`,
            id,
            { ...inputs },
            undefined,
            { cause: err },
        );
    }
    return { id, outs: recorded(`${owner(id)}: create`, inputs, member) };
}

async function read(id: string, props: OrganizationMemberOutputs) {
    const { organization, user } = parseMemberId(id);
    const members = await edubaseClient()
        .organizationMembers(organization)
        .catch((err) => {
            if (isRefused(err)) throw unreadable(`${owner(id)}: read`, organization, err);
            throw err;
        });
    const member = members.find((m) => m.user === user);
    // Gone (the membership, or the user): the engine drops it from state.
    if (!member) return {};
    claim(owner(id), [organization], [user]);
    // Still the department EduBase kept over the declared levels: those stay the declaration.
    const kept = props.notApplied?.department === member.department ? props.notApplied : undefined;
    const declared = kept
        ? { permissionOrganization: kept.permissionOrganization, permissionContent: kept.permissionContent }
        : inputsOf(member);
    const inputs = { organization, user, ...declared, notify: props.notify } as OrganizationMemberInputs;
    const outs: OrganizationMemberOutputs = {
        ...inputs,
        department: member.department ?? undefined,
        permissionOrganization: member.permissionOrganization as PermissionOrganization,
        permissionContent: member.permissionContent as PermissionContent,
        notApplied: kept,
    };
    return { id, props: outs, inputs };
}

async function update(id: string, _olds: OrganizationMemberOutputs, news: OrganizationMemberInputs) {
    const client = edubaseClient();
    declare(news.organization, news.user);
    // The same upsert; notify is for new memberships only.
    await client.addOrganizationMembers(news.organization, [news.user], settingsOf(news));
    return { outs: recorded(`${owner(id)}: update`, news, await readBack(client, news)) };
}

async function remove(id: string, props: OrganizationMemberOutputs) {
    await removeMembers(edubaseClient(), `${owner(id)}: delete`, [
        { organizations: [props.organization], users: [props.user] },
    ]);
    release(owner(id), [props.organization], [props.user]);
}

/** The membership as EduBase reports it after the write. */
async function readBack(client: EdubaseClient, inputs: OrganizationMemberInputs): Promise<Member | undefined> {
    return (await client.membersAfterWrites(inputs.organization)).find((m) => m.user === inputs.user);
}

/**
 * The outputs after a write: what EduBase reports, never what the request asked for. A write EduBase
 * took without making the member (an unknown user code it skipped) is an error naming the code.
 */
function recorded(
    what: string,
    inputs: OrganizationMemberInputs,
    member: Member | undefined,
): OrganizationMemberOutputs {
    if (!member)
        throw new Error(
            `${what}: EduBase answered the write with success, but ${inputs.organization}'s member list does not ` +
                `have ${inputs.user}: the user code is unknown to EduBase (or this integration may not manage the ` +
                `user); look it up with edubase.findUser`,
        );
    const kept =
        inputs.department === undefined && member.department !== null
            ? {
                  department: member.department,
                  permissionOrganization: inputs.permissionOrganization!,
                  permissionContent: inputs.permissionContent!,
              }
            : undefined;
    if (kept) warnKept(what, inputs, kept);
    return {
        ...inputs,
        department: member.department ?? undefined,
        permissionOrganization: member.permissionOrganization as PermissionOrganization,
        permissionContent: member.permissionContent as PermissionContent,
        notApplied: kept,
    };
}

function warnKept(
    what: string,
    m: OrganizationMemberInputs,
    kept: NonNullable<OrganizationMemberOutputs["notApplied"]>,
) {
    void pulumi.log.warn(
        `${what}: EduBase keeps ${m.user} in department "${kept.department}" of ${m.organization} over the ` +
            `declared levels ${kept.permissionOrganization}/${kept.permissionContent}, which are not applied (the ` +
            `department's levels are). Move the user out of the department in EduBase to apply them, or declare ` +
            `department: "${kept.department}"; the provider does not write them again until the program changes ` +
            `them`,
    );
}

const owner = (id: string) => `edubase.OrganizationMember ${id}`;

/** `<organization>/<user>`: EduBase has no membership id. */
export function memberId(organization: string, user: string): string {
    return `${organization}/${user}`;
}

export function parseMemberId(id: string): { organization: string; user: string } {
    const parts = id.split("/");
    if (parts.length !== 2 || !parts[0] || !parts[1])
        throw new Error(
            `edubase.OrganizationMember id ${JSON.stringify(id)} must be in the format <organization>/<user>`,
        );
    return { organization: parts[0], user: parts[1] };
}

/** How this resource is named in its errors. */
export const label: ResourceLabel<OrganizationMemberInputs, OrganizationMemberOutputs> = {
    type: "edubase.OrganizationMember",
    name: (p) => (p.organization && p.user ? `${p.organization}/${p.user}` : undefined),
};

export const handlers: Handlers<OrganizationMemberInputs, OrganizationMemberOutputs> = {
    check,
    diff,
    create,
    read,
    update,
    delete: remove,
};

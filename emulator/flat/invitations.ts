/**
 * Organization invitations (`/organizations/invitations`). Inviting the email of an existing member
 * sends nothing: Flat changes that member's role and the invitation is used at once.
 */
import { randomBytes } from "node:crypto";
import type { InvitationRole, OrganizationRole } from "../flatSchemas";
import type { EmulatorResponse } from "../types";
import { isAnswer, noContent, notFound, ok, OrgContext, paginate, validBody, validQuery } from "./requests";
import { FlatInvitationRecord, orgUsers } from "./state";

function randomCode(length: number): string {
    const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join("");
}

export function listInvitations(ctx: OrgContext): EmulatorResponse {
    const query = validQuery<{ role?: OrganizationRole; limit?: number; next?: string; previous?: string }>(
        ctx.req,
        "invitationListQuery",
    );
    if (isAnswer(query)) return query;
    const { role, limit } = query.value;
    const list = [...ctx.state.invitations.values()].filter(
        (i) => i.organization === ctx.org.id && (!role || i.organizationRole === role),
    );
    const paged = paginate(ctx.req, list, limit ?? 50, query.value);
    if (isAnswer(paged)) return paged;
    return ok(
        paged.page.map((i) => ({ ...i, usedBy: [...i.usedBy] })),
        paged.headers,
    );
}

export function createInvitation(ctx: OrgContext): EmulatorResponse {
    const body = validBody<{ email: string; organizationRole?: InvitationRole }>(ctx.req, "invitationCreation");
    if (isAnswer(body)) return body;
    const role = body.value.organizationRole ?? "teacher";
    const email = body.value.email;
    const code = randomCode(8);
    const record: FlatInvitationRecord = {
        id: ctx.state.newId(),
        creationDate: ctx.state.iso(),
        organization: ctx.org.id,
        organizationRole: role,
        customCode: code,
        email,
        invitedBy: ctx.principal.user.id,
        htmlUrl: `https://${ctx.org.subdomain}.flat.io/join/${code}`,
        allowMultipleUse: false,
        usedBy: [],
    };
    const member = orgUsers(ctx.state, ctx.org.id).find((u) => u.email?.toLowerCase() === email.toLowerCase());
    if (member) {
        member.organizationRole = role;
        record.usedBy.push(member.id);
    }
    ctx.state.invitations.set(record.id, record);
    return ok({ ...record, usedBy: [...record.usedBy] });
}

export function removeInvitation(ctx: OrgContext): EmulatorResponse {
    const invitation = ctx.state.invitations.get(ctx.params[0]);
    if (!invitation || invitation.organization !== ctx.org.id) return notFound("Invitation not found");
    ctx.state.invitations.delete(invitation.id);
    return noContent;
}

/**
 * Reads what `edu-org export flat` writes out, with the package's own Flat client (the same HTTP
 * layer as the provider: retries, rate-limit waits, redacted errors): the accounts, the pending
 * invitations, the LTI 1.1 credentials and the LTI configurations that are not those credentials.
 * Everything is read before anything is written, so a failing request leaves no file behind.
 */
import { FlatClient } from "../../provider/flat/client";
import { adoptionInputs } from "../../provider/flat/ltiConfiguration";
import type { LtiConfigurationInputs } from "../../provider/flat/ltiConfiguration";
import {
    InvitationRole,
    invitationRoles,
    LtiCredentials,
    UserDetails,
    UserDetailsAdmin,
} from "../../provider/flat/models";
import type { Progress } from "./progress";

export interface PendingInvitation {
    readonly email: string;
    readonly role: InvitationRole;
}

export interface FlatOrganization {
    /** The account the token acts for: not exported, so a program never removes its own admin. */
    readonly me: UserDetails;
    readonly users: readonly UserDetailsAdmin[];
    readonly invitations: readonly PendingInvitation[];
    readonly credentials: readonly LtiCredentials[];
    readonly configurations: readonly LtiConfigurationInputs[];
    /** What was read but is not declared, and why (shown by the command and in the README). */
    readonly notExported: readonly string[];
}

export async function readFlatOrganization(client: FlatClient, progress: Progress): Promise<FlatOrganization> {
    const me = await client.getAuthenticatedUser();
    progress.start("Flat accounts", await client.countOrganizationUsers());
    const listed = await client.listOrganizationUsers({}, (items) => progress.advance(items));
    progress.start("Flat invitations, LTI", 3);
    const step = <T>(read: Promise<T>) => read.finally(() => progress.advance(1));
    const [invitations, credentials, configurations] = await Promise.all([
        step(client.listOrganizationInvitations()),
        step(client.listLtiCredentials()),
        step(client.listLtiConfigurations()),
    ]);
    progress.stop();

    const notExported: string[] = [];
    const users = listed.filter((u) => u.id !== me.id);
    if (users.length < listed.length)
        notExported.push(`the account of the token (${me.username}), so that the program never removes it`);
    const pending: PendingInvitation[] = [];
    for (const i of invitations) {
        if (i.usedBy?.length) continue;
        const role = invitationRoles.find((r) => r === i.organizationRole);
        if (!i.email || !role) {
            notExported.push(
                `invitation ${i.id} (${i.email ? `role ${i.organizationRole}` : "a join code without an email"}): flat.OrganizationInvitation declares one email with role ${invitationRoles.join(", ")}`,
            );
            continue;
        }
        pending.push({ email: i.email, role });
    }
    // LTI 1.1 credentials are also listed as `1p1` configurations: each is declared once, as credentials.
    const credentialKeys = new Set(credentials.map((c) => c.consumerKey));
    const credentialIds = new Set(credentials.map((c) => c.id));
    const others = configurations.filter(
        (c) => !(c.ltiVersion === "1p1" && (credentialIds.has(c.id) || credentialKeys.has(c.consumerKey))),
    );
    return {
        me,
        users: [...users].sort((a, b) => a.username.localeCompare(b.username)),
        invitations: pending.sort((a, b) => a.email.localeCompare(b.email) || a.role.localeCompare(b.role)),
        credentials: [...credentials].sort((a, b) => (a.creationDate ?? "").localeCompare(b.creationDate ?? "")),
        configurations: others.map(adoptionInputs),
        notExported,
    };
}

/**
 * The adoption rule for Flat accounts, shared by every resource that manages them: an existing
 * account is brought to the declared profile by sending only the fields that differ (email, names,
 * role, username), so adopting an equal account costs no write. A password is never part of it:
 * Flat cannot show it, so sending the declared one would reset every adopted account to it.
 */
import { OrganizationRole, UserAdminUpdate, UserDetailsAdmin } from "./models";

/** The profile fields Pulumi manages on an account. An unset optional field is "not managed". */
export interface UserProfile {
    username: string;
    email?: string;
    firstname?: string;
    lastname?: string;
    role: OrganizationRole;
}

/** The profile as Flat reports it. */
export function profileOf(user: UserDetailsAdmin): UserProfile {
    return {
        username: user.username,
        email: user.email,
        firstname: user.firstname,
        lastname: user.lastname,
        role: user.organizationRole ?? "user",
    };
}

/**
 * The partial `UserAdminUpdate` that brings `current` to `declared`: only the fields that differ
 * (Flat keeps omitted ones), never a password. Empty when they are equal: no request is needed.
 */
export function profileUpdate(current: Partial<UserProfile>, declared: UserProfile): UserAdminUpdate {
    const body: UserAdminUpdate = {};
    if (declared.username !== current.username) body.username = declared.username;
    if (declared.email !== undefined && declared.email !== current.email) body.email = declared.email;
    if (declared.firstname !== undefined && declared.firstname !== current.firstname)
        body.firstname = declared.firstname;
    if (declared.lastname !== undefined && declared.lastname !== current.lastname) body.lastname = declared.lastname;
    if (declared.role !== current.role) body.organizationRole = declared.role;
    return body;
}

/**
 * The password to send in an update, if any: only a change of a password the program declared
 * before. A password never declared for this account before (just adopted, or read with `get`) is
 * remembered, not sent.
 */
export function passwordUpdate(remembered: string | undefined, declared: string | undefined): string | undefined {
    return remembered !== undefined && declared !== undefined && declared !== remembered ? declared : undefined;
}

/** Usernames are compared case-insensitively, as Flat treats them at sign-in. */
export function findByUsername(users: readonly UserDetailsAdmin[], username: string): UserDetailsAdmin | undefined {
    const wanted = username.toLowerCase();
    return users.find((u) => u.username.toLowerCase() === wanted);
}

/**
 * Accounts a create or an adoption of this run made Pulumi's. A removal in the same run must not take
 * them away: it is the old side of a move (a renamed resource, a user moved into a roster set, a
 * forced replacement) whose new side has just adopted the same account. The engine starts fresh
 * provider processes for every command, so this set lives for one run.
 */
const claimedAccounts = new Set<string>();

export function claimAccount(id: string): void {
    claimedAccounts.add(id);
}

export function claimedInThisRun(id: string): boolean {
    return claimedAccounts.has(id);
}

/** A new run in the same process (tests play several runs in one). */
export function forgetClaims(): void {
    claimedAccounts.clear();
}

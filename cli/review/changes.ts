/**
 * What a preview does to people, per API and organization: the summary's data model, filled by the
 * per-API interpreters and read by the renderers and the limits.
 */

/** What removing a Flat account does: `delete` takes its scores and class data with it. */
export type RemovalMode = "delete" | "convertToIndividual" | "retain";

export interface FlatAccount {
    readonly username: string;
    readonly role: string;
    /** The resource that manages it (its name in the program). */
    readonly resource: string;
}

export interface FlatCreated extends FlatAccount {
    /** An existing account of that username is taken over instead (adoptExisting), with no password written. */
    readonly adoptExisting: boolean;
}

export interface FlatRemoved extends FlatAccount {
    readonly mode: RemovalMode;
    /** Removed because its resource is replaced: a new account is created after (or before) it. */
    readonly replaced?: boolean;
}

export interface Change<T = string> {
    readonly who: string;
    readonly from: T;
    readonly to: T;
}

/** `adopted`: existing credentials or a configuration taken over (adoptConsumerKey, adoptId): no new key. */
export type LtiChange = "created" | "adopted" | "updated" | "replaced" | "deleted";
export type CredentialChange = "issued" | "renewed" | "replaced" | "updated" | "forgotten";

/** Changes to one Flat organization, i.e. one set of Flat credentials (the default provider or an explicit one). */
export interface FlatOrganization {
    readonly provider: string;
    readonly created: FlatCreated[];
    /** Taken over through `import` (Pulumi cannot import dynamic resources, but a document may say so). */
    readonly imported: FlatAccount[];
    readonly removed: FlatRemoved[];
    readonly roleChanges: Change[];
    readonly passwordResets: string[];
    readonly profileUpdates: { readonly who: string; readonly fields: string[] }[];
    /** `onDelete` / `onRemove` changes: what a later removal will do. */
    readonly removalModeChanges: Change[];
    /** `adoptExisting`: an existing invitation of that email and role is taken over instead of sending one. */
    readonly invitationsSent: { readonly email: string; readonly role: string; readonly adoptExisting?: boolean }[];
    readonly invitationsWithdrawn: { readonly email: string; readonly role: string }[];
    readonly lti: {
        readonly resource: string;
        readonly label: string;
        readonly change: LtiChange;
        readonly detail?: string;
    }[];
    readonly credentials: {
        readonly kind: "access token" | "sign-in link";
        readonly resource: string;
        readonly user: string;
        readonly change: CredentialChange;
    }[];
}

/** Changes to the members of one EduBase organization. */
export interface EdubaseOrganization {
    readonly organization: string;
    readonly provider: string;
    readonly added: { readonly user: string; readonly level: string }[];
    readonly removed: { readonly user: string; readonly level: string }[];
    readonly permissionChanges: Change[];
}

export interface Summary {
    readonly flat: FlatOrganization[];
    readonly edubase: EdubaseOrganization[];
    /** Explicit `flat.Provider` / `edubase.Provider` resources: a change here changes whose organization is managed. */
    readonly providers: {
        readonly api: "flat" | "edubase";
        readonly name: string;
        readonly op: string;
        /** Settings that change, `key: old → new` (a secret one only as `key changes`). */
        readonly changes: string[];
    }[];
    /** Removal budgets set in the stack's config (`flat:maxUserRemovals`, `edubase:maxMembershipRemovals`). */
    readonly budgets: Record<string, string>;
    /** Resources of other providers (and of this package's types this version does not know): type → op → count. */
    readonly other: Record<string, Record<string, number>>;
    /** Printed steps by op, and the engine's own change summary (which also counts unprinted sames). */
    readonly steps: Record<string, number>;
    readonly changeSummary: Record<string, number>;
    /** What the review could not tell (values not known until apply). */
    readonly notes: string[];
    readonly warnings: string[];
    readonly errors: string[];
}

export interface Totals {
    readonly accountsCreated: number;
    /** Accounts taken out of a Flat organization (deleted or converted) plus EduBase memberships removed. */
    readonly removals: number;
    /** Removals that destroy data: Flat accounts deleted with their scores. */
    readonly deletions: number;
    readonly converted: number;
    readonly retained: number;
    /** Flat role changes. */
    readonly roleChanges: number;
    /** EduBase memberships whose department or permission levels change. */
    readonly permissionChanges: number;
    readonly passwordResets: number;
    readonly membershipsAdded: number;
    readonly membershipsRemoved: number;
}

export function totals(s: Summary): Totals {
    const sum = <T>(list: readonly T[], f: (t: T) => number) => list.reduce((n, t) => n + f(t), 0);
    const flatRemovals = (mode: RemovalMode) => sum(s.flat, (o) => o.removed.filter((r) => r.mode === mode).length);
    const membershipsRemoved = sum(s.edubase, (o) => o.removed.length);
    return {
        accountsCreated: sum(s.flat, (o) => o.created.length),
        removals: flatRemovals("delete") + flatRemovals("convertToIndividual") + membershipsRemoved,
        deletions: flatRemovals("delete"),
        converted: flatRemovals("convertToIndividual"),
        retained: flatRemovals("retain"),
        roleChanges: sum(s.flat, (o) => o.roleChanges.length),
        permissionChanges: sum(s.edubase, (o) => o.permissionChanges.length),
        passwordResets: sum(s.flat, (o) => o.passwordResets.length),
        membershipsAdded: sum(s.edubase, (o) => o.added.length),
        membershipsRemoved,
    };
}

/**
 * The EduBase emulator's public shapes: its options (credentials, rate limit, the readings of what
 * EduBase's documentation leaves open), seeds, the records it keeps and the API object tests drive.
 */
import type { ApiModule } from "./types";

export const PERMISSION_ORGANIZATION = ["member", "teacher", "reporter", "supervisor", "admin"] as const;
export const PERMISSION_CONTENT = ["none", "view", "report", "control", "modify", "grant", "admin"] as const;
export type PermissionOrganization = (typeof PERMISSION_ORGANIZATION)[number];
export type PermissionContent = (typeof PERMISSION_CONTENT)[number];

/** The credentials the emulator accepts unless told otherwise. */
export const defaultEdubaseCredentials = { app: "edubase-emulator-app", secret: "edubase-emulator-secret" } as const;

export interface Levels {
    readonly organization: PermissionOrganization;
    readonly content: PermissionContent;
}

export interface EmulatedOrganization {
    readonly organization: string;
    /** The caller-defined external id; null when unset. */
    readonly id: string | null;
    readonly name: string;
    readonly departments: Map<string, Levels>;
    readonly members: Map<string, EmulatedMembership>;
}

export interface EmulatedMembership {
    readonly department: string | null;
    readonly permission: Levels;
}

export interface EmulatedUser {
    readonly user: string;
    readonly name: string;
    readonly email: string;
    readonly username: string;
    readonly exam: boolean;
}

/** One request that reached the module (after the server's fault injection), for request counting. */
export interface EdubaseRequestRecord {
    readonly method: string;
    readonly path: string;
    readonly args: Readonly<Record<string, unknown>>;
    readonly status: number;
}

export interface EdubaseRateLimit {
    /** Requests allowed per window across all callers (EduBase's limit is global). */
    readonly quota: number;
    readonly windowMs: number;
}

/** The readings of what EduBase's documentation leaves open; the first value of each is the default. */
export interface EdubaseReadings {
    /**
     * A write with explicit permission levels for a member who belongs to a department: `clear` the
     * department and apply the levels, or `keep` the department and its levels (the write changes nothing).
     */
    readonly explicitLevelsOnDepartment: "clear" | "keep";
    /**
     * A list write (`users` / `organizations` comma lists) naming a code that does not exist: `refuse`
     * the whole write (403, nothing applied), or `skip` the unknown code and write the rest (200).
     */
    readonly unknownCodeInList: "refuse" | "skip";
    /** Removing a user who is not a member: a 200 `noop`, or `refuse` the whole removal with a 403. */
    readonly removeNonMember: "noop" | "refuse";
    /**
     * The shape of list answers: `current` (`{members:[…]}` with `user` / `organization` keys and
     * `permission` as an object) or `legacy` (bare arrays, `code` keys, `permission` as a one-element list).
     */
    readonly listShape: "current" | "legacy";
}

export const defaultReadings: EdubaseReadings = {
    explicitLevelsOnDepartment: "clear",
    unknownCodeInList: "refuse",
    removeNonMember: "noop",
    listShape: "current",
};

export interface EdubaseEmulatorOptions {
    /** Readings of the undocumented behaviours; each defaults to `defaultReadings`. */
    readonly readings?: Partial<EdubaseReadings>;
    readonly app?: string;
    readonly secret?: string;
    /** Off unless given. */
    readonly rateLimit?: EdubaseRateLimit;
    /** The account that owns the API application (`GET /user:me`). */
    readonly owner?: {
        readonly user: string;
        readonly name: string;
        readonly email: string;
        readonly username: string;
    };
}

export interface SeedOrganization {
    readonly organization?: string;
    readonly name: string;
    readonly id?: string | null;
}
export interface SeedUser {
    readonly user?: string;
    readonly name: string;
    readonly email?: string;
    readonly username?: string;
    readonly exam?: boolean;
}

/** The EduBase module plus typed accessors for tests and the admin interface. */
export interface EdubaseApi extends ApiModule {
    readonly credentials: { readonly app: string; readonly secret: string };
    readonly readings: EdubaseReadings;
    seedOrganization(org: SeedOrganization): string;
    seedUser(user: SeedUser): string;
    seedDepartment(
        organization: string,
        department: string,
        levels: { permissionOrganization: PermissionOrganization; permissionContent: PermissionContent },
    ): void;
    /** Creates `n` users who are `member`/`none` members of `organization`; returns their codes. */
    seedMembers(organization: string, n: number): string[];
    organization(code: string): EmulatedOrganization | undefined;
    user(code: string): EmulatedUser | undefined;
    membership(organization: string, user: string): EmulatedMembership | undefined;
    /** Changes a membership behind the provider's back (drift). */
    setMembership(organization: string, user: string, membership: EmulatedMembership | undefined): void;
    /**
     * Takes the integration's access to an organization away (or gives it back), its memberships
     * untouched: every request naming it is then refused like an unknown code.
     */
    setAccess(organization: string, accessible: boolean): void;
    /** Deletes a user and their memberships, as an EduBase admin would (`DELETE /user`). */
    deleteUser(user: string): void;
    /** Every request that reached the module since the last `reset`/`clearRequests`, in order. */
    readonly requests: readonly EdubaseRequestRecord[];
    /** Requests matching the method and path (`"GET"`, `"/organization:members"`); all when omitted. */
    count(method?: string, path?: string): number;
    clearRequests(): void;
    /** Memberships for which EduBase sent a notification (`notify: true` on a write). */
    readonly notifications: readonly { readonly organization: string; readonly user: string }[];
    setRateLimit(limit: EdubaseRateLimit | undefined): void;
}

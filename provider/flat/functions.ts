/**
 * Flat data functions: reads of the organization that run in the program process, in the two
 * forms @pulumi/* packages offer: `getX(args, opts)` returns a Promise of plain values, and
 * `getXOutput(args, opts)` takes Inputs and returns an Output that is secret whenever the result
 * holds a secret (LTI consumer secrets, dynamic-registration tokens and URLs, invitation join
 * codes). The plain forms return those secrets as plain strings: wrap them with `pulumi.secret`
 * before exporting them.
 *
 * Credentials: the explicit `flat.Provider` passed as `{ provider }`, else stack config
 * (`flat:accessToken`, `flat:baseUrl`), else the environment (`FLAT_ACCESS_TOKEN`,
 * `FLAT_BASE_URL`). With an explicit provider the plain forms need its settings known, which they
 * are unless the token itself comes from a resource created in the same run.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigSource } from "../core/config";
import { FlatClient, FlatSettings, flatSettings } from "./client";
import type {
    ListOrganizationUsersParams,
    LtiConfiguration,
    LtiCredentials,
    OrganizationInvitation,
    OrganizationRole,
    OrganizationUserCountFilter,
    OrganizationUserFilter,
    UserDetails,
    UserDetailsAdmin,
} from "./models";
import type { Provider } from "./provider";

/** Every filter of `listOrganizationUsers`, its sort order and `onlyIds`. */
export interface GetOrganizationUsersArgs extends OrganizationUserFilter {
    sort?: ListOrganizationUsersParams["sort"];
    direction?: ListOrganizationUsersParams["direction"];
    /** Ask Flat for the ids only (a smaller answer): `users` is then empty and `ids` filled. */
    onlyIds?: boolean;
}

export interface GetOrganizationUsersResult {
    /** The matching users, every page (empty with `onlyIds`). */
    readonly users: UserDetailsAdmin[];
    /** Their ids, in the same order. */
    readonly ids: string[];
}

/** The filters of `countOrgaUsers`: those of the list but `licenseExpirationDate`, which the count lacks. */
export type CountOrganizationUsersArgs = OrganizationUserCountFilter;

export interface GetOrganizationInvitationsArgs {
    /** Only invitations for this role (the spec's filter values). */
    role?: Extract<OrganizationRole, "user" | "teacher" | "admin">;
}

export interface GetOrganizationInvitationsResult {
    /** Every page; `customCode` and `htmlUrl` let anyone join, so the Output form is secret. */
    readonly invitations: OrganizationInvitation[];
}

export interface GetLtiCredentialsResult {
    /** LTI 1.1 credentials (deprecated endpoint); the Output form is secret when a `consumerSecret` is listed. */
    readonly credentials: LtiCredentials[];
}

export interface GetLtiConfigurationsResult {
    /**
     * Every LTI 1.1 and 1.3 configuration; the Output form is secret when one lists a
     * `consumerSecret`, `registrationToken` or `registrationUrl`.
     */
    readonly configurations: LtiConfiguration[];
}

/** Options of every function: `provider` must be a `flat.Provider`. */
export type FlatInvokeOptions = pulumi.InvokeOptions;

/** Each Output-form argument may be an Input. */
export type OutputArgs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/**
 * Users of the organization, every page (1,000 per request), filtered by `role`, `q`, `group`,
 * `noActiveLicense`, `testAccounts` and `licenseExpirationDate`.
 *
 * ```ts
 * const teachers = await flat.getOrganizationUsers({ role: ["teacher"], testAccounts: "exclude" });
 * ```
 */
export async function getOrganizationUsers(
    args: GetOrganizationUsersArgs = {},
    opts?: FlatInvokeOptions,
): Promise<GetOrganizationUsersResult> {
    const client = await clientFor(opts);
    const listed: unknown[] = await client.listOrganizationUsers(args);
    // `onlyIds` has no documented answer shape: accept bare ids as well as user objects.
    const ids = listed
        .map((u) => (typeof u === "string" ? u : (u as { id?: string })?.id))
        .filter((id): id is string => typeof id === "string");
    return { users: args.onlyIds ? [] : (listed as UserDetailsAdmin[]), ids };
}

/** The Output form of `getOrganizationUsers`. */
export function getOrganizationUsersOutput(
    args: OutputArgs<GetOrganizationUsersArgs> = {},
    opts?: FlatInvokeOptions,
): pulumi.Output<GetOrganizationUsersResult> {
    return invokeOutput(args, (a) => getOrganizationUsers(a, opts));
}

/**
 * How many users match the filters (the API answers a bare integer), in one request.
 *
 * ```ts
 * const unlicensed = await flat.countOrganizationUsers({ role: ["user"], noActiveLicense: true });
 * ```
 */
export async function countOrganizationUsers(
    args: CountOrganizationUsersArgs = {},
    opts?: FlatInvokeOptions,
): Promise<number> {
    return (await clientFor(opts)).countOrganizationUsers(args);
}

/** The Output form of `countOrganizationUsers`. */
export function countOrganizationUsersOutput(
    args: OutputArgs<CountOrganizationUsersArgs> = {},
    opts?: FlatInvokeOptions,
): pulumi.Output<number> {
    return invokeOutput(args, (a) => countOrganizationUsers(a, opts));
}

/**
 * Pending and used invitations of the organization, every page, optionally for one role.
 *
 * ```ts
 * const { invitations } = await flat.getOrganizationInvitations({ role: "teacher" });
 * ```
 */
export async function getOrganizationInvitations(
    args: GetOrganizationInvitationsArgs = {},
    opts?: FlatInvokeOptions,
): Promise<GetOrganizationInvitationsResult> {
    return { invitations: await (await clientFor(opts)).listOrganizationInvitations(args) };
}

/** The Output form of `getOrganizationInvitations`; secret when an invitation carries a join code or URL. */
export function getOrganizationInvitationsOutput(
    args: OutputArgs<GetOrganizationInvitationsArgs> = {},
    opts?: FlatInvokeOptions,
): pulumi.Output<GetOrganizationInvitationsResult> {
    return invokeOutput(
        args,
        (a) => getOrganizationInvitations(a, opts),
        (r) => r.invitations.some((i) => !!i.customCode || !!i.htmlUrl),
    );
}

/**
 * The organization's LTI 1.1 credentials (`listLtiCredentials`, deprecated since API 2.22 in
 * favour of `getLtiConfigurations`).
 */
export async function getLtiCredentials(opts?: FlatInvokeOptions): Promise<GetLtiCredentialsResult> {
    return { credentials: await (await clientFor(opts)).listLtiCredentials() };
}

/** The Output form of `getLtiCredentials`; secret when a consumer secret is listed. */
export function getLtiCredentialsOutput(opts?: FlatInvokeOptions): pulumi.Output<GetLtiCredentialsResult> {
    return invokeOutput(
        {},
        () => getLtiCredentials(opts),
        (r) => r.credentials.some((c) => !!c.consumerSecret),
    );
}

/**
 * Every LTI configuration of the organization, 1.1 and 1.3 (`listLtiConfigurations`).
 *
 * ```ts
 * const { configurations } = await flat.getLtiConfigurations();
 * const incomplete = configurations.filter((c) => c.status === "incomplete-setup").map((c) => c.id);
 * ```
 */
export async function getLtiConfigurations(opts?: FlatInvokeOptions): Promise<GetLtiConfigurationsResult> {
    return { configurations: await (await clientFor(opts)).listLtiConfigurations() };
}

/** The Output form of `getLtiConfigurations`; secret when a configuration lists a secret. */
export function getLtiConfigurationsOutput(opts?: FlatInvokeOptions): pulumi.Output<GetLtiConfigurationsResult> {
    return invokeOutput(
        {},
        () => getLtiConfigurations(opts),
        (r) =>
            r.configurations.some((c) =>
                c.ltiVersion === "1p1" ? !!c.consumerSecret : !!c.registrationToken || !!c.registrationUrl,
            ),
    );
}

/**
 * The account the token acts for (`GET /me`): its `organization` and `organizationRole` tell which
 * organization a program manages, and whether the token can manage it (`admin`).
 */
export async function getCurrentUser(opts?: FlatInvokeOptions): Promise<UserDetails> {
    return (await clientFor(opts)).getAuthenticatedUser();
}

/** The Output form of `getCurrentUser`. */
export function getCurrentUserOutput(opts?: FlatInvokeOptions): pulumi.Output<UserDetails> {
    return invokeOutput({}, () => getCurrentUser(opts));
}

/** Resolves the arguments, calls `call`, and marks the result secret when `isSecret` says so. */
function invokeOutput<A extends object, R>(
    args: A,
    call: (args: pulumi.Unwrap<A>) => Promise<R>,
    isSecret: (r: R) => boolean = () => false,
): pulumi.Output<R> {
    return pulumi.output(args).apply(async (a) => {
        const result = await call(a);
        return isSecret(result) ? pulumi.secret(result) : pulumi.output(result);
    }) as pulumi.Output<R>;
}

async function clientFor(opts: FlatInvokeOptions | undefined): Promise<FlatClient> {
    return new FlatClient(await settingsFor(opts));
}

/** The explicit provider's settings, else the program's stack config, each falling back to the environment. */
async function settingsFor(opts: FlatInvokeOptions | undefined): Promise<FlatSettings> {
    const provider = opts?.provider as Partial<Provider> | undefined;
    if (!provider) return flatSettings((key) => pulumi.runtime.getConfig(key));
    if (!provider.settings) throw new Error("The provider option of a Flat function must be a flat.Provider");
    // unsecret: the token is secret, but the results must not all become secrets because of it.
    const s = await new Promise<{ accessToken: string; baseUrl?: string }>((resolve) =>
        pulumi.unsecret(provider.settings!).apply(resolve),
    );
    const source: ConfigSource = (key) =>
        key === "flat:accessToken" ? s.accessToken : key === "flat:baseUrl" ? s.baseUrl : undefined;
    return flatSettings(source);
}

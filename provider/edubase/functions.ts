/**
 * EduBase data sources. The dynamic-provider host implements no Invoke, so these run in the program
 * process: they read `edubase:app` / `edubase:secret` / `edubase:apiUrl` with `pulumi.Config` (then
 * the environment), or the settings of an explicit `edubase.Provider` passed in the invoke options.
 * Each has a plain Promise form and an `…Output` form taking Inputs, like the `@pulumi/*` packages.
 */
import * as pulumi from "@pulumi/pulumi";
import { EdubaseClient, edubaseSettings, isRefused, Member, Organization, UserOrganization } from "./client";
import { Provider } from "./provider";

export interface GetOrganizationsArgs {
    /** Filter by name (or code); every organization the application's owner owns or manages when omitted. */
    search?: string;
}
export interface GetOrganizationsResult {
    readonly search?: string;
    readonly organizations: Organization[];
}

export interface GetOrganizationArgs {
    organization: string;
}
export type GetOrganizationResult = Organization;

export interface GetOrganizationMembersArgs {
    organization: string;
}
export interface GetOrganizationMembersResult {
    readonly organization: string;
    readonly members: Member[];
}

export interface GetUserOrganizationsArgs {
    user: string;
}
export interface GetUserOrganizationsResult {
    readonly user: string;
    readonly organizations: UserOrganization[];
}

export interface FindUserArgs {
    /** An email address, a username or a user code. */
    query: string;
}
export interface FindUserResult {
    readonly query: string;
    /** The user's identification string, for `user` inputs. */
    readonly user: string;
    /** True for exam-only (generated) accounts. */
    readonly exam: boolean;
}

/** Inputs forms of the argument types, for the `…Output` functions. */
export type OutputArgs<T> = { [K in keyof T]: pulumi.Input<T[K]> };

/** Every organization (all pages) the application's owner owns or manages, optionally filtered. */
export async function getOrganizations(
    args: GetOrganizationsArgs = {},
    opts?: pulumi.InvokeOptions,
): Promise<GetOrganizationsResult> {
    const organizations = await (await clientFor(opts)).allOrganizations(args.search);
    return { search: args.search, organizations };
}

/** One organization by code; fails when it does not exist or the application cannot manage it. */
export async function getOrganization(
    args: GetOrganizationArgs,
    opts?: pulumi.InvokeOptions,
): Promise<GetOrganizationResult> {
    const found = await (await clientFor(opts)).getOrganization(args.organization);
    if (!found)
        throw new Error(
            `edubase.getOrganization: organization ${JSON.stringify(args.organization)} does not exist or this ` +
                `EduBase application cannot manage it`,
        );
    return found;
}

/** Every member of an organization, with department and permission levels. */
export async function getOrganizationMembers(
    args: GetOrganizationMembersArgs,
    opts?: pulumi.InvokeOptions,
): Promise<GetOrganizationMembersResult> {
    const client = await clientFor(opts);
    const members = await client.organizationMembers(args.organization).catch((err) => {
        if (!isRefused(err)) throw err;
        throw new Error(
            `edubase.getOrganizationMembers: organization ${JSON.stringify(args.organization)} does not exist or ` +
                `this EduBase application cannot manage it: ${err.message}`,
            { cause: err },
        );
    });
    return { organization: args.organization, members };
}

/** Every organization a user belongs to, with department and permission levels. */
export async function getUserOrganizations(
    args: GetUserOrganizationsArgs,
    opts?: pulumi.InvokeOptions,
): Promise<GetUserOrganizationsResult> {
    const client = await clientFor(opts);
    const organizations = await client.listUserOrganizations(args.user).catch((err) => {
        if (!isRefused(err)) throw err;
        throw new Error(
            `edubase.getUserOrganizations: user ${JSON.stringify(args.user)} does not exist or this EduBase ` +
                `application cannot see it: ${err.message}`,
            { cause: err },
        );
    });
    return { user: args.user, organizations };
}

/** A user's code by email, username or code (`GET /user:search`); fails when nobody matches. */
export async function findUser(args: FindUserArgs, opts?: pulumi.InvokeOptions): Promise<FindUserResult> {
    const found = await (await clientFor(opts)).searchUser(args.query);
    if (!found) throw new Error(`edubase.findUser: no EduBase user matches ${JSON.stringify(args.query)}`);
    return { query: args.query, ...found };
}

export function getOrganizationsOutput(
    args: OutputArgs<GetOrganizationsArgs> = {},
    opts?: pulumi.InvokeOptions,
): pulumi.Output<GetOrganizationsResult> {
    return pulumi.output(args).apply((a) => getOrganizations(a as GetOrganizationsArgs, opts));
}
export function getOrganizationOutput(
    args: OutputArgs<GetOrganizationArgs>,
    opts?: pulumi.InvokeOptions,
): pulumi.Output<GetOrganizationResult> {
    return pulumi.output(args).apply((a) => getOrganization(a, opts));
}
export function getOrganizationMembersOutput(
    args: OutputArgs<GetOrganizationMembersArgs>,
    opts?: pulumi.InvokeOptions,
): pulumi.Output<GetOrganizationMembersResult> {
    return pulumi.output(args).apply((a) => getOrganizationMembers(a, opts));
}
export function getUserOrganizationsOutput(
    args: OutputArgs<GetUserOrganizationsArgs>,
    opts?: pulumi.InvokeOptions,
): pulumi.Output<GetUserOrganizationsResult> {
    return pulumi.output(args).apply((a) => getUserOrganizations(a, opts));
}
export function findUserOutput(
    args: OutputArgs<FindUserArgs>,
    opts?: pulumi.InvokeOptions,
): pulumi.Output<FindUserResult> {
    return pulumi.output(args).apply((a) => findUser(a, opts));
}

/** A client for the explicit provider's settings, or else the stack's `edubase:*` config and the environment. */
async function clientFor(opts?: pulumi.InvokeOptions): Promise<EdubaseClient> {
    if (opts?.provider instanceof Provider) {
        const s = await settled(opts.provider.settings);
        const values: Record<string, string | undefined> = {
            "edubase:app": s.app,
            "edubase:secret": s.secret,
            "edubase:apiUrl": s.apiUrl,
        };
        return new EdubaseClient(edubaseSettings((key) => values[key]));
    }
    const cfg = new pulumi.Config("edubase");
    return new EdubaseClient(edubaseSettings((key) => cfg.get(key.replace(/^edubase:/, ""))));
}

/** The value of a known Output (provider settings are plain strings or secrets, known at preview too). */
function settled<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => resolve(v)));
}

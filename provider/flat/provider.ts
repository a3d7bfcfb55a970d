/**
 * `flat.Provider`: explicit credentials for one Flat organization, for programs that manage
 * several. Pass it as the `provider` resource option (and to functions). Its inputs become the
 * `Configure` args of the provider process that serves its resources, under the same keys as
 * stack config; the engine runs one such process per provider.
 */
import * as pulumi from "@pulumi/pulumi";

export interface ProviderArgs {
    /** A Flat personal access token of an organization admin with the `edu.admin` scopes (secret). */
    accessToken: pulumi.Input<string>;
    /** API base URL; defaults to https://api.flat.io/v2. */
    baseUrl?: pulumi.Input<string>;
    /**
     * Accounts one run may take out of this organization (delete or convertToIndividual); past it a
     * removal fails before any request. Default: stack config `flat:maxUserRemovals`, then the
     * `FLAT_MAX_USER_REMOVALS` environment variable, then 10.
     */
    maxUserRemovals?: pulumi.Input<number>;
}

export class Provider extends pulumi.ProviderResource {
    /** The resolved settings, for functions that run in the program process. */
    readonly settings: pulumi.Output<{ accessToken: string; baseUrl?: string }>;

    constructor(name: string, args: ProviderArgs, opts?: pulumi.ResourceOptions) {
        const accessToken = pulumi.secret(args.accessToken);
        const inputs = {
            "flat:accessToken": accessToken,
            "flat:baseUrl": args.baseUrl,
            "flat:maxUserRemovals": args.maxUserRemovals,
        };
        super("pulumi-nodejs", name, inputs, opts);
        this.settings = pulumi.secret(pulumi.output({ accessToken, baseUrl: args.baseUrl }));
    }
}

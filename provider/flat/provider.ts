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
}

export class Provider extends pulumi.ProviderResource {
    /** The resolved settings, for functions that run in the program process. */
    readonly settings: pulumi.Output<{ accessToken: string; baseUrl?: string }>;

    constructor(name: string, args: ProviderArgs, opts?: pulumi.ResourceOptions) {
        const accessToken = pulumi.secret(args.accessToken);
        super("pulumi-nodejs", name, { "flat:accessToken": accessToken, "flat:baseUrl": args.baseUrl }, opts);
        this.settings = pulumi.secret(pulumi.output({ accessToken, baseUrl: args.baseUrl }));
    }
}

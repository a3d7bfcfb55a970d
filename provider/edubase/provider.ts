/**
 * `edubase.Provider`: explicit credentials for one EduBase API application, for programs that use
 * several (or other instances than www.edubase.net). Pass it as the `provider` resource option and
 * in functions' invoke options. Its inputs become the `Configure` args of the provider process that
 * serves its resources, under the same keys as stack config; the engine runs one such process per
 * provider.
 */
import * as pulumi from "@pulumi/pulumi";

export interface ProviderArgs {
    /** The integration's App ID (EduBase UI → Dashboard → Integrations). */
    app: pulumi.Input<string>;
    /** The integration's secret; always stored as a secret. */
    secret: pulumi.Input<string>;
    /** API URL of the instance; defaults to https://www.edubase.net/api. */
    apiUrl?: pulumi.Input<string>;
    /**
     * (organization, user) pairs one run may remove through this provider; past it a removal fails
     * before any request. Default: stack config `edubase:maxMembershipRemovals`, then the
     * `EDUBASE_MAX_MEMBERSHIP_REMOVALS` environment variable, then 25.
     */
    maxMembershipRemovals?: pulumi.Input<number>;
}

export class Provider extends pulumi.ProviderResource {
    /** The resolved settings, for functions that run in the program process. */
    readonly settings: pulumi.Output<{ app: string; secret: string; apiUrl?: string }>;

    constructor(name: string, args: ProviderArgs, opts?: pulumi.ResourceOptions) {
        const secret = pulumi.secret(args.secret);
        super(
            "pulumi-nodejs",
            name,
            {
                "edubase:app": args.app,
                "edubase:secret": secret,
                "edubase:apiUrl": args.apiUrl,
                "edubase:maxMembershipRemovals": args.maxMembershipRemovals,
            },
            opts,
        );
        this.settings = pulumi.secret(pulumi.output({ app: args.app, secret, apiUrl: args.apiUrl }));
    }
}

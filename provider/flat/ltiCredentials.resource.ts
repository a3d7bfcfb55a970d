/**
 * The `LtiCredentials` resource class, what programs construct. Its provider module,
 * `./ltiCredentials.provider`, is imported at the top; that module takes its handlers from `./ltiCredentials`,
 * which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { withSecretOutputs } from "../core/resource";
import { LmsName } from "./models";
import { LtiCredentialsArgs } from "./ltiCredentials";
import provider = require("./ltiCredentials.provider");

export class LtiCredentials extends pulumi.dynamic.Resource {
    declare readonly name: pulumi.Output<string>;
    declare readonly lms: pulumi.Output<LmsName>;
    declare readonly consumerKey: pulumi.Output<string>;
    declare readonly consumerSecret: pulumi.Output<string>;
    declare readonly creator: pulumi.Output<string | undefined>;
    declare readonly creationDate: pulumi.Output<string | undefined>;
    declare readonly organization: pulumi.Output<string | undefined>;

    constructor(name: string, args: LtiCredentialsArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            consumerKey: undefined,
            consumerSecret: undefined,
            creator: undefined,
            creationDate: undefined,
            organization: undefined,
            ...args,
        };
        super(provider, name, props, withSecretOutputs(opts, ["consumerSecret"]), "flat", "LtiCredentials");
    }

    /** Reads existing credentials by id; their secret is only known where Flat's list returns it. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): LtiCredentials {
        return new LtiCredentials(name, {} as LtiCredentialsArgs, { ...opts, id });
    }
}

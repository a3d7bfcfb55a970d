/**
 * The `LtiCredentials` resource class, what programs construct. Its provider module,
 * `./ltiCredentials.provider`, is imported at the top; that module takes its handlers from `./ltiCredentials`,
 * which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceClass } from "../core/fields";
import { fields, LtiCredentialsArgs } from "./ltiCredentials";
import provider = require("./ltiCredentials.provider");

export class LtiCredentials extends resourceClass(fields, provider, "flat", "LtiCredentials") {
    /** Reads existing credentials by id; their secret is only known where Flat's list returns it. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): LtiCredentials {
        return new LtiCredentials(name, {} as LtiCredentialsArgs, { ...opts, id });
    }
}

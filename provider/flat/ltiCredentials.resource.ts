/**
 * The `LtiCredentials` resource class, what programs construct. Its provider module,
 * `./ltiCredentials.provider`, is imported at the top; that module takes its handlers from `./ltiCredentials`,
 * which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResourceClass, resourceClass } from "../core/fields";
import { fields, LtiCredentialsArgs } from "./ltiCredentials";
import provider = require("./ltiCredentials.provider");

// Typed by name so that the published declarations keep each field's documentation.
const Base: ResourceClass<typeof fields> = resourceClass(fields, provider, "flat", "LtiCredentials");

export class LtiCredentials extends Base {
    /** Reads existing credentials by id; their secret is only known where Flat's list returns it. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): LtiCredentials {
        return new LtiCredentials(name, {} as LtiCredentialsArgs, { ...opts, id });
    }
}

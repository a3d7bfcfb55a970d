/**
 * The `LtiConfiguration` resource class, what programs construct. Its provider module,
 * `./ltiConfiguration.provider`, is imported at the top; that module takes its handlers from
 * `./ltiConfiguration`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceClass } from "../core/fields";
import { fields, LtiConfigurationArgs } from "./ltiConfiguration";
import provider = require("./ltiConfiguration.provider");

export class LtiConfiguration extends resourceClass(fields, provider, "flat", "LtiConfiguration") {
    /** Reads an existing configuration by id; its secrets are known only where Flat's list returns them. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): LtiConfiguration {
        return new LtiConfiguration(name, {} as LtiConfigurationArgs, { ...opts, id });
    }
}

/**
 * The `LtiConfiguration` resource class, what programs construct. Its provider module,
 * `./ltiConfiguration.provider`, is imported at the top; that module takes its handlers from
 * `./ltiConfiguration`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResourceClass, resourceClass } from "../core/fields";
import { fields, LtiConfigurationArgs } from "./ltiConfiguration";
import provider = require("./ltiConfiguration.provider");

// Typed by name so that the published declarations keep each field's documentation.
const Base: ResourceClass<typeof fields> = resourceClass(fields, provider, "flat", "LtiConfiguration");

export class LtiConfiguration extends Base {
    /** Reads an existing configuration by id; its secrets are known only where Flat's list returns them. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): LtiConfiguration {
        return new LtiConfiguration(name, {} as LtiConfigurationArgs, { ...opts, id });
    }
}

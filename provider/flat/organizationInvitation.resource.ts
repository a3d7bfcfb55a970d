/**
 * The `OrganizationInvitation` resource class, what programs construct. Its provider module,
 * `./organizationInvitation.provider`, is imported at the top; that module takes its handlers from
 * `./organizationInvitation`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResourceClass, resourceClass } from "../core/fields";
import { fields, OrganizationInvitationArgs } from "./organizationInvitation";
import provider = require("./organizationInvitation.provider");

// Typed by name so that the published declarations keep each field's documentation.
const Base: ResourceClass<typeof fields> = resourceClass(fields, provider, "flat", "OrganizationInvitation");

export class OrganizationInvitation extends Base {
    /** Reads an existing invitation by its id. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): OrganizationInvitation {
        return new OrganizationInvitation(name, {} as OrganizationInvitationArgs, { ...opts, id });
    }
}

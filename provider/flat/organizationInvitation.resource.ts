/**
 * The `OrganizationInvitation` resource class, what programs construct. Its provider module,
 * `./organizationInvitation.provider`, is imported at the top; that module takes its handlers from
 * `./organizationInvitation`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceClass } from "../core/fields";
import { fields, OrganizationInvitationArgs } from "./organizationInvitation";
import provider = require("./organizationInvitation.provider");

export class OrganizationInvitation extends resourceClass(fields, provider, "flat", "OrganizationInvitation") {
    /** Reads an existing invitation by its id. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): OrganizationInvitation {
        return new OrganizationInvitation(name, {} as OrganizationInvitationArgs, { ...opts, id });
    }
}

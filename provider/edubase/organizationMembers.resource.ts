/**
 * The `OrganizationMembers` resource class, what programs construct. Its provider module,
 * `./organizationMembers.provider`, is imported at the top; that module takes its handlers from
 * `./organizationMembers`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResourceClass, resourceClass } from "../core/fields";
import { fields, OrganizationMembersArgs } from "./organizationMembers";
import provider = require("./organizationMembers.provider");

// Typed by name so that the published declarations keep each field's documentation.
const Base: ResourceClass<typeof fields> = resourceClass(fields, provider, "edubase", "OrganizationMembers");

export class OrganizationMembers extends Base {
    /**
     * Reads an existing set into the program. The id is the provider's own (`members-…`), so the
     * organizations, users and settings to compare against come in `state`.
     */
    static get(
        name: string,
        id: pulumi.Input<string>,
        state: OrganizationMembersArgs,
        opts?: pulumi.CustomResourceOptions,
    ): OrganizationMembers {
        return new OrganizationMembers(name, state, { ...opts, id });
    }
}

/**
 * The `OrganizationMembers` resource class, what programs construct. Its provider module,
 * `./organizationMembers.provider`, is imported at the top; that module takes its handlers from
 * `./organizationMembers`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceClass } from "../core/fields";
import { fields, OrganizationMembersArgs } from "./organizationMembers";
import provider = require("./organizationMembers.provider");

export class OrganizationMembers extends resourceClass(fields, provider, "edubase", "OrganizationMembers") {
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

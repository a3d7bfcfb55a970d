/**
 * The `OrganizationMembers` resource class, what programs construct. Its provider module,
 * `./organizationMembers.provider`, is imported at the top; that module takes its handlers from
 * `./organizationMembers`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { PermissionContent, PermissionOrganization } from "./client";
import { OrganizationMembersArgs } from "./organizationMembers";
import provider = require("./organizationMembers.provider");

export class OrganizationMembers extends pulumi.dynamic.Resource {
    declare readonly organizations: pulumi.Output<string[]>;
    /** The listed users whose membership is as declared in every organization (after a refresh). */
    declare readonly users: pulumi.Output<string[]>;
    declare readonly department: pulumi.Output<string | undefined>;
    declare readonly permissionOrganization: pulumi.Output<PermissionOrganization | undefined>;
    declare readonly permissionContent: pulumi.Output<PermissionContent | undefined>;
    declare readonly notify: pulumi.Output<boolean | undefined>;
    /** Listed users EduBase did not take as declared at the last write (see README). */
    declare readonly notApplied: pulumi.Output<string[] | undefined>;

    constructor(name: string, args: OrganizationMembersArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            department: undefined,
            permissionOrganization: undefined,
            permissionContent: undefined,
            notify: undefined,
            notApplied: undefined,
            ...args,
        };
        super(provider, name, props, opts, "edubase", "OrganizationMembers");
    }

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

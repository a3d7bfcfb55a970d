/**
 * The `UserOrganizations` resource class, what programs construct. Its provider module,
 * `./userOrganizations.provider`, is imported at the top; that module takes its handlers from
 * `./userOrganizations`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { PermissionContent, PermissionOrganization } from "./client";
import { UserOrganizationsArgs } from "./userOrganizations";
import provider = require("./userOrganizations.provider");

export class UserOrganizations extends pulumi.dynamic.Resource {
    declare readonly user: pulumi.Output<string>;
    /** The listed organizations in which the membership is as declared (after a refresh). */
    declare readonly organizations: pulumi.Output<string[]>;
    declare readonly department: pulumi.Output<string | undefined>;
    declare readonly permissionOrganization: pulumi.Output<PermissionOrganization | undefined>;
    declare readonly permissionContent: pulumi.Output<PermissionContent | undefined>;
    declare readonly notify: pulumi.Output<boolean | undefined>;
    /** Listed organizations EduBase did not take as declared at the last write (see README). */
    declare readonly notApplied: pulumi.Output<string[] | undefined>;

    constructor(name: string, args: UserOrganizationsArgs, opts?: pulumi.CustomResourceOptions) {
        const props = {
            department: undefined,
            permissionOrganization: undefined,
            permissionContent: undefined,
            notify: undefined,
            notApplied: undefined,
            ...args,
        };
        super(provider, name, props, opts, "edubase", "UserOrganizations");
    }

    /** Reads a user's organizations (id: the user's code) into the program; `state` narrows it to the listed organizations. */
    static get(
        name: string,
        id: pulumi.Input<string>,
        state?: UserOrganizationsArgs,
        opts?: pulumi.CustomResourceOptions,
    ): UserOrganizations {
        return new UserOrganizations(name, state ?? ({} as UserOrganizationsArgs), { ...opts, id });
    }
}

/**
 * The `UserOrganizations` resource class, what programs construct. Its provider module,
 * `./userOrganizations.provider`, is imported at the top; that module takes its handlers from
 * `./userOrganizations`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceClass } from "../core/fields";
import { fields, UserOrganizationsArgs } from "./userOrganizations";
import provider = require("./userOrganizations.provider");

export class UserOrganizations extends resourceClass(fields, provider, "edubase", "UserOrganizations") {
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

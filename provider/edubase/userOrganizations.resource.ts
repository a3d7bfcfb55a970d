/**
 * The `UserOrganizations` resource class, what programs construct. Its provider module,
 * `./userOrganizations.provider`, is imported at the top; that module takes its handlers from
 * `./userOrganizations`, which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResourceClass, resourceClass } from "../core/fields";
import { fields, UserOrganizationsArgs } from "./userOrganizations";
import provider = require("./userOrganizations.provider");

// Typed by name so that the published declarations keep each field's documentation.
const Base: ResourceClass<typeof fields> = resourceClass(fields, provider, "edubase", "UserOrganizations");

export class UserOrganizations extends Base {
    /**
     * Reads a user's organizations (id: the user's code) into the program; `state` narrows it to the listed
     * organizations.
     */
    static get(
        name: string,
        id: pulumi.Input<string>,
        state?: UserOrganizationsArgs,
        opts?: pulumi.CustomResourceOptions,
    ): UserOrganizations {
        return new UserOrganizations(name, state ?? ({} as UserOrganizationsArgs), { ...opts, id });
    }
}

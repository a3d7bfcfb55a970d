/**
 * The `OrganizationUser` resource class, what programs construct. Its provider module,
 * `./organizationUser.provider`, is imported at the top; that module takes its handlers from `./organizationUser`,
 * which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { ResourceClass, resourceClass } from "../core/fields";
import { fields, OrganizationUserArgs } from "./organizationUser";
import provider = require("./organizationUser.provider");

// Typed by name so that the published declarations keep each field's documentation.
const Base: ResourceClass<typeof fields> = resourceClass(fields, provider, "flat", "OrganizationUser");

export class OrganizationUser extends Base {
    /** Reads an existing user (by its Flat user id) into the program without managing its lifecycle. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): OrganizationUser {
        return new OrganizationUser(name, {} as OrganizationUserArgs, { ...opts, id });
    }
}

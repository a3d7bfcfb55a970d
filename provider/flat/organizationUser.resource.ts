/**
 * The `OrganizationUser` resource class, what programs construct. Its provider module,
 * `./organizationUser.provider`, is imported at the top; that module takes its handlers from `./organizationUser`,
 * which never imports this file, so no require cycle exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { resourceClass } from "../core/fields";
import { fields, OrganizationUserArgs } from "./organizationUser";
import provider = require("./organizationUser.provider");

export class OrganizationUser extends resourceClass(fields, provider, "flat", "OrganizationUser") {
    /** Reads an existing user (by its Flat user id) into the program without managing its lifecycle. */
    static get(name: string, id: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): OrganizationUser {
        return new OrganizationUser(name, {} as OrganizationUserArgs, { ...opts, id });
    }
}

/**
 * The `UserSigninLink` resource class, what programs construct. Its provider module,
 * `./userSigninLink.provider`, is imported at the top; that module takes its handlers from `./userSigninLink`,
 * which never imports this file, so no require cycle exists.
 */
import { ResourceClass, resourceClass } from "../core/fields";
import { fields } from "./userSigninLink";
import provider = require("./userSigninLink.provider");

// Typed by name so that the published declarations keep each field's documentation.
const Base: ResourceClass<typeof fields> = resourceClass(fields, provider, "flat", "UserSigninLink");

/**
 * No `get` static: Flat cannot look a link up, so there is nothing to read into a program that
 * did not create it.
 */
export class UserSigninLink extends Base {}

/**
 * The `UserAccessToken` resource class, what programs construct. Its provider module,
 * `./userAccessToken.provider`, is imported at the top; that module takes its handlers from `./userAccessToken`,
 * which never imports this file, so no require cycle exists.
 */
import { ResourceClass, resourceClass } from "../core/fields";
import { fields } from "./userAccessToken";
import provider = require("./userAccessToken.provider");

// Typed by name so that the published declarations keep each field's documentation.
const Base: ResourceClass<typeof fields> = resourceClass(fields, provider, "flat", "UserAccessToken");

/**
 * No `get` static: Flat cannot look a token up, so there is nothing to read into a program that
 * did not create it.
 */
export class UserAccessToken extends Base {}

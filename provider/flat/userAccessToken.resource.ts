/**
 * The `UserAccessToken` resource class, what programs construct. Its provider module,
 * `./userAccessToken.provider`, is imported at the top; that module takes its handlers from `./userAccessToken`,
 * which never imports this file, so no require cycle exists.
 */
import { resourceClass } from "../core/fields";
import { fields } from "./userAccessToken";
import provider = require("./userAccessToken.provider");

/**
 * No `get` static: Flat cannot look a token up, so there is nothing to read into a program that
 * did not create it.
 */
export class UserAccessToken extends resourceClass(fields, provider, "flat", "UserAccessToken") {}

/**
 * The `UserSigninLink` resource class, what programs construct. Its provider module,
 * `./userSigninLink.provider`, is imported at the top; that module takes its handlers from `./userSigninLink`,
 * which never imports this file, so no require cycle exists.
 */
import { resourceClass } from "../core/fields";
import { fields } from "./userSigninLink";
import provider = require("./userSigninLink.provider");

/**
 * No `get` static: Flat cannot look a link up, so there is nothing to read into a program that
 * did not create it.
 */
export class UserSigninLink extends resourceClass(fields, provider, "flat", "UserSigninLink") {}
